"""Create entries that refer to their row instead of repeating it (issue 17, item 4).

A new record's create entry was a full copy of the row: the log was mostly such copies.
Now, when the row as stored gives its values back exactly (checked per value when the
entry is written: `marker`), the entry stores only which fields it set, as field codes
(audit_codec.KEYS) behind the DERIVED byte. Its content, and so its hash, is still the
canonical JSON of those fields as created: `creates` rebuilds it from the row as it is
now (or as a later delete entry recorded it), with each later update's `before` put
back, newest first. Every change of a record goes through a `Tx` and is logged, so that
walk ends at the values the record was created with; the chain proves it, as before.

Values are compared in the form each column stores them (`_normal`): a time as UTC, a
whole number in a float column as a float. A value that would not come back exactly
(a time in another zone, say) makes `marker` say no, and the entry stores the full
values as before. A later migration that drops a column or rewrites values in place
must first store such entries' values in full (`creates` gives them).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Select,
    String,
    TypeDecorator,
    create_engine,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection
from sqlalchemy.pool import StaticPool

from povdesk import audit, audit_codec
from povdesk.bulk import canonical, sqlite_batches, sqlite_rows
from povdesk.models import ENTITIES, AuditEntry, table

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
DERIVED = audit_codec.DERIVED
CHUNK = 500  # ids per IN (...)
_CODE = {k: i for i, k in enumerate(audit_codec.KEYS)}
_UTC = dt.timedelta(0)


def _utc(value: Any) -> Any:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        return value
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _float(value: Any) -> Any:
    return float(value) if type(value) is int else value


def _bool(value: Any) -> Any:
    return bool(value) if type(value) is int else value


def _same(value: Any) -> Any:
    return value


# Per column kind: does a value written come back exactly; how a value read is normalised.
_KINDS: dict[str, tuple[Callable[[Any], bool], Callable[[Any], Any]]] = {
    "datetime": (
        lambda v: type(v) is dt.datetime and v.utcoffset() == _UTC,
        _utc,
    ),
    "date": (lambda v: type(v) is dt.date, _same),
    "float": (lambda v: type(v) is float, _float),
    "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), _same),
    "bool": (lambda v: type(v) is bool, _bool),
    "str": (lambda v: isinstance(v, str), _same),
    "json": (lambda v: isinstance(v, list | dict), _same),
}


def _kind(column_type: Any) -> str | None:
    while isinstance(column_type, TypeDecorator):  # AutoString, UTCDateTime: by what they store
        column_type = column_type.impl_instance
    for cls, kind in (
        (DateTime, "datetime"),
        (Date, "date"),
        (Float, "float"),
        (Boolean, "bool"),
        (Integer, "int"),
        (String, "str"),
        (JSON, "json"),
    ):
        if isinstance(column_type, cls):
            return kind
    return None


@cache
def _columns(entity: str) -> dict[str, tuple[Callable[[Any], bool], Callable[[Any], Any]]]:
    out = {}
    for c in table(entity).columns:
        kind = _kind(c.type)
        if kind is not None:
            out[c.name] = _KINDS[kind]
    return out


# Per column kind, the types whose values surely come back as they are: tested by a set
# lookup, the kind's own test run only for the others (a bulk import writes a million).
_PLAIN: dict[str, frozenset[type]] = {
    "date": frozenset({dt.date}),
    "float": frozenset({float}),
    "int": frozenset({int}),
    "bool": frozenset({bool}),
    "str": frozenset({str}),
    "json": frozenset({list, dict}),
}


@cache
def _layout(
    entity: str, names: tuple[str, ...]
) -> tuple[bytes, tuple[tuple[str, frozenset[type], Callable[[Any], bool]], ...]] | None:
    """The codes of a create with these fields, in this order, and each field's test;
    None when a field has no code or no known kind."""
    columns = _columns(entity)
    codes = bytearray(DERIVED)
    tests = []
    for name in names:
        code = _CODE.get(name)
        kind = columns.get(name)
        if code is None or kind is None:
            return None
        codes.append(code)
        plain = _PLAIN.get(_kind_name(entity, name) or "", frozenset())
        tests.append((name, plain, kind[0]))
    return bytes(codes), tuple(tests)


@cache
def _kind_name(entity: str, name: str) -> str | None:
    column = table(entity).c.get(name)
    return None if column is None else _kind(column.type)


def marker(entity: str, payload: dict[str, Any]) -> bytes | None:
    """The stored `after` of a create whose row gives `payload` back exactly: DERIVED
    and the codes of its fields; None when some value would not come back as it is."""
    # Bulk work repeats a few shapes (field names and value types) thousands of times:
    # a shape whose every value is of a type that surely comes back is answered once.
    shape = (entity, tuple(payload), tuple(map(type, payload.values())))
    known = _SHAPES.get(shape, _UNKNOWN)
    if known is not _UNKNOWN:
        return known  # type: ignore[return-value]
    layout = _layout(entity, shape[1])
    found = _marker(entity, payload)
    # Kept for the shape when its names alone decide (no layout), or when no value's
    # answer depends on more than its type (a time's zone, say).
    if layout is None or all(
        kind is _NONE or kind in plain
        for kind, (_, plain, _) in zip(shape[2], layout[1], strict=True)
    ):
        if len(_SHAPES) >= _SHAPES_KEPT:
            _SHAPES.clear()
        _SHAPES[shape] = found
    return found


_SHAPES: dict[tuple[str, tuple[str, ...], tuple[type, ...]], bytes | None] = {}
_SHAPES_KEPT = 4096
_UNKNOWN = object()
_NONE = type(None)


def _marker(entity: str, payload: dict[str, Any]) -> bytes | None:
    layout = _layout(entity, tuple(payload))
    if layout is None:
        return None
    codes, tests = layout
    for name, plain, test in tests:
        value = payload[name]
        if value is not None and type(value) not in plain and not test(value):
            return None
    return codes


def markers(
    entity: str, columns: Mapping[str, list[Any]], names: tuple[str, ...]
) -> list[bytes | None]:
    """`marker` of each row of `columns` (one list of values per field) with the fields
    `names`, tested a column at a time: a column whose values are all of a plain type
    passes at once; only the others are tested value by value."""
    size = len(columns[names[0]]) if names else 0
    layout = _layout(entity, names)
    if layout is None:
        return [None] * size
    codes, tests = layout
    bad: set[int] = set()
    for name, plain, test in tests:
        column = columns[name]
        if set(map(type, column)) - _NONES <= plain:
            continue
        bad.update(
            i
            for i, v in enumerate(column)
            if v is not None and type(v) not in plain and not test(v)
        )
    return [None if i in bad else codes for i in range(size)] if bad else [codes] * size


_NONES = {type(None)}


def is_derived(stored: Any) -> bool:
    return isinstance(stored, bytes | memoryview) and bytes(stored[:1]) == DERIVED


def creates(conn: Connection, wanted: Iterable[tuple[int, str, str, bytes]]) -> dict[int, str]:
    """seq -> the canonical JSON of a create entry stored as DERIVED, for the entries
    (seq, entity, row_id, stored after) asked for; an entry whose row cannot give its
    values back (removed from the database by hand, say) is left out."""
    by_entity: dict[str, list[tuple[int, str, bytes]]] = {}
    for seq, entity, row_id, stored in wanted:
        by_entity.setdefault(entity, []).append((seq, row_id, bytes(stored)))
    out: dict[int, str] = {}
    for entity, items in by_entity.items():
        if entity not in ENTITIES:
            continue
        for i in range(0, len(items), CHUNK):
            out.update(_rebuild(conn, entity, items[i : i + CHUNK]))
    return out


def _rebuild(conn: Connection, entity: str, items: list[tuple[int, str, bytes]]) -> dict[int, str]:
    t = table(entity)
    ids = sorted({row_id for _, row_id, _ in items})
    live = _live(conn, select(t).where(t.c.id.in_(ids)))
    a = AUDIT.c
    later: dict[str, list[tuple[int, str, str]]] = {}
    for seq, row_id, action, before in conn.execute(
        select(a.seq, a.row_id, a.action, a.before)
        .where(a.entity == entity, a.row_id.in_(ids), a.seq > min(s for s, _, _ in items))
        .order_by(a.seq)
    ):
        later.setdefault(row_id, []).append((seq, action, before))
    columns = _columns(entity)
    out = {}
    for seq, row_id, stored in items:
        state: dict[str, Any] | None = None
        undo = []
        for s, action, before in later.get(row_id, ()):
            if s <= seq:
                continue
            if action == "update":
                undo.append(json.loads(before))
                continue
            if action == "delete":
                state = json.loads(before)
            break  # a delete (or a new life of the id) ends this one
        else:
            state = live.get(row_id)
        if state is None:
            continue
        state = dict(state)
        for values in reversed(undo):
            state.update(values)
        try:
            names = [audit_codec.KEYS[code] for code in stored[1:]]
            payload = {n: columns[n][1](state[n]) if n in columns else state[n] for n in names}
        except (KeyError, IndexError, ValueError, TypeError):
            continue
        out[seq] = canonical(payload)
    return out


def _live(conn: Connection, stmt: Select[Any]) -> dict[str, dict[str, Any]]:
    """id -> the row as a dict of Python values. On SQLite read straight from the cursor
    (bulk.sqlite_rows): SQLAlchemy's row mappings were a third of a backup's check."""
    if conn.dialect.name != "sqlite":
        return {r["id"]: dict(r) for r in conn.execute(stmt).mappings()}
    keys, rows = sqlite_rows(conn, stmt)
    at = keys.index("id")
    return {row[at]: dict(zip(keys, row, strict=True)) for row in rows}


def _batches(conn: Connection, stmt: Select[Any], size: int) -> Iterator[Sequence[Any]]:
    if conn.dialect.name == "sqlite":
        yield from sqlite_batches(conn, stmt, size)
        return
    result = conn.execute(stmt)
    while rows := result.fetchmany(size):
        yield rows


def entries(conn: Connection, where: Any = None, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """(seq, at, actor, action, entity, row_id, before, after, rev, origin, hash) in seq
    order, before and after as the canonical JSON that is hashed: audit.verify_chain's
    rows. Read and rebuilt `batch` entries at a time."""
    c = AUDIT.c
    stmt = select(
        c.seq,
        c.at,
        c.actor,
        c.action,
        c.entity,
        c.row_id,
        c.before,
        type_coerce(c.after, LargeBinary).label("after"),
        c.rev,
        c.origin,
        c.hash,
    ).order_by(c.seq)
    if where is not None:
        stmt = stmt.where(where)
    for rows in _batches(conn, stmt, batch):
        derived = [(r[0], r[4], r[5], r[7]) for r in rows if r[3] == "create" and is_derived(r[7])]
        rebuilt = creates(conn, derived) if derived else {}
        for r in rows:
            if r[0] in rebuilt:
                after = rebuilt[r[0]]
            elif is_derived(r[7]):
                after = ""  # its row is gone: verify names the entry
            else:
                after = audit_codec.unpack(r[7])
            yield (*r[:7], after, *r[8:])


# -- the chain of a backup file --------------------------------------------------------------
def file_problems(con: sqlite3.Connection) -> list[audit.Problem]:
    """The audit chain of a SQLite file, read without writing. Its text is decoded by
    sqlite3's own UTF-8 reader: the replacing decoder of `backup.connect_read_only`, called for
    every one of millions of values, was a tenth of a backup's check. A text that is not
    UTF-8 makes the read fail instead, which `backup.verify_file` reports as a problem too."""
    kept = con.text_factory
    con.text_factory = str
    try:
        return _file_problems(con)
    finally:
        con.text_factory = kept


def _file_problems(con: sqlite3.Connection) -> list[audit.Problem]:
    meta = dict(con.execute("SELECT key, value FROM meta"))
    head = (int(meta["audit_seq"]), str(meta["audit_hash"])) if "audit_seq" in meta else None
    columns = {c for (_, c, *_) in con.execute("PRAGMA table_info(audit_log)")}
    if "prev_hash" not in columns:  # the compact log (migration 0007) of a newer backup
        engine = create_engine("sqlite://", creator=lambda: con, poolclass=StaticPool)
        with engine.connect() as conn:
            return audit.verify_chain(entries(conn), head)
    rows = con.execute(
        "SELECT seq, at, actor, action, entity, row_id, before, after, rev, origin, "
        "hash FROM audit_log ORDER BY seq"
    )
    # A backup made before migration 0007 holds the log as text.
    c = audit_codec
    typed = (
        (s, c.time_of(at), *fixed, c.json_of(b), c.json_of(a), rev, c.origin_of(o), c.hex_of(h))
        for s, at, *fixed, b, a, rev, o, h in rows
    )
    return audit.verify_chain(typed, head)
