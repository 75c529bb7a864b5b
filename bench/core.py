"""Benchmarks of the core for a village of N households (issue: demo, check, roster).

- demo generation vs plain sqlite3 `executemany` of the same rows into the same tables;
- `check` (all rules over all households) vs plain sqlite3 reading the same rows, with
  the absolute time against the 2 s target;
- roster import vs csv parsing of the same file plus plain sqlite3 `executemany` of its
  rows; target within 3x.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from povdesk.codes import StoreRole
from povdesk.demo.generator import init_and_generate
from povdesk.models import ENTITIES
from povdesk.roster.export import write_roster_csv
from povdesk.roster.importer import import_roster
from povdesk.store import Store
from povdesk.store.tx import gc_paused

TODAY = dt.date(2026, 6, 30)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def best_of(n: int, fn: Callable[[], Any]) -> float:
    return min(timed(fn)[0] for _ in range(n))


def run(tmp: Path, households: int) -> Iterator[str]:
    yield f"povdesk bench: {households} households (ratios: povdesk time / baseline time)"
    db = tmp / "demo.sqlite"
    store = Store(db, create=True)
    t_demo, _ = timed(lambda: init_and_generate(store, households=households, seed=1, today=TODAY))
    t_base = best_of(3, lambda: _plain_copy(db, tmp / "plain.sqlite"))
    yield _line("demo generation", t_demo, t_base, "plain sqlite3 executemany of the same rows")

    ctx = store.config.context(today=TODAY)
    t_check = min(timed(lambda: store.checks.evaluate(ctx=ctx))[0] for _ in range(3))
    t_read = best_of(3, lambda: _plain_read(db))
    yield _line(
        "check (all rules)",
        t_check,
        t_read,
        "plain sqlite3 read of the same rows",
        target=f"target < 2 s: {'met' if t_check < 2 else 'NOT met'}",
    )
    # Where the time goes: loading the village's records vs running the rules on them
    # (measured as evaluate runs them, with the cyclic GC paused).
    with gc_paused():
        t_load = best_of(3, lambda: store.checks.load(ctx))
        files = store.checks.load(ctx)
        t_rules = best_of(3, lambda: [store.checks.check_file(f, ctx) for f in files])
    yield f"      of which loading {t_load:.3f} s, rules {t_rules:.3f} s"

    roster = tmp / "roster.csv"
    rows = write_roster_csv(store, roster)
    code = store.meta()["area_code"]
    store.close()
    fresh = Store(tmp / "import.sqlite", create=True)
    fresh.villages.init_store(StoreRole.VILLAGE, code, "导入村")
    t_import, _ = timed(lambda: import_roster(fresh, roster))
    fresh.close()
    t_plain = best_of(3, lambda: _csv_and_executemany(roster, tmp / "csv.sqlite"))
    ratio = t_import / t_plain
    yield _line(
        f"roster import ({rows} member rows)",
        t_import,
        t_plain,
        "csv parsing + plain sqlite3 executemany",
        target=f"target <= 3x: {'met' if ratio <= 3 else 'NOT met'}",
    )


def _line(name: str, t: float, base: float, what: str, target: str = "") -> str:
    text = f"  {name:<34} {t:8.3f} s   baseline {base:7.3f} s   ratio {t / base:6.2f}x  ({what})"
    return f"{text}  {target}" if target else text


def _tables() -> list[str]:
    return list(ENTITIES)


def _plain_copy(src: Path, dst: Path) -> None:
    """The same rows, written by sqlite3 alone into a database with the same tables."""
    dst.unlink(missing_ok=True)
    source = sqlite3.connect(src)
    target = sqlite3.connect(dst, isolation_level=None)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=FULL")
    target.execute("BEGIN")
    for name in _tables():
        (ddl,) = source.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        target.execute(ddl)
        rows = source.execute(f"SELECT * FROM {name}").fetchall()
        if rows:
            marks = ",".join("?" * len(rows[0]))
            target.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
    target.execute("COMMIT")
    source.close()
    target.close()


def _plain_read(db: Path) -> int:
    con = sqlite3.connect(db)
    n = 0
    for name in (
        "household",
        "member",
        "income",
        "assessment",
        "measure",
        "fund_entry",
        "pairing",
        "visit",
        "exit_override",
        "status_record",
        "cadre",
    ):
        n += len(con.execute(f"SELECT * FROM {name}").fetchall())
    con.close()
    return n


def _csv_and_executemany(roster: Path, dst: Path) -> None:
    dst.unlink(missing_ok=True)
    with roster.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    con = sqlite3.connect(dst, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    cols = ",".join(f'"{h}"' for h in header)
    con.execute(f"CREATE TABLE roster ({cols})")
    con.execute("BEGIN")
    con.executemany(f"INSERT INTO roster VALUES ({','.join('?' * len(header))})", rows)
    con.execute("COMMIT")
    con.close()
