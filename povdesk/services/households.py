"""Households: create, edit, find, and load whole files for the rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, case, func, or_, select
from sqlalchemy.engine import Connection

from povdesk.codes import HouseholdStatus, Presence, Relation
from povdesk.errors import NotFound, UserError
from povdesk.models import (
    AssessmentData,
    ExitOverrideData,
    FundEntryData,
    HouseholdData,
    IncomeData,
    MeasureData,
    MemberData,
    PairingData,
    StatusRecordData,
    VisitData,
)
from povdesk.rules.facts import HouseholdFile
from povdesk.services.base import Service, as_data, fetch
from povdesk.store.tx import table

# HouseholdFile attribute -> entity, for loading a file in one query per entity.
FILE_PARTS: dict[str, str] = {
    "members": "member",
    "incomes": "income",
    "assessments": "assessment",
    "measures": "measure",
    "funds": "fund_entry",
    "pairings": "pairing",
    "visits": "visit",
    "overrides": "exit_override",
    "statuses": "status_record",
}
_PART_TYPES: dict[str, type[Any]] = {
    "members": MemberData,
    "incomes": IncomeData,
    "assessments": AssessmentData,
    "measures": MeasureData,
    "funds": FundEntryData,
    "pairings": PairingData,
    "visits": VisitData,
    "overrides": ExitOverrideData,
    "statuses": StatusRecordData,
}


@dataclass(frozen=True)
class HouseholdSummary:
    """One line of the household list, before any rule has run."""

    id: str
    number: str
    group: str
    category: str | None
    status: str
    head: str
    size: int


class Households(Service):
    entity = "household"

    def create(self, values: dict[str, Any], *, year: int | None = None) -> HouseholdData:
        values = dict(values)
        values.setdefault("village_id", self.store.villages.default_id())
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
                "状态只能通过状态变更(含退出核查)修改。",
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
                f"户编号 {key} 在多个村出现,请用户 ID",
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

    def summaries(self, village_id: str | None = None) -> list[HouseholdSummary]:
        """The list's first columns for every household, in one indexed query: the
        window shows these at once and fills in the checks when they are done."""
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
        with self.store.read() as conn:
            rows = conn.execute(stmt.order_by(t.c.number)).all()
        return [HouseholdSummary(r[0], r[1], r[2], r[3], r[4], r[5] or "", int(r[6])) for r in rows]

    def file(self, key: str) -> HouseholdFile:
        hh = self.get(key)
        return self.files(household_ids=[hh.id])[0]

    def files(
        self,
        *,
        village_id: str | None = None,
        household_ids: list[str] | None = None,
        parts: Iterable[str] = FILE_PARTS,
        filters: Mapping[str, ColumnElement[bool]] | None = None,
        ordered: bool = True,
    ) -> list[HouseholdFile]:
        """Whole files for many households in one query per record kind (no N+1).

        `parts` limits which kinds are loaded (the others stay empty); `filters` narrows a
        part to the rows a caller needs (the rules need only a year's income, for
        instance); `ordered=False` skips sorting each part by date when nobody reads it
        in order."""
        t = self.t
        stmt = select(t).order_by(t.c.number)
        if village_id is not None:
            stmt = stmt.where(t.c.village_id == village_id)
        if household_ids is not None:
            stmt = stmt.where(t.c.id.in_(household_ids))
        filters = filters or {}
        with self.store.read() as conn:
            out = {h.id: HouseholdFile(h) for h in fetch(conn, stmt, HouseholdData)}
            if not out:
                return []
            scope = None if household_ids is None and village_id is None else list(out)
            for attr in parts:
                part = table(FILE_PARTS[attr])
                child = select(part)
                if attr in filters:
                    child = child.where(filters[attr])
                if ordered:
                    order = [c for c in ("date", "year", "at", "start") if c in part.c]
                    child = child.order_by(*(part.c[c] for c in order), part.c.rev)
                for hid, item in _children(conn, child, part, _PART_TYPES[attr], scope):
                    if hid in out:
                        getattr(out[hid], attr).append(item)
        return list(out.values())


def newest_assessments() -> ColumnElement[bool]:
    """A filter keeping the newest assessment per household and checklist item."""
    t = table("assessment")
    rank = (
        func.row_number()
        .over(partition_by=(t.c.household_id, t.c.item), order_by=(t.c.date.desc(), t.c.rev.desc()))
        .label("rank")
    )
    newest = select(t.c.id, rank).subquery()
    return t.c.id.in_(select(newest.c.id).where(newest.c.rank == 1))


def _children(
    conn: Connection, stmt: Select[Any], t: Table, cls: type[Any], scope: list[str] | None
) -> list[tuple[str, Any]]:
    if scope is None:
        return [(d.household_id, d) for d in fetch(conn, stmt, cls)]
    rows: list[tuple[str, Any]] = []
    # Chunked IN lists: SQLite caps the number of bound parameters.
    for i in range(0, len(scope), 500):
        chunk = scope[i : i + 500]
        rows += [
            (d.household_id, d) for d in fetch(conn, stmt.where(t.c.household_id.in_(chunk)), cls)
        ]
    return rows
