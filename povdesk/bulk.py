"""Bulk work: a village check, a roster import, the demo village, a sync bundle."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """For bulk work (a village check, a roster import, the demo village): it makes
    hundreds of thousands of small objects that form no cycles, and the cyclic
    collector's repeated passes over them cost more than the work itself. Usable as a
    decorator too.

    On the way out the objects made are moved straight to the oldest generation
    (freeze + unfreeze just relinks the lists): re-enabled as they were, the collector's
    next young pass would walk every one of them only to promote them anyway (a quarter
    of a village check). A cycle left as garbage waits for the next full collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
