"""The monitoring candidate scan (issue 16, domain.md §7) over a village of N households,
against the exit check over the same village, measured in the same run: the scan reads
the same kind of files, so it should cost no more than twice the check. Target ≤ 2x."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bench.core import TODAY, best_of
from povdesk.demo.generator import init_and_generate
from povdesk.store import Store

TARGET = 2.0


def run(tmp: Path, households: int) -> Iterator[str]:
    # bench.core's village when it ran first in this run (the same N, seed and day).
    db = tmp / "demo.sqlite"
    if db.exists():
        store = Store(db)
    else:
        store = Store(db, create=True)
        init_and_generate(store, households=households, seed=1, today=TODAY)
    try:
        ctx = store.config.context(today=TODAY)
        found = len(list(store.monitoring.candidates(ctx=ctx)))
        t_scan = best_of(3, lambda: list(store.monitoring.candidates(ctx=ctx)))
        t_check = best_of(3, lambda: store.checks.evaluate(ctx=ctx))
    finally:
        store.close()
    ratio = t_scan / t_check
    yield (
        f"  {'monitoring candidate scan':<34} {t_scan:8.3f} s   baseline {t_check:7.3f} s   "
        f"ratio {ratio:6.2f}x  (the exit check over the same {households} households; "
        f"{found} candidates)  target <= {TARGET:g}x: {'met' if ratio <= TARGET else 'NOT met'}"
    )
