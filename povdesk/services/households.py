"""Households: create, edit, find, and load whole files for the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, case, func, or_, select
from sqlalchemy.engine import Connection

from povdesk import bulk
from povdesk.codes import HouseholdStatus, Presence, Relation
from povdesk.errors import NotFound, UserError
from povdesk.models import HouseholdData, table
from povdesk.rules.facts import FILE_PARTS as PARTS
from povdesk.rules.facts import HouseholdFile
from povdesk.services.base import D, Service, as_data, fetch, sibling
from povdesk.services.villages import Villages

# HouseholdFile attribute -> entity, for loading a file in one query per entity.
FILE_PARTS: dict[str, str] = {part: entity for part, (entity, _) in PARTS.items()}
_PART_TYPES: dict[str, type[Any]] = {part: data for part, (_, data) in PARTS.items()}


# (id, 户编号, phone, members as (name, ID number, presence code, relation code))
SearchKeys = tuple[str, str, str, list[tuple[str, str, str, str]]]


@dataclass(frozen=True, slots=True)
class HouseholdSummary:
    """One line of the household list, before any rule has run (slots: the window keeps
    one per household, 100,000 in a large township)."""

    id: str
    number: str
    group: str
    category: str | None
    status: str
    head: str
    size: int


@dataclass(frozen=True)
class Newest:
    """Keep only the newest row per `per` columns, ranked by the `by` columns, largest
    first; a tie keeps the row read first (what SQL's `row_number() over (partition by
    per order by by desc)` kept on SQLite, which reads a household's rows in the order
    they were stored). Picked in Python from the plain rows: ranking in SQL cost more
    than reading the whole table."""

    per: tuple[str, ...]
    by: tuple[str, ...]

    def rows(self, keys: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[Any]:
        """From plain rows with columns `keys`."""
        index = [keys.index(c) for c in (*self.per, *self.by)]
        n = len(self.per)
        return _newest(list(rows), itemgetter(*index[:n]), itemgetter(*index[n:]))

    def data(self, rows: list[D]) -> list[D]:
        """From loaded records."""
        return _newest(rows, attrgetter(*self.per), attrgetter(*self.by))


# The newest assessment per household and checklist item: by date, then by rev.
NEWEST_ASSESSMENT = Newest(per=("household_id", "item"), by=("date", "rev"))


def _newest(rows: list[Any], group: Callable[[Any], Any], rank: Callable[[Any], Any]) -> list[Any]:
    """`Newest`'s pick, keeping the rows' order."""
    ranks = list(map(rank, rows))
    best: dict[Any, int] = {}
    get = best.get
    for i, (g, r) in enumerate(zip(map(group, rows), ranks, strict=True)):
        j = get(g)
        if j is None or r > ranks[j]:
            best[g] = i
    return [rows[i] for i in sorted(best.values())]


class Households(Service):
    entity = "household"

    def create(self, values: dict[str, Any], *, year: int | None = None) -> HouseholdData:
        values = dict(values)
        values.setdefault("village_id", sibling(self.store, "villages", Villages).default_id())
        status = values.setdefault("status", HouseholdStatus.POOR.value)
        if not str(values.get("number", "")).strip():
            raise UserError("户编号不能为空", "The household number is required", code="invalid")
        if self.find(values["number"], village_id=values["village_id"]) is not None:
            raise UserError(
                f"户编号 {values['number']} 已存在",
                f"Household number {values['number']} already exists",
                code="duplicate",
            )
        with self.store.tx() as tx:
            row = tx.insert("household", values)
            tx.insert(
                "status_record",
                {
                    "household_id": row["id"],
                    "status": status,
                    "year": year or dt.date.today().year,
                    "reason": "建档立卡",
                    "decided_by": tx.actor,
                },
            )
        return as_data(HouseholdData, row)

    def update(self, household_id: str, values: dict[str, Any]) -> HouseholdData:
        if "status" in values:
            raise UserError(
                "状态只能通过状态变更（含退出核查）修改。",
                "The status changes only through a status change (with the exit guard).",
                code="use_status_service",
            )
        with self.store.tx() as tx:
            return as_data(HouseholdData, tx.update("household", household_id, values))

    def find(self, key: str, *, village_id: str | None = None) -> HouseholdData | None:
        """By id or 户编号."""
        t = self.t
        stmt = select(t).where(or_(t.c.id == key, t.c.number == key))
        if village_id is not None:
            stmt = stmt.where(t.c.village_id == village_id)
        with self.store.read() as conn:
            rows = fetch(conn, stmt, HouseholdData)
        if len(rows) > 1:
            raise UserError(
                f"户编号 {key} 在多个村出现，请用户 ID",
                f"Household number {key} exists in several villages; use the id",
                code="ambiguous",
            )
        return rows[0] if rows else None

    def get(self, key: str) -> HouseholdData:
        found = self.find(key)
        if found is None:
            raise NotFound("户", "household", key)
        return found

    def all(self, village_id: str | None = None) -> list[HouseholdData]:
        t = self.t
        stmt = select(t).order_by(t.c.number)
        if village_id is not None:
            stmt = stmt.where(t.c.village_id == village_id)
        with self.store.read() as conn:
            return fetch(conn, stmt, HouseholdData)

    def summaries(
        self, village_id: str | None = None, household_ids: Iterable[str] | None = None
    ) -> list[HouseholdSummary]:
        """The list's first columns for every household (or just those named), in one
        indexed query: the window shows these at once and fills in the checks when they
        are done."""
        t, m = self.t, table("member")
        # Members are grouped once, then joined: a per-household subquery (or a plain
        # join) let SQLite scan the members through the presence index once per household.
        people = (
            select(
                m.c.household_id,
                func.max(case((m.c.relation == Relation.HEAD.value, m.c.name))).label("head"),
                func.count().label("size"),
            )
            .where(m.c.presence == Presence.PRESENT.value)
            .group_by(m.c.household_id)
            .subquery()
        )
        stmt = select(
            t.c.id,
            t.c.number,
            t.c.group,
            t.c.category,
            t.c.status,
            people.c.head,
            func.coalesce(people.c.size, 0),
        ).select_from(t.outerjoin(people, people.c.household_id == t.c.id))
        if village_id is not None:
            stmt = stmt.where(t.c.village_id == village_id)
        if household_ids is not None:
            stmt = stmt.where(t.c.id.in_(list(household_ids)))
        # Groups, categories and statuses are a handful of values: one string object each
        # instead of one per household.
        same: dict[Any, Any] = {}
        keep = same.setdefault
        out: list[HouseholdSummary] = []
        with self.store.read() as conn:
            # A thousand rows at a time: a township's 100,000 rows held at once, then let
            # go, left the window's memory full of holes.
            result = conn.execution_options(yield_per=1000).execute(stmt.order_by(t.c.number))
            for rows in result.partitions():
                out += [
                    HouseholdSummary(
                        r[0],
                        r[1],
                        keep(r[2], r[2]),
                        keep(r[3], r[3]),
                        keep(r[4], r[4]),
                        r[5] or "",
                        int(r[6]),
                    )
                    for r in rows
                ]
        return out

    def ids(self, village_id: str | None = None, *, by_id: bool = False) -> list[str]:
        """Every household's id, in 户编号 order (or in id order, for cutting the village
        into id ranges)."""
        t = self.t
        stmt = select(t.c.id).order_by(t.c.id if by_id else t.c.number)
        if village_id is not None:
            stmt = stmt.where(t.c.village_id == village_id)
        with self.store.read() as conn:
            return list(conn.execute(stmt).scalars())

    def search_keys(
        self, village_id: str | None = None, household_ids: Iterable[str] | None = None
    ) -> Iterator[SearchKeys]:
        """What the search index reads of each household, in one lean query streamed in
        户编号 order (then id, the index's own order): (id, 户编号, phone, members as
        (name, ID number, presence, relation)). Whole files would cost a hundred times
        the memory for a large village."""
        t, m = self.t, table("member")
        stmt = (
            select(
                t.c.id, t.c.number, t.c.phone, m.c.name, m.c.id_number, m.c.presence, m.c.relation
            )
            .select_from(t.outerjoin(m, m.c.household_id == t.c.id))
            .order_by(t.c.number, t.c.id)
        )
        if village_id is not None:
            stmt = stmt.where(t.c.village_id == village_id)
        if household_ids is not None:
            stmt = stmt.where(t.c.id.in_(list(household_ids)))
        with self.store.read() as conn:
            for (hid, number, phone), rows in groupby(conn.execute(stmt), key=_first_three):
                people = [(r[3], r[4], r[5], r[6]) for r in rows if r[3] is not None]
                yield hid, number, phone, people

    def file(self, key: str) -> HouseholdFile:
        hh = self.get(key)
        return self.files(household_ids=[hh.id])[0]

    def files(
        self,
        *,
        village_id: str | None = None,
        household_ids: list[str] | None = None,
        id_range: tuple[str, str] | None = None,
        parts: Iterable[str] = FILE_PARTS,
        filters: Mapping[str, ColumnElement[bool]] | None = None,
        newest: Mapping[str, Newest] | None = None,
        ordered: bool = True,
    ) -> list[HouseholdFile]:
        """Whole files for many households in one query per record kind (no N+1).

        `parts` limits which kinds are loaded (the others stay empty); `filters` narrows a
        part to the rows a caller needs (the rules need only a year's income, for
        instance); `newest` keeps only a part's newest rows (see `Newest`);
        `ordered=False` skips sorting each part by date when nobody reads it in order.
        `id_range` (first, last id) loads the households with ids in that range,
        each kind of record read through its household index: a large village loads a
        slice at a time without long IN lists."""
        t = self.t
        stmt = select(t).order_by(t.c.number)
        if village_id is not None:
            stmt = stmt.where(t.c.village_id == village_id)
        if household_ids is not None:
            stmt = stmt.where(t.c.id.in_(household_ids))
        if id_range is not None:
            stmt = stmt.where(t.c.id.between(*id_range))
        filters, newest = filters or {}, newest or {}
        with self.store.read() as conn:
            out = {h.id: HouseholdFile(h) for h in _fetch(conn, stmt, HouseholdData)}
            if not out:
                return []
            scoped = household_ids is not None or (village_id is not None and id_range is None)
            scope = list(out) if scoped else None
            for attr in parts:
                part = table(FILE_PARTS[attr])
                child = select(part)
                if id_range is not None:
                    child = child.where(part.c.household_id.between(*id_range))
                if attr in filters:
                    child = child.where(filters[attr])
                if ordered:
                    order = [c for c in ("date", "year", "at", "start") if c in part.c]
                    child = child.order_by(*(part.c[c] for c in order), part.c.rev)
                lists = {hid: getattr(f, attr) for hid, f in out.items()}
                rows = _children(conn, child, part, _PART_TYPES[attr], scope, newest.get(attr))
                for item in rows:
                    found = lists.get(item.household_id)
                    if found is not None:
                        found.append(item)
        return list(out.values())


def _first_three(row: Any) -> tuple[str, str, str]:
    return row[0], row[1], row[2]


def _children(
    conn: Connection,
    stmt: Select[Any],
    t: Table,
    cls: type[Any],
    scope: list[str] | None,
    newest: Newest | None,
) -> list[Any]:
    if scope is None:
        return _fetch(conn, stmt, cls, newest)
    rows: list[Any] = []
    # Chunked IN lists: SQLite caps the number of bound parameters. A household's rows
    # all come in one chunk, so picking the newest per chunk is picking them per household.
    for i in range(0, len(scope), 500):
        chunk = stmt.where(t.c.household_id.in_(scope[i : i + 500]))
        rows += _fetch(conn, chunk, cls, newest)
    return rows


def _fetch(
    conn: Connection, stmt: Select[Any], cls: type[D], newest: Newest | None = None
) -> list[D]:
    """`fetch` for whole files, which load a village's every record (a village check):
    on SQLite the objects are made in one tight loop, and rows holding every field share
    one set of fields (it is the same set for each; a field assigned later is already
    in it, so sharing changes nothing), which saves building and tracking one per row.
    `newest` picks the rows to keep before any object is made for them."""
    if conn.dialect.name != "sqlite":
        found = fetch(conn, stmt, cls)
        return found if newest is None else newest.data(found)
    keys, columns = bulk.sqlite_rows(conn, stmt)
    every = set(keys)
    shared = every if every.issuperset(cls.model_fields) else None
    new, put = object.__new__, object.__setattr__
    out: list[D] = []
    append = out.append
    rows: Iterable[Any] = columns
    if newest is not None:
        rows = newest.rows(keys, rows)
    for row in rows:
        obj = new(cls)
        put(obj, "__dict__", dict(zip(keys, row, strict=True)))
        put(obj, "__pydantic_fields_set__", set(keys) if shared is None else shared)
        put(obj, "__pydantic_extra__", None)
        put(obj, "__pydantic_private__", None)
        append(obj)
    return out
