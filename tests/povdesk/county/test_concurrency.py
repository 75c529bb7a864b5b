"""Two county workstations (two real processes) importing at the same moment, on SQLite
and on PostgreSQL: different villages both go in; the same bundle goes in once and the
other is told it was already imported; no duplicate, no lost row."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from povdesk.models import SyncBundle
from povdesk.store import Store
from povdesk.store.tx import table
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import VILLAGE_A, VILLAGE_B, full_snapshot

IMPORTER = Path(__file__).with_name("importer.py")
ROOT = Path(__file__).resolve().parents[3]


def run_together(store: Store, files: Path, *paths: list[Path]) -> list[Any]:
    procs = [
        subprocess.Popen(
            [sys.executable, str(IMPORTER), store.target, str(files), *map(str, p)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for p in paths
    ]
    for p in procs:  # both have opened the store before either imports
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "ready", p.stderr
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def ledger_rows(store: Store) -> list[tuple[str, int]]:
    b = SyncBundle.__table__  # type: ignore[attr-defined]
    with store.read() as conn:
        return sorted(conn.execute(select(b.c.direction, b.c.seq)).all())


def counts(store: Store) -> dict[str, int]:
    out = {}
    with store.read() as conn:
        for name in ("household", "member", "fund_entry"):
            out[name] = conn.execute(select(func.count()).select_from(table(name))).scalar_one()
    return out


def test_two_workstations_import_different_villages_at_once(county: County, tmp_path: Path) -> None:
    a = county.usb / f"{VILLAGE_A}-000001.pvb"
    b = county.usb / f"{VILLAGE_B}-000001.pvb"

    results = run_together(county.store, tmp_path / "county-files", [a], [b])

    assert results == [["imported"], ["imported"]]
    for code, v in county.villages.items():
        vid = county.store.villages.get(code).id
        assert sorted(county.store.households.ids(village_id=vid)) == sorted(v.households.ids())
    assert counts(county.store)["household"] == 40
    assert county.store.funds.total() == sum(v.funds.total() for v in county.villages.values())
    assert county.store.audit.verify() == []
    assert len(ledger_rows(county.store)) == 2


def test_two_workstations_import_the_same_bundle_at_once(county: County, tmp_path: Path) -> None:
    a = county.usb / f"{VILLAGE_A}-000001.pvb"

    results = run_together(county.store, tmp_path / "county-files", [a], [a])

    assert sorted(r[0] for r in results) == ["already", "imported"]
    assert ledger_rows(county.store) == [("in", 1)]
    assert counts(county.store)["household"] == 20
    assert county.store.funds.total() == county.villages[VILLAGE_A].funds.total()
    assert county.store.audit.verify() == []
    # and a third time, alone: nothing at all changes
    before = full_snapshot(county.store)
    assert run_together(county.store, tmp_path / "county-files", [a]) == [["already"]]
    assert full_snapshot(county.store) == before
