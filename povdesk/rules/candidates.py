"""Who may be at risk (domain.md §7): the warnings that make a household not yet under
monitoring a candidate: income below or near the year's range, a sharp income drop, large
rigid expenditure, a recent life event, a 三保障 or water shortfall in an exited household.

============================  ========  ========================================
code                          severity  what
============================  ========  ========================================
range_income_below            warning   per-capita net income not above the range
range_income_near             warning   below range × (1 + margin_pct)
income_drop                   warning   fell more than drop_pct from last year
rigid_expenditure             warning   medical + school costs > rigid_pct of net
life_event                    warning   death of a worker, illness, disaster, accident
exited_shortfall              warning   exited household, 三保障 or water unmet
============================  ========  ========================================

A year without a monitoring range gives no income warning: it is a missing setting
(`standards.py`), reported once, never a household's problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from povdesk.codes import (
    Dimension,
    HouseholdStatus,
    LifeEventKind,
    MonitorType,
    RiskType,
    Severity,
)
from povdesk.kinds import yuan
from povdesk.rules.common import finding, name_of
from povdesk.rules.exit_standard import exit_findings
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import has_labour_capacity
from povdesk.rules.monitoring import (
    GUARANTEES,
    OPEN_STATES,
    current_record,
    per_capita,
    rigid_costs,
    rigid_large,
)

__all__ = [
    "CANDIDATE_CODES",
    "RECENT_DAYS",
    "Candidate",
    "candidate",
    "candidate_reasons",
]

_M = Dimension.MONITORING
_WARN = Severity.WARNING
# Households the scan looks at: not those still in the poverty register's own procedure
# (未脱贫, 拟退出: helped as poor households) and not removed ones.
_SCANNED = frozenset(
    {HouseholdStatus.EXITED.value, HouseholdStatus.RETURNED.value, HouseholdStatus.NON_POOR.value}
)
_EXITED_LIKE = frozenset({HouseholdStatus.EXITED.value, HouseholdStatus.RETURNED.value})
RECENT_DAYS = 365  # a life event counts as a warning for a year

CANDIDATE_CODES = (
    "range_income_below",
    "range_income_near",
    "income_drop",
    "rigid_expenditure",
    "life_event",
    "exited_shortfall",
)


# -- candidates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A household the scan suggests for monitoring: why, and as what."""

    household_id: str
    number: str
    head: str
    status: str
    type: str  # a MonitorType code
    risks: tuple[str, ...]  # RiskType codes
    reasons: tuple[Finding, ...]


def candidate(file: HouseholdFile, ctx: RuleContext) -> Candidate | None:
    """The household as a candidate, or None when no warning holds (or it is already
    under monitoring, or not a household the scan looks at)."""
    reasons = candidate_reasons(file, ctx)
    if not reasons:
        return None
    hh = file.household
    codes = {f.code for f in reasons}
    if hh.status in _EXITED_LIKE:
        kind = MonitorType.UNSTABLE
    elif codes & {"range_income_below", "range_income_near"}:
        kind = MonitorType.EDGE
    else:
        kind = MonitorType.SUDDEN
    head = file.head
    return Candidate(
        household_id=hh.id,
        number=hh.number,
        head=name_of(head) if head is not None else "",
        status=hh.status,
        type=kind.value,
        risks=_risks(file, reasons, ctx),
        reasons=tuple(reasons),
    )


