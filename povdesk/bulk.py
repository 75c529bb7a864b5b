"""Bulk work (a village check, a roster import, the demo village, a sync bundle): the
performance helpers, in one place. Each does what a plain SQLAlchemy or pydantic call
does, faster; tests/povdesk/test_bulk.py holds each to the plain path on the same rows.

They lean on SQLAlchemy's column types (`bind_processor`, `result_processor`), on the
DB-API cursor behind a result and on pydantic's instance slots; pyproject.toml pins
SQLAlchemy and SQLModel to the versions those tests pass on.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import JSON, Dialect, Select, Table, column, insert
from sqlalchemy import table as table_clause
from sqlalchemy.engine import Connection

T = TypeVar("T")
_NONE = type(None)


# -- the cyclic garbage collector --------------------------------------------------------
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


# -- writing rows --------------------------------------------------------------------------
@cache
def insert_plan(
    dialect: Dialect, t: Table
) -> tuple[str, Callable[[Mapping[str, Any]], tuple[Any, ...]], tuple[tuple[int, Any], ...]]:
    """The hand-built INSERT for every column of `t` (SQLite's ? style), a getter for a
    row's values in column order, and the columns' own bind processors."""
    cols = tuple(t.columns)
    names = ",".join(f'"{c.name}"' for c in cols)
    sql = f'INSERT INTO "{t.name}" ({names}) VALUES ({",".join("?" * len(cols))})'
    procs = tuple(
        (i, p)
        for i, c in enumerate(cols)
        if (p := c.type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    return sql, itemgetter(*(c.name for c in cols)), procs


def bulk_insert(conn: Connection, t: Table, rows: list[dict[str, Any]]) -> None:
    """Many complete rows in one executemany. On SQLite the column types' own bind
    processors are applied directly: the same stored values as a Core insert, without
    SQLAlchemy's per-row statement machinery, which dominated roster import."""
    if conn.dialect.name != "sqlite":
        conn.execute(insert(t), rows)
        return
    if not rows:
        return
    values_of = insert_plan(conn.dialect, t)[1]
    _insert_ordered(conn, t, list(zip(*map(values_of, rows), strict=True)))


def insert_columns(conn: Connection, t: Table, columns: Mapping[str, list[Any]]) -> None:
    """`bulk_insert` of rows given as one list of values per column (every column)."""
    if conn.dialect.name != "sqlite":
        names = list(columns)
        rows = zip(*columns.values(), strict=True)
        conn.execute(insert(t), [dict(zip(names, r, strict=True)) for r in rows])
        return
    _insert_ordered(conn, t, [columns[c.name] for c in t.columns])


def _insert_ordered(conn: Connection, t: Table, columns: list[Any]) -> None:
    """SQLite: the columns (in `t`'s order) through their types' bind processors."""
    sql, _, procs = insert_plan(conn.dialect, t)
    names = [c.name for c in t.columns]
    key = _HOUSEHOLD_KEY.get(t.name, "household_id")
    households = columns[names.index(key)] if key in names else []
    # Column by column, so the loops run in C: bulk rows repeat the same values (every
    # row's timestamp is the transaction's), so a value is processed once per call;
    # unhashable ones (JSON lists) by their texts (_listed).
    columns = list(columns)
    for i, process in procs:
        try:
            memo = {v: process(v) for v in set(columns[i])}
        except TypeError:
            columns[i] = _listed(process, columns[i])
        else:
            columns[i] = list(map(memo.__getitem__, columns[i]))
    params = list(zip(*columns, strict=True))
    _counted(conn, t, len(params), households, lambda: conn.exec_driver_sql(sql, params))


# The column naming a row's household (household: its own id).
_HOUSEHOLD_KEY = {"household": "id"}


def _listed(process: Callable[[Any], Any], values: Iterable[Any]) -> list[Any]:
    """`process` of each value; a list of texts (a code list: a roster repeats a few)
    processed once per distinct list. Only texts: 1, 1.0 and True are equal keys."""
    memo: dict[tuple[str, ...], Any] = {}
    out = []
    for v in values:
        if type(v) is list and all(type(x) is str for x in v):
            key = tuple(v)
            got = memo.get(key)
            if got is None:
                got = memo[key] = process(v)
            out.append(got)
        else:
            out.append(process(v))
    return out


# Fewer rows than this are inserted with the revision trigger in place (one row each).
COUNT_FROM = 100
# The insert trigger of migration 0008, as it wrote it (compared with the stored text).
_REV_TRIGGER = (
    "CREATE TRIGGER {table}_rev_insert AFTER INSERT ON {table} BEGIN INSERT INTO "
    "household_rev (household_id, rev) SELECT {who}, 1 WHERE {who} IS NOT NULL ON CONFLICT "
    "(household_id) DO UPDATE SET rev = household_rev.rev + 1; END"
)
_BUMP = (
    "INSERT INTO household_rev (household_id, rev) VALUES (?, ?) ON CONFLICT (household_id) "
    "DO UPDATE SET rev = household_rev.rev + excluded.rev"
)


def _counted(
    conn: Connection, t: Table, n: int, households: list[Any], write: Callable[[], Any]
) -> None:
    """`write()`, the insert of `n` rows into `t` (`households`: each row's household,
    unprocessed), keeping household_rev as its insert
    trigger would (migration 0008: +1 for each row, on the row's household), but with
    one upsert per household instead of one per row: the trigger doubled the time of
    writing a roster. SQLite's DDL is transactional: the trigger is dropped and made
    again inside the caller's transaction, so no other connection ever sees the table
    without it, and a rollback brings it back too."""
    name = f"{t.name}_rev_insert"
    key = _HOUSEHOLD_KEY.get(t.name, "household_id")
    ours = _REV_TRIGGER.format(table=t.name, who=f"NEW.{key}")
    stored = None
    if n >= COUNT_FROM:
        stored = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
        ).scalar()
    # Only a trigger exactly as migration 0008 made it is set aside, and it is made again
    # from this program's own text, never from what the file holds: a trigger changed
    # outside povdesk (or none: a few rows, a table whose records belong to no household)
    # is left to run as it is.
    if stored != ours:
        write()
        return
    counts = Counter(h for h in households if h is not None)
    conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    try:
        write()
    finally:
        # A failed insert fails the transaction (Store.tx rolls it back), so rows it
        # left written are never counted wrong in a committed store.
        conn.exec_driver_sql(ours)
    if counts:
        conn.exec_driver_sql(_BUMP, list(counts.items()))


