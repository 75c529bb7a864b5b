"""Roster import: a team's or the national system's member list into the store.

Three passes, so that a file is either taken whole or not at all:
1. read every row and collect every problem (bad ID numbers, codes, amounts, heads);
2. plan against what the village already holds, loaded once into dicts (a per-row
   SELECT would make a 10,000-household county roster take minutes);
3. if there was no problem, apply the plan in one transaction.
Existing records are only ever added to or updated with what the file provides; nobody
is deleted, and a household's status is never changed behind the exit guard's back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from povdesk.bulk import gc_paused
from povdesk.changes import OpChanges
from povdesk.codes import HouseholdStatus, Presence, Relation
from povdesk.errors import UserError, ValidationError
from povdesk.inputs import (
    row_problems,
)
from povdesk.models import new_ids
from povdesk.roster.columns import COLUMNS, ORDER
from povdesk.roster.existing import Existing, load
from povdesk.roster.reader import Sheet, read_roster
from povdesk.roster.report import ImportReport, RosterRejected, RosterWarning
from povdesk.roster.routing import HEADERS as VILLAGE_HEADERS
from povdesk.roster.routing import route
from povdesk.roster.rows import ID_NUMBER, RELATION, STATUS, FileRow, Problems, group, read_rows
from povdesk.store import backup
from povdesk.store.tx import check_codes

if TYPE_CHECKING:
    from povdesk.store.store import Store

# Set by the store or by life events, never by a roster.
_NOT_FROM_FILE = frozenset({"presence", "household_id", "village_id", "status"})
IMPORT_REASON = "建档立卡（花名册导入）"


@dataclass
class _Plan:
    villages: list[dict[str, Any]] = field(default_factory=list)  # new ones: id, code, name
    households: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    incomes: list[dict[str, Any]] = field(default_factory=list)
    # (entity, the row as stored now, the changed values)
    updates: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    ids: Iterator[str] = field(default_factory=new_ids)  # for the new records


@gc_paused()
def import_roster(
    store: Store,
    path: str | Path,
    *,
    village_id: str | None = None,
    create_villages: bool = False,
    dry_run: bool = False,
    status: str = HouseholdStatus.POOR.value,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a roster (.xlsx or .csv); raises RosterRejected (nothing written) when any
    row has a problem, UserError when the file cannot be read or names villages the
    store does not have. Households go to `village_id` when given, else to the village
    their code names (`povdesk.roster.routing`); `create_villages` lets a county store
    create the villages it does not know yet, in the same transaction. New households get
    `status` (未脱贫 unless told: 一般农户 for households never registered poor, whom
    the monitoring of domain.md §7 also watches); existing ones keep theirs.
    `progress(done, total)`, in hundredths of the whole job, as it goes."""
    step = progress or _quiet
    sheet = read_roster(path)
    step(_READ, 100)
    report = ImportReport(source=str(path), dry_run=dry_run)
    report.warnings += _unknown_headers(sheet)
    problems = Problems()
    rows = read_rows(sheet, problems)
    step(_ROWS, 100)
    if not rows:  # the blank template, or headers only: importing nothing is a mistake
        raise UserError(
            f"花名册中没有数据行：{Path(path).name} 只有表头，请每位家庭成员填一行后再导入。",
            f"The roster has no data rows: {Path(path).name} has only the headers; fill in "
            "one row per household member, then import it.",
            code="roster_no_rows",
        )
    groups = group(rows, problems)
    routing = route(store, groups, village=village_id, create=create_villages)
    problems += routing.problems
    clock = store.clock()  # what the plan is based on; _apply refuses if it moved
    plan = _Plan(villages=routing.created)
    report.villages_created = [{"code": v["code"], "name": v["name"]} for v in routing.created]
    per_village: dict[str, dict[str, list[FileRow]]] = {}
    for number, members in groups.items():
        if number in routing.village_of:
            per_village.setdefault(routing.village_of[number], {})[number] = members
    for vid, mine in sorted(per_village.items(), key=lambda kv: routing.codes[kv[0]]):
        numbers = [
            r.member["id_number"] for g in mine.values() for r in g if r.member.get("id_number")
        ]
        existing = load(store, vid, numbers)
        _plan(vid, mine, existing, plan, report, problems, status)
        report.by_village[routing.codes[vid]] = len(mine)
    step(_PLANNED, 100)
    if problems:
        order = {h: i for i, h in enumerate(ORDER)}
        report.problems = sorted(problems, key=lambda p: (p.row, order.get(p.column, -1)))
        raise RosterRejected(report)
    if not dry_run:
        backup.automatic(store.target, "before_import")  # an import can be undone
        report.changes = _apply(store, plan, clock, step)
    step(100, 100)
    return report


