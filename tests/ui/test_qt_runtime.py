"""Guards against known-bad Qt bindings (see the PySide6 pin in pyproject.toml)."""

from __future__ import annotations

import sys


def test_process_events_keeps_none_alive(qapp) -> None:  # type: ignore[no-untyped-def]
    before = sys.getrefcount(None)
    for _ in range(2000):
        qapp.processEvents()
    # Python 3.11's None is an ordinary object: a binding that forgets to count its
    # reference to None aborts the whole program once the count reaches zero.
    assert sys.getrefcount(None) >= before - 50
