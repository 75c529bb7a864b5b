"""A bundle's records a batch at a time (issue 17): which are here already, and the new
ones checked and written column by column.

A village's first bundle brings tens of thousands of records the county has never seen.
Per record, the merge has nothing to do for them; what costs is checking and writing
each: so which ids exist is asked once per batch (one query per thousand ids, only
existing rows read whole), and the new records of a batch are checked together, a
column at a time, with exactly the checks the record-by-record path makes
(types.convert, Tx.check_codes, inputs.row_problems). When any value of the batch fails
them, nothing is decided here: the caller takes the record-by-record path, which names
the record and field as before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, bindparam, select

from povdesk.inputs import columns_clean
from povdesk.models import ENTITIES, Tombstone
from povdesk.services.base import fetch
from povdesk.store.tx import Tx, codes_clean, table
from povdesk.sync.types import convert_columns

TOMBSTONE = Tombstone.__table__  # type: ignore[attr-defined]
CHUNK = 900  # ids per IN (...): below SQLite's default bound-parameter limit


def existing(tx: Tx, t: Table, ids: list[str]) -> set[str]:
    """The ids of `ids` that `t` holds."""
    out: set[str] = set()
    if tx.conn.dialect.name == "sqlite":
        # Plain SQL: SQLAlchemy compiled the expanding IN (...) anew for every chunk.
        for i in range(0, len(ids), CHUNK):
            part = ids[i : i + CHUNK]
            sql = f'SELECT id FROM "{t.name}" WHERE id IN ({",".join("?" * len(part))})'
            out.update(r[0] for r in tx.conn.exec_driver_sql(sql, tuple(part)))
        return out
    stmt = select(t.c.id).where(t.c.id.in_(bindparam("ids", expanding=True)))
    for i in range(0, len(ids), CHUNK):
        out.update(r[0] for r in tx.conn.execute(stmt, {"ids": ids[i : i + CHUNK]}))
    return out


def local_rows(tx: Tx, entity: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The rows here of those ids, by id; only rows that exist are read whole."""
    present = sorted(existing(tx, table(entity), ids))
    if not present:
        return {}
    t = table(entity)
    cls = ENTITIES[entity][1]
    stmt = select(t).where(t.c.id.in_(bindparam("ids", expanding=True)))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(present), CHUNK):
        for r in fetch(tx.conn, stmt.params(ids=present[i : i + CHUNK]), cls):
            out[r.id] = dict(vars(r))
    return out


def tombstoned(tx: Tx, ids: list[str]) -> set[str]:
    return existing(tx, TOMBSTONE, ids) if ids else set()


def checked_columns(
    entity: str, items: list[dict[str, Any]], sender: str
) -> dict[str, list[Any]] | None:
    """The rows of `items` (records new here) as `Tx.insert_remote_columns` takes them,
    their origin the verified sender; None when any value fails a check."""
    columns = convert_columns(entity, [r["row"] for r in items])
    if columns is None:
        return None
    columns["origin"] = [sender] * len(items)  # the verified sender, never the claim
    if not codes_clean(entity, columns) or not columns_clean(entity, columns):
        return None
    return columns
