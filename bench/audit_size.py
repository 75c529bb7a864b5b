"""The audit log's share of a village store (issue 17, item 4): the N-household demo's
store size, the log's size (its table's and its indexes' pages) and the share, against
the target of at most 40%.

Sizes come from SQLite's `dbstat` virtual table when the sqlite3 library has it; else
from a VACUUM INTO copy of the store without the log (the difference is the log).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from povdesk.demo.generator import init_and_generate
from povdesk.store import Store

TODAY = dt.date(2026, 6, 30)
TARGET = 0.40


def sizes(db: Path, tmp: Path) -> tuple[int, int, str]:
    """(store bytes, audit log bytes, how measured) of a store after VACUUM (no free
    pages counted on either side)."""
    con = sqlite3.connect(db)
    try:
        con.execute("VACUUM")
        page = con.execute("PRAGMA page_size").fetchone()[0]
        total = con.execute("PRAGMA page_count").fetchone()[0] * page
        names = [
            n
            for (n,) in con.execute(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'audit_log' "
                "AND type IN ('table', 'index')"
            )
        ]
        try:
            marks = ",".join("?" * len(names))
            (log,) = con.execute(
                f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({marks})", names
            ).fetchone()
            # The primary key of audit_log is its rowid: no automatic index to add.
            return total, int(log or 0), "dbstat"
        except sqlite3.OperationalError:  # no dbstat in this sqlite3 library
            pass
    finally:
        con.close()
    copy = tmp / "without-log.sqlite"
    copy.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    try:
        con.execute("VACUUM INTO ?", (str(copy),))
    finally:
        con.close()
    con = sqlite3.connect(copy)
    try:
        con.execute("DROP TABLE audit_log")  # its triggers and indexes go with it
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    return total, total - copy.stat().st_size, "VACUUM INTO copy"


def run(tmp: Path, households: int) -> Iterator[str]:
    db = tmp / "audit-size.sqlite"
    store = Store(db, create=True)
    init_and_generate(store, households=households, seed=1, today=TODAY)
    entries = store.audit.count()
    store.close()
    total, log, how = sizes(db, tmp)
    share = log / total
    verdict = "met" if share <= TARGET else "NOT met"
    yield (
        f"  audit log size ({households} households)  store {total / 1e6:7.1f} MB, "
        f"audit log {log / 1e6:7.1f} MB ({entries} entries, {log / max(entries, 1):.0f} B each, "
        f"{how})  share {share:.1%}  target <= {TARGET:.0%}: {verdict}"
    )