def insert_tuples(conn: Connection, t: Table, rows: list[tuple[Any, ...]]) -> None:
    """Rows already in `t`'s column order, their values already in their stored form
    (the audit entries a `Tx` keeps pending): no column type processes them again."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(insert_plan(conn.dialect, t)[0], rows)
    else:
        names = [c.name for c in t.columns]
        untyped = table_clause(t.name, *(column(n) for n in names))
        conn.execute(insert(untyped), [dict(zip(names, r, strict=True)) for r in rows])


# -- reading rows --------------------------------------------------------------------------
@cache
def result_plan(dialect: Dialect, columns: tuple[Any, ...]) -> tuple[tuple[int, Any, bool], ...]:
    """(position, result processor, memoise?) for each column that has one; JSON values
    are never memoised, so no two rows share a list."""
    plan = []
    for i, c in enumerate(columns):
        process = c.type.dialect_impl(dialect).result_processor(dialect, None)
        if process is not None:
            plan.append((i, process, not isinstance(c.type, JSON)))
    return tuple(plan)


def sqlite_rows(conn: Connection, stmt: Select[Any]) -> tuple[tuple[str, ...], Iterable[Any]]:
    """A select's column names and its rows as tuples of Python values, read straight
    from the DB-API cursor (SQLite only); each column's result processor runs once per
    distinct value (dates and timestamps repeat a lot): SQLAlchemy's per-row machinery
    cost more than the query itself when the rules load a whole village."""
    result = conn.execute(stmt)
    keys = tuple(result.keys())
    raw = result.cursor.fetchall()
    result.close()
    if not raw:
        return keys, ()
    columns: list[Any] = list(zip(*raw, strict=True))
    del raw  # the rows held once, as columns
    return keys, _processed(columns, result_plan(conn.dialect, tuple(stmt.selected_columns)))


def sqlite_batches(
    conn: Connection, stmt: Select[Any], size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """`sqlite_rows` a batch of `size` rows at a time, for reads too large to hold at
    once (the whole audit log, checked link by link): each batch's columns processed
    once per distinct value (an entry's time, actor and entity repeat)."""
    result = conn.execute(stmt)
    cursor = result.cursor
    plan = result_plan(conn.dialect, tuple(stmt.selected_columns))
    try:
        while raw := cursor.fetchmany(size):
            columns: list[Any] = list(zip(*raw, strict=True))
            del raw
            yield list(_processed(columns, plan))
    finally:
        result.close()


def _processed(columns: list[Any], plan: tuple[tuple[int, Any, bool], ...]) -> Iterator[Any]:
    """Raw columns through their result processors, as rows: each distinct value is
    processed once and the mapping runs in C."""
    for i, process, memoise in plan:
        if memoise:
            memo = {v: process(v) for v in set(columns[i])}
            columns[i] = map(memo.__getitem__, columns[i])
        else:
            columns[i] = map(process, columns[i])
    return zip(*columns, strict=True)


def make(cls: type[T], values: dict[str, Any], fields_set: set[str] | None = None) -> T:
    """A pydantic model from values the caller hands over (no copy, no validation):
    what `cls.model_construct(**values)` makes for a complete row, four times faster.
    `fields_set` may be shared between rows that hold every field."""
    obj = object.__new__(cls)  # SQLModel.__new__ only prepares ORM state, which data lacks
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(
        obj, "__pydantic_fields_set__", set(values) if fields_set is None else fields_set
    )
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


# -- the audit log ---------------------------------------------------------------------------
def _iso(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# audit.canonical's exact text (sorted keys, no spaces, dates as ISO text) from one encoder
# made once: json.dumps with options builds a new encoder on every call, and so does
# JSONEncoder.encode (its C part), which was half of the encoding time of a roster's
# audit entries. Made as JSONEncoder.iterencode makes it for one call, without the
# circular-reference check (a row holds no cycles), so it keeps no state between calls.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso)
_c_encode = getattr(json.encoder, "c_make_encoder", None)


def _canonical_c(value: Any) -> str:
    return "".join(_C(value, 0))


if _c_encode is not None:
    _C = _c_encode(None, _iso, json.encoder.encode_basestring, None, ":", ",", True, False, True)
    canonical: Callable[[Any], str] = _canonical_c
else:  # a Python without the C accelerator: the plain encoder
    canonical = _ENCODER.encode


def canonical_rows(columns: Mapping[str, list[Any]], names: Iterable[str]) -> list[str]:
    """`canonical({name: columns[name][i] for name in names})` for each row i, made a
    column at a time: text by json's own string encoder, whole numbers by their repr (as
    the encoder writes them), other hashable values once per distinct value, the rest
    (lists, mappings) one by one; then each row by one format of its encoded values."""
    keys = sorted(names)
    template = "{" + ",".join(canonical(k).replace("%", "%%") + ":%s" for k in keys) + "}"
    encoded = [_encoded(columns[k]) for k in keys]
    return [template % values for values in zip(*encoded, strict=True)]


_encode_text = json.encoder.encode_basestring  # ensure_ascii=False: the encoder's own
_WORDS = {True: "true", False: "false", None: "null"}


def _text_list(value: list[Any]) -> str:
    if all(type(x) is str for x in value):
        return "[" + ",".join(map(_encode_text, value)) + "]"
    return canonical(value)


def _time_text(value: dt.date) -> str:
    return '"' + value.isoformat() + '"'  # as `_iso` gives it; ISO text needs no escapes


# Per type, a function giving a value's text exactly as `canonical` writes it (floats
# only when finite: json writes NaN and Infinity its own way).
_ENCODERS: dict[type, Callable[[Any], str]] = {
    str: _encode_text,
    int: int.__repr__,
    float: float.__repr__,
    dt.date: _time_text,
    dt.datetime: _time_text,
    list: _text_list,
}


def _encoded(column: list[Any]) -> list[str]:
    found = set(map(type, column))
    nulls = _NONE in found
    found.discard(_NONE)
    if not found:
        return ["null"] * len(column)
    if found == {bool}:
        return list(map(_WORDS.__getitem__, column))
    if found == {dt.date}:  # few distinct values (never a datetime: two equal ones differ)
        memo = {v: _time_text(v) for v in set(column) if v is not None}
        memo[None] = "null"
        return list(map(memo.__getitem__, column))
    encode = _ENCODERS.get(found.pop()) if len(found) == 1 else None
    if encode is float.__repr__ and not all(map(math.isfinite, filter(None, column))):
        encode = None
    if encode is None:
        return list(map(canonical, column))
    if nulls:
        return [encode(v) if v is not None else "null" for v in column]
    return list(map(encode, column))


def parts(*texts: str) -> str:
    """audit.entry_hash's framing: each part length-prefixed."""
    return "".join(f"{len(p)}:{p};" for p in texts)


def entry_hasher(
    at_text: str, actor: str, action: str, entity: str
) -> Callable[[int, str, str, str, int, str, str], Any]:
    """audit.entry_hash for the entries of one action on one entity in one transaction:
    the parts they share (time, actor, action, entity) are rendered once, which took a
    third of a bulk import's time when done per entry. `at_text` is the UTC time as
    audit.entry_hash renders it. The returned function takes (seq, row_id, before,
    after, rev, origin, prev_hash), before and after being canonical JSON already, and
    gives the hash object (its hexdigest() is audit.entry_hash's; digest() is stored)."""
    fixed = parts(at_text, actor, action, entity)
    sha256 = hashlib.sha256

    def entry_hash(
        seq: int, row_id: str, before: str, after: str, rev: int, origin: str, prev: str
    ) -> Any:
        s, r = str(seq), str(rev)
        text = (
            f"{len(s)}:{s};{fixed}{len(row_id)}:{row_id};{len(before)}:{before};"
            f"{len(after)}:{after};{len(r)}:{r};{len(origin)}:{origin};{len(prev)}:{prev};"
        )
        return sha256(text.encode("utf-8"))

    return entry_hash
