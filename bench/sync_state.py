"""Per-household sync state (povdesk.sync.state) for a village of N households that has
exported to its county, had its receipt back and then edited a tenth of its households.
Baseline, measured in the same run: one plain sqlite3 grouped scan of the audit log
(`SELECT row_id, max(seq) ... GROUP BY row_id`), the least any answer from the audit log
costs. Target: <= 4x, i.e. cheap enough to compute once per list load."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from bench.core import TODAY, best_of
from exports.bundle import keys
from exports.bundle.importer import import_bundles
from exports.bundle.writer import export
from povdesk.codes import StoreRole
from povdesk.demo.generator import init_and_generate
from povdesk.store import Store
from povdesk.sync.state import household_sync_state

TARGET = 4.0


def run(tmp: Path, households: int) -> Iterator[str]:
    yield f"povdesk sync state bench: {households} households (ratio: povdesk / baseline)"
    db = tmp / "state-village.sqlite"
    village = Store(db, create=True)
    init_and_generate(village, households=households, seed=1, today=TODAY)
    county = Store(tmp / "state-county.sqlite", create=True)
    county.villages.init_store(StoreRole.COUNTY, "422823", "县")
    for me, other in ((village, county), (county, village)):
        keys.write_public(me, tmp / f"state-{me.store_id}.pvkey")
        keys.trust(other, tmp / f"state-{me.store_id}.pvkey")
    import_bundles(county, [export(village, tmp / "state-up.pvb").path])
    import_bundles(
        village, [export(county, tmp / "state-down.pvb", to=village.meta()["area_code"]).path]
    )
    for hid in sorted(village.households.ids())[::10]:
        village.households.update(hid, {"note": "bench edit"})

    states = household_sync_state(village)
    changed = sum(s.changed_since_last_export for s in states.values())
    t_state = best_of(3, lambda: household_sync_state(village))
    t_base = best_of(3, lambda: _grouped_scan(db))
    ratio = t_state / t_base
    verdict = "met" if ratio <= TARGET else "NOT met"
    yield (
        f"  {'household sync state':<34} {t_state:8.3f} s   baseline {t_base:7.3f} s   ratio "
        f"{ratio:6.2f}x  (sqlite3 grouped audit scan)  target <= {TARGET:g}x: {verdict}"
    )
    yield f"  ({len(states)} households, {changed} changed since the last export)"
    village.close()
    county.close()


def _grouped_scan(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT row_id, max(seq) FROM audit_log GROUP BY row_id").fetchall()
    finally:
        conn.close()
    return len(rows)
