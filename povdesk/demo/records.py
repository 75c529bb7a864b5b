"""History rows: exit timelines, status records, overrides, pairings and life events.

A household's status is its newest status record (models/household.py), so each history
is written oldest first with strictly increasing dates, and the household row gets the
status of the last one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from povdesk.codes import HouseholdStatus
from povdesk.demo.base import Draw, Home, Place, Role
from povdesk.demo.cadres import Team

S = HouseholdStatus
FINAL_STATUS: dict[Role, HouseholdStatus] = {
    Role.POOR: S.POOR,
    Role.PROPOSED: S.PROPOSED,
    Role.EXITED: S.EXITED,
    Role.FALSE_EXIT: S.EXITED,
    Role.RETURNED: S.RETURNED,
}
SHARE_PAIRING_HISTORY = 0.08


def timeline(draw: Draw, home: Home, today: dt.date) -> None:
    """Exit year and dates, the proposal date, the planned exit year."""
    d, y = draw, today.year
    first = home.identified_year + 1  # identified_year <= y - 2, so first <= y - 1
    role = home.plan.role
    planned = y if d.chance(0.6) else y + 1
    if role in (Role.EXITED, Role.FALSE_EXIT, Role.RETURNED):
        if role is Role.FALSE_EXIT:
            year = y - 1 if d.chance(0.7) else y - 2  # the rushed exits of a recent push
        elif role is Role.RETURNED:
            year = d.between(first, max(first, y - 3))
        elif home.plan.override:
            year = d.between(first, max(first, y - 2))  # long enough ago to be resolved
        else:
            year = d.between(first, y - 1)
        year = max(first, min(year, y - 1))
        home.exit_year = planned = year
        home.exit_on = dt.date(year, d.between(11, 12), d.between(1, 28))
        home.proposed_on = dt.date(year, d.between(9, 10), d.between(1, 28))
        if role is Role.RETURNED:
            planned = y + 1
    elif role is Role.PROPOSED:
        home.proposed_on = today - dt.timedelta(days=d.between(3, 45))
        planned = y
    home.values["planned_exit_year"] = planned


def pair_all(draw: Draw, homes: list[Home], team: Team, today: dt.date) -> None:
    """Everyone gets a cadre, shared out evenly; the leader takes fewer households."""
    d = draw
    leader = team.leader["id"]
    others = [r["id"] for r in team.active if r["id"] != leader]
    pool = [leader, *others, *others]
    order = d.sample(range(len(homes)), len(homes))
    for k, i in enumerate(order):
        home = homes[i]
        start = today - dt.timedelta(days=d.between(365, 1095))
        if d.chance(SHARE_PAIRING_HISTORY):
            before = start - dt.timedelta(days=d.between(365, 900))
            home.pairings.append((team.former["id"], before, start - dt.timedelta(days=1)))
        home.pairings.append((pool[k % len(pool)], start, None))


def pairing_rows(draw: Draw, home: Home) -> list[dict[str, Any]]:
    return [
        {"id": draw.new_id(), "household_id": home.id, "cadre_id": c, "start": s, "end": e}
        for c, s, e in home.pairings
    ]


def status_rows(
    draw: Draw, home: Home, place: Place, team: Team, today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(exit overrides, status records) of one household, oldest first."""
    d = draw
    role = home.plan.role
    ident = home.identified_year
    found_on = dt.date(ident, d.between(4, 9), d.between(1, 28))
    rows = [
        _status(
            d,
            home,
            S.POOR,
            ident,
            found_on,
            "建档立卡：经农户申请、民主评议、公示公告，识别为贫困户",
            "村两委、驻村工作队",
        )
    ]
    overrides: list[dict[str, Any]] = []
    county_body = f"{place.county or '县'}扶贫开发领导小组"
    if home.proposed_on is not None:
        year = home.exit_year or today.year
        rows.append(
            _status(
                d,
                home,
                S.PROPOSED,
                year,
                home.proposed_on,
                "驻村工作队入户核实，户主签字认可，村民代表大会评议通过，拟退出",
                "村民代表大会",
            )
        )
    if home.exit_on is not None and home.exit_year is not None:
        override_id = None
        if home.plan.override:
            override = _override(d, home, team, home.exit_year, home.exit_on)
            overrides.append(override)
            override_id = override["id"]
        rows.append(
            _status(
                d,
                home,
                S.EXITED,
                home.exit_year,
                home.exit_on,
                "村内公示7天无异议，乡镇审核、县级核定，公告退出",
                county_body,
                override_id,
            )
        )
    if role is Role.RETURNED and home.exit_on is not None:
        start = max(home.exit_on + dt.timedelta(days=30), dt.date(today.year - 1, 3, 1))
        on = min(d.day(start, dt.date(today.year - 1, 10, 31)), today)
        sick = next((p for p in home.present if p.serious), None)
        illness = f"{sick.name}患{sick.illness}" if sick is not None else "家庭成员患大病"
        rows.append(
            _status(
                d,
                home,
                S.RETURNED,
                on.year,
                on,
                f"因病返贫：{illness}，医疗支出大、收入骤减，经核实纳入返贫监测",
                "村两委、驻村工作队",
            )
        )
    return overrides, rows


def _status(
    d: Draw,
    home: Home,
    status: HouseholdStatus,
    year: int,
    on: dt.date,
    reason: str,
    by: str,
    override_id: str | None = None,
) -> dict[str, Any]:
    return {
        "id": d.new_id(),
        "household_id": home.id,
        "year": year,
        "status": status.value,
        "date": on,
        "reason": reason,
        "decided_by": by,
        "override_id": override_id,
    }


def _override(d: Draw, home: Home, team: Team, year: int, on: dt.date) -> dict[str, Any]:
    if home.plan.override == "relocation":
        reason = (
            f"该户易地扶贫搬迁安置房已于{year}年{d.between(6, 9)}月竣工验收，因安置点配套"
            "水电未完工，钥匙定于次年统一交付；经乡镇实地核实，住房安全有保障，同意先行退出。"
        )
        codes = ["relocation_no_keys"]
    else:
        sick = next((p for p in home.present if p.sick), home.head)
        if any(p.migrant_months for p in home.present):
            support = "家中劳动力常年务工，收入稳定"
        elif any(p.dibao or p.tekun for p in home.present):
            support = "已纳入低保兜底，养老金按时发放，基本生活有保障"
        else:
            support = "种养殖产业已见效，来年收入有保障"
        reason = (
            f"{sick.name}{year}年住院治疗，医疗支出使当年人均纯收入略低于扶贫标准；{support}，"
            "健康扶贫政策已落实，经乡镇核实同意退出。"
        )
        codes = ["income_below_line"]
    return {
        "id": d.new_id(),
        "household_id": home.id,
        "year": year,
        "cadre_id": team.leader["id"],
        "reason": reason,
        "finding_codes": codes,
        "date": on,
    }


def event_rows(draw: Draw, home: Home) -> list[dict[str, Any]]:
    return [
        {
            "id": draw.new_id(),
            "household_id": home.id,
            "member_id": p.id,
            "kind": p.event,
            "date": p.event_date,
            "note": p.event_note,
            "other_household_id": None,
        }
        for p in home.people
        if p.event is not None
    ]