# -- pass 1: rows (povdesk.roster.rows) ------------------------------------------------
def _unknown_headers(sheet: Sheet) -> list[RosterWarning]:
    unknown = [h for h in sheet.headers if h not in COLUMNS and h not in VILLAGE_HEADERS]
    if not unknown:
        return []
    return [
        RosterWarning(
            "unknown_header",
            f"以下列不认识，已忽略：{'、'.join(unknown)}",
            f"Columns not recognised and ignored: {', '.join(unknown)}",
        )
    ]


# -- pass 2: what the store holds, and the plan ----------------------------------------
def _plan(
    vid: str,
    groups: dict[str, list[FileRow]],
    existing: Existing,
    plan: _Plan,
    report: ImportReport,
    problems: Problems,
    status: str,
) -> None:
    """Add one village's households to the plan."""
    touched: list[str] = []
    for hh_no, rows in groups.items():
        heads = [r for r in rows if r.is_head]
        if not heads:
            continue  # already a problem
        head = heads[0]
        current = existing.households.get(hh_no)
        changed = False
        if current is None:
            hid = next(plan.ids)
            plan.households.append(
                {
                    "id": hid,
                    "village_id": vid,
                    "number": hh_no,
                    "status": status,
                    **head.household,
                }
            )
            report.count("household", "created")
            changed = True
        else:
            hid = current["id"]
            changed = _update_household(current, head, plan, report)
        changed |= _plan_members(hid, hh_no, rows, existing, plan, report, problems)
        changed |= _plan_income(hid, head, existing, plan, report)
        if changed:
            touched.append(hh_no)
    absent = len(set(existing.households) - set(groups))
    if absent:
        report.warnings.append(
            RosterWarning(
                "households_absent",
                f"系统中另有 {absent} 户不在本文件中，未作改动",
                f"{absent} household(s) in the database are not in this file and were left as is",
            )
        )
    report.households += touched


def _update_household(
    current: dict[str, Any], head: FileRow, plan: _Plan, report: ImportReport
) -> bool:
    values = dict(head.household)
    status = values.pop("status", None)
    if status is not None and status != current["status"]:
        old, new = HouseholdStatus.parse(current["status"]), HouseholdStatus.parse(status)
        report.warnings.append(
            RosterWarning(
                "status_differs",
                f"户 {current['number']} 文件中{STATUS.header}为{new.zh}，系统中为{old.zh}；"
                "未改动，状态变更须经退出核查办理",
                f"household {current['number']}: the file says {new.en}, the database "
                f"{old.en}; not changed (status changes go through the exit guard)",
                head.row,
            )
        )
    return _diff(plan, report, "household", current, values)


def _plan_members(
    hid: str,
    hh_no: str,
    rows: list[FileRow],
    existing: Existing,
    plan: _Plan,
    report: ImportReport,
    problems: Problems,
) -> bool:
    mine = existing.members.get(hid, [])
    # A present record wins over an old one (e.g. someone who moved away and came back).
    by_number: dict[str, dict[str, Any]] = {}
    for m in sorted(mine, key=lambda m: m["presence"] == Presence.PRESENT.value):
        by_number[m["id_number"]] = m
    changed = False
    in_file: set[str] = set()
    for r in rows:
        number = r.member.get("id_number")
        if number is None or r.id_info is None:
            continue  # already a problem
        in_file.add(number)
        elsewhere = [
            m for m in existing.present_by_id_number.get(number, []) if m["household_id"] != hid
        ]
        if elsewhere:
            other = elsewhere[0]
            problems.add(
                r,
                ID_NUMBER,
                f"{other['name']} 已登记在另一户（户编号 {other['household_number']}），"
                "迁移须通过生活事件（分户/合户/迁入）办理",
                f"{other['name']} is registered in another household "
                f"({other['household_number']}); moves go through a life event",
            )
            continue
        current = by_number.get(number)
        if current is None:
            values = {"id": next(plan.ids), "household_id": hid, **r.member}
            values.setdefault("sex", r.id_info.sex)
            values.setdefault("birth_date", r.id_info.birth_date)
            plan.members.append(values)
            report.count("member", "created")
            changed = True
            continue
        if current["presence"] != Presence.PRESENT.value:
            presence = Presence.parse(current["presence"])
            report.warnings.append(
                RosterWarning(
                    "not_present",
                    f"{current['name']} 在系统中为{presence.zh}，文件中仍列出；在户状态未改动",
                    f"{current['name']} is {presence.en} in the database "
                    "but listed in the file; presence not changed",
                    r.row,
                )
            )
        changed |= _diff(plan, report, "member", current, r.member)
    head = next(r for r in rows if r.is_head)
    for m in mine:
        if m["presence"] != Presence.PRESENT.value or m["id_number"] in in_file:
            continue
        if m["relation"] == Relation.HEAD.value:
            problems.add(
                head,
                RELATION,
                f"户 {hh_no} 在系统中的户主 {m['name']} 不在文件中；"
                "请先在系统中变更户主，以免一户两个户主",
                f"household {hh_no}: the head in the database, {m['name']}, is not "
                "in the file; change the head in povdesk first (no two heads)",
            )
        report.warnings.append(
            RosterWarning(
                "not_in_file",
                f"户 {hh_no} 的成员 {m['name']} 不在文件中，保留不变",
                f"household {hh_no}: member {m['name']} is not in the file and was kept",
            )
        )
    return changed


