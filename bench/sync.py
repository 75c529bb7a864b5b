"""Sync bundles for a village of N households (issue 5), each against a baseline measured
in the same run:

- export vs reading the same rows with plain sqlite3 and writing them as gzip'd JSON;
- import at the county vs a plain sqlite3 `executemany` of the same rows into the same
  tables;
- the bundle's size vs gzip of a plain JSON dump of the rows.
Targets: export <= 2x, import <= 3x, size <= 1.5x.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.core import TODAY, best_of, timed
from exports.bundle import keys
from exports.bundle.importer import import_bundles
from exports.bundle.writer import export
from povdesk.codes import StoreRole
from povdesk.demo.generator import init_and_generate
from povdesk.models import ENTITIES
from povdesk.store import Store

COUNTY = "422823"
CONFIG = ("poverty_line", "reference_income")  # the county's: a village does not send them


def run(tmp: Path, households: int) -> Iterator[str]:
    yield f"povdesk sync bench: {households} households (ratios: povdesk / baseline)"
    village = Store(tmp / "sync-village.sqlite", create=True)
    init_and_generate(village, households=households, seed=1, today=TODAY)
    county = Store(tmp / "sync-county.sqlite", create=True)
    county.villages.init_store(StoreRole.COUNTY, COUNTY, "县")
    for me, other in ((village, county), (county, village)):
        keys.write_public(me, tmp / f"{me.store_id}.pvkey")
        keys.trust(other, tmp / f"{me.store_id}.pvkey")
    keys.identity(village)  # keys made before timing

    bundle = tmp / "bundle.pvb"
    t_export, done = timed(lambda: export(village, bundle))
    rows = _read_rows(tmp / "sync-village.sqlite")
    plain_json = tmp / "plain.json.gz"
    t_plain = best_of(3, lambda: _plain_export(tmp / "sync-village.sqlite", plain_json))
    yield _line("export", t_export, t_plain, "sqlite3 read + gzip'd JSON", 2.0)

    t_import, reports = timed(lambda: import_bundles(county, [bundle]))
    created = sum(k["created"] for k in reports[0].kinds.values())
    t_many = best_of(3, lambda: _plain_import(tmp / "sync-village.sqlite", rows, tmp))
    yield _line(f"import ({created} rows)", t_import, t_many, "sqlite3 executemany", 3.0)

    size = done.size
    base = len(gzip.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8")))
    ratio = size / base
    verdict = "met" if ratio <= 1.5 else "NOT met"
    yield (
        f"  {'bundle size':<34} {size / 1e6:8.2f} MB  baseline {base / 1e6:7.2f} MB   ratio "
        f"{ratio:6.2f}x  (gzip of a plain JSON dump)  target <= 1.5x: {verdict}"
    )
    village.close()
    county.close()


def _line(name: str, t: float, base: float, what: str, target: float) -> str:
    ratio = t / base
    verdict = "met" if ratio <= target else "NOT met"
    return (
        f"  {name:<34} {t:8.3f} s   baseline {base:7.3f} s   ratio {ratio:6.2f}x  ({what})"
        f"  target <= {target:g}x: {verdict}"
    )


def _tables() -> list[str]:
    return [e for e in ENTITIES if e not in CONFIG]


def _read_rows(db: Path) -> dict[str, list[list[Any]]]:
    con = sqlite3.connect(db)
    out = {t: [list(r) for r in con.execute(f"SELECT * FROM {t}")] for t in _tables()}
    con.close()
    return out


def _plain_export(db: Path, out: Path) -> None:
    rows = _read_rows(db)
    out.write_bytes(gzip.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8")))


def _plain_import(src: Path, rows: dict[str, list[list[Any]]], tmp: Path) -> None:
    dst = tmp / "plain-import.sqlite"
    dst.unlink(missing_ok=True)
    source = sqlite3.connect(src)
    ddl = {
        t: source.execute("SELECT sql FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
        for t in _tables()
    }
    source.close()
    con = sqlite3.connect(dst, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("BEGIN")
    for t in _tables():
        con.execute(ddl[t])
        if rows[t]:
            marks = ",".join("?" * len(rows[t][0]))
            con.executemany(f"INSERT INTO {t} VALUES ({marks})", rows[t])
    con.execute("COMMIT")
    con.close()