def candidate_reasons(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    """Each warning that makes the household a candidate; [] when none holds, when it is
    already a lead or a monitoring object, or when it is not scanned (未脱贫, 拟退出 and
    销号 households are not: the first two are helped as poor households)."""
    hh = file.household
    if hh.status not in _SCANNED:
        return []
    record = current_record(file)
    if record is not None and record.state in OPEN_STATES:
        return []
    return [
        *_income_warnings(file, ctx),
        *_rigid_warning(file, ctx),
        *_event_warnings(file, ctx),
        *_shortfalls(file, ctx),
    ]


def _income_warnings(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    year, s = ctx.year, ctx.monitor
    pc = per_capita(file, year)
    if pc is None:
        return out
    range_ = ctx.monitoring_ranges.get(year)
    if range_ is not None:
        if pc <= range_:
            out.append(
                finding(
                    file,
                    "range_income_below",
                    _M,
                    _WARN,
                    f"{year} 年人均纯收入 {yuan(pc)} 元，未高于监测范围 {yuan(range_)} 元",
                    f"Per-capita net income in {year} is {yuan(pc)} yuan, not above the "
                    f"monitoring range of {yuan(range_)} yuan",
                    field="income",
                )
            )
        elif 100 * pc < (100 + s.margin_pct) * range_:
            out.append(
                finding(
                    file,
                    "range_income_near",
                    _M,
                    _WARN,
                    f"{year} 年人均纯收入 {yuan(pc)} 元，高出监测范围 {yuan(range_)} 元"
                    f"不到 {s.margin_pct}%",
                    f"Per-capita net income in {year} is {yuan(pc)} yuan, less than "
                    f"{s.margin_pct}% above the monitoring range of {yuan(range_)} yuan",
                    field="income",
                )
            )
    before = per_capita(file, year - 1)
    if before is not None and before > 0 and 100 * (before - pc) > s.drop_pct * before:
        share = (100 * (before - pc)) // before
        out.append(
            finding(
                file,
                "income_drop",
                _M,
                _WARN,
                f"人均纯收入比上年下降 {share}%（{year - 1} 年 {yuan(before)} 元，"
                f"{year} 年 {yuan(pc)} 元）",
                f"Per-capita net income fell {share}% from last year ({year - 1}: "
                f"{yuan(before)} yuan, {year}: {yuan(pc)} yuan)",
                field="income",
            )
        )
    return out


def _rigid_warning(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    found = rigid_costs(file, ctx.year)
    if found is None or not rigid_large(*found, ctx.monitor.rigid_pct):
        return []
    costs, net = found
    pct = ctx.monitor.rigid_pct
    return [
        finding(
            file,
            "rigid_expenditure",
            _M,
            _WARN,
            f"{ctx.year} 年医疗、教育刚性支出 {yuan(costs)} 元，超过家庭纯收入"
            f"（{yuan(net)} 元）的 {pct}%",
            f"Medical and school costs in {ctx.year} were {yuan(costs)} yuan, more than "
            f"{pct}% of the net income ({yuan(net)} yuan)",
            field="income",
        )
    ]


_EVENT_WORDS = {
    LifeEventKind.SERIOUS_ILLNESS.value: ("突患大病", "fell seriously ill"),
    LifeEventKind.DISASTER.value: ("遭受灾害", "suffered disaster damage"),
    LifeEventKind.ACCIDENT.value: ("遭遇意外事故", "had an accident"),
}


def _event_warnings(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    since = ctx.today - dt.timedelta(days=RECENT_DAYS)
    members = {m.id: m for m in file.members}
    for e in file.events:
        if not since <= e.date <= ctx.today:
            continue
        who = members.get(e.member_id or "")
        name = name_of(who) if who is not None else "家中"
        name_en = (who.name.strip() or "a member") if who is not None else "the household"
        if e.kind == LifeEventKind.DEATH.value:
            if who is None or not has_labour_capacity(who):
                continue  # only the death of a working member takes the household's income
            zh, en = f"{name}（有劳动能力）去世", f"{name_en}, a working member, died"
        elif e.kind in _EVENT_WORDS:
            words = _EVENT_WORDS[e.kind]
            zh, en = f"{name}{words[0]}", f"{name_en} {words[1]}"
        else:
            continue
        note = f"：{e.note.strip()}" if e.note.strip() else ""
        out.append(
            finding(
                file,
                "life_event",
                _M,
                _WARN,
                f"{e.date.isoformat()} {zh}{note}",
                f"On {e.date.isoformat()} {en}",
                member=who,
            )
        )
    return out


def _shortfalls(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    if file.household.status not in _EXITED_LIKE:
        return []
    return [
        finding(
            file,
            "exited_shortfall",
            f.dimension,
            _WARN,
            f"已脱贫户存在保障短板：{f.zh}",
            f"Exited household with a shortfall: {f.en}",
            field=f.field,
        )
        for f in exit_findings(file, ctx)
        if f.blocking and f.dimension in GUARANTEES
    ]


_EVENT_RISKS = {
    LifeEventKind.DEATH.value: RiskType.NO_LABOUR.value,
    LifeEventKind.SERIOUS_ILLNESS.value: RiskType.ILLNESS.value,
    LifeEventKind.DISASTER.value: RiskType.DISASTER.value,
    LifeEventKind.ACCIDENT.value: RiskType.ACCIDENT.value,
}


def _risks(file: HouseholdFile, reasons: Iterable[Finding], ctx: RuleContext) -> tuple[str, ...]:
    """The risk types the warnings suggest (a person confirms them when adding a lead)."""
    out: list[str] = []
    codes = {f.code for f in reasons}
    inc = file.income_for(ctx.year)
    if "rigid_expenditure" in codes and inc is not None:
        if inc.expense_medical:
            out.append(RiskType.ILLNESS.value)
        if inc.expense_school:
            out.append(RiskType.SCHOOLING.value)
    since = ctx.today - dt.timedelta(days=RECENT_DAYS)
    if "life_event" in codes:
        out += [
            _EVENT_RISKS[e.kind] for e in file.events if e.kind in _EVENT_RISKS and e.date >= since
        ]
    if codes & {"income_drop", "range_income_below", "range_income_near"} and not out:
        out.append(RiskType.JOBS.value if "income_drop" in codes else RiskType.OTHER.value)
    if "exited_shortfall" in codes and not out:
        out.append(RiskType.OTHER.value)
    return tuple(dict.fromkeys(out))