def _plan_income(
    hid: str, head: FileRow, existing: Existing, plan: _Plan, report: ImportReport
) -> bool:
    year = head.income.get("year")
    if year is None:
        return False  # no income given, or amounts without a year (already a problem)
    current = existing.incomes.get((hid, year))
    if current is None:
        plan.incomes.append({"id": next(plan.ids), "household_id": hid, **head.income})
        report.count("income", "created")
        return True
    return _diff(plan, report, "income", current, head.income)


def _diff(
    plan: _Plan, report: ImportReport, entity: str, current: dict[str, Any], values: dict[str, Any]
) -> bool:
    """Plan an update of the provided values that differ; count the outcome."""
    changed = {k: v for k, v in values.items() if k not in _NOT_FROM_FILE and current.get(k) != v}
    if not changed:
        report.count(entity, "unchanged")
        return False
    plan.updates.append((entity, current, changed))
    report.count(entity, "updated")
    return True


# -- pass 3: write ---------------------------------------------------------------------
def _apply(store: Store, plan: _Plan, clock: int, step: Callable[[int, int], None]) -> OpChanges:
    today = dt.date.today()
    with store.tx() as tx:
        if tx.clock != clock:
            # Someone saved a change while the file was being checked: the plan's "current"
            # rows may be stale, and audit entries must show the true before-values.
            raise UserError(
                "导入期间数据被其他操作修改，未导入任何数据，请重新导入。",
                "The data changed while the roster was being checked; nothing was imported. "
                "Import it again.",
                code="changed_meanwhile",
            )
        statuses = [
            {
                "id": next(plan.ids),
                "household_id": h["id"],
                "status": h["status"],
                "year": today.year,
                "date": today,
                "reason": IMPORT_REASON,
                "decided_by": tx.actor,
            }
            for h in plan.households
        ]
        # Parents before children (foreign keys).
        kinds = (
            ("village", plan.villages),
            ("household", plan.households),
            ("status_record", statuses),
            ("member", plan.members),
            ("income", plan.incomes),
        )
        total, done = sum(len(rows) for _, rows in kinds) or 1, 0
        for entity, rows in kinds:
            if entity == "village":  # a few, named from the file: checked as usual
                tx.insert_many(entity, rows, trusted=True)
                continue
            if rows:
                _check_shared(entity, rows[0])
            # Every value read from the file went through the store's checks as it was
            # read (roster/rows.py); what the import adds itself is the same for every
            # row, checked just above. In parts, so that the progress moves.
            for start in range(0, len(rows), _PART):
                part = rows[start : start + _PART]
                tx.insert_many(entity, part, checked=True)
                done += len(part)
                step(_PLANNED + (99 - _PLANNED) * done // total, 100)
        for entity, current, values in plan.updates:
            tx.update(entity, current["id"], values, current=current, trusted=True)
    return OpChanges.of(tx.changes)


# How far the job is (in hundredths) after reading the file, its rows, and planning:
# writing takes the rest (about half of a large import's time).
_READ, _ROWS, _PLANNED = 10, 35, 50
_PART = 5000  # rows per insert_many while writing


def _quiet(done: int, total: int) -> None:
    """No progress wanted."""


# Set per row by the import itself (new ids, the household's) or read from the file and
# checked as read; every other value of a kind is the same for all its rows.
_PER_ROW = frozenset({"id", "household_id", "village_id", "number"})


def _check_shared(entity: str, row: dict[str, Any]) -> None:
    """The store's checks on the values the import sets alike for every row of a kind
    (the new households' status, the status records' reason and year, the actor)."""
    if entity in ("member", "income"):
        return  # their values come from the file, checked as read
    shared = {k: v for k, v in row.items() if k not in _PER_ROW}
    problems = check_codes(entity, shared) + row_problems(entity, shared)
    if problems:
        raise ValidationError(problems)
