"""防止返贫动态监测 (domain.md §7): who may be at risk, and when a risk is truly gone.

Three questions, answered from a household's file and the rule context alone:

- `candidate_reasons`: the warnings that make a household not yet under monitoring a
  candidate (income below or near the year's range, a sharp income drop, large rigid
  expenditure, a recent life event, a 三保障 or water shortfall in an exited household);
- `elimination_verdict`: the risk-elimination guard, like the exit guard; every failing
  condition of §7 is a reason, and only a named cadre's written reason lets one pass
  (never a missing range, and never a household with no labour capacity at all);
- `monitoring_findings`: what the household's own finding list says about monitoring: a
  lead past its deadline, an elimination the guard refuses today (the post-2020 fake
  exit, `false_elimination`), and every override, which the county always sees.

============================  ==========  ========  ====================================
code                          blocking    severity  what
============================  ==========  ========  ====================================
range_income_below            candidate   warning   per-capita net income below range
range_income_near             candidate   warning   below range × (1 + margin)
income_drop                   candidate   warning   fell more than drop_pct from last year
rigid_expenditure             candidate   warning   medical + school > rigid_pct of net
life_event                    candidate   warning   death of a worker, illness, disaster…
exited_shortfall              candidate   warning   exited household, 三保障/water unmet
elim_*  (see ELIM_CODES)      guard       error     a §7 condition fails
lead_overdue                  finding     warning   lead undecided after decide_days
false_elimination             finding     error     eliminated, but the guard refuses now
elimination_override          finding     warning   eliminated with a written override
============================  ==========  ========  ====================================

A year without a monitoring range gives no income warning and refuses no household for
income: it is a missing setting (`standards.py`), reported once, never a household's
problem; the guard refuses elimination with a reason that names the setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from povdesk.codes import (
    EXIT_DIMENSIONS,
    Dimension,
    HouseholdStatus,
    Labour,
    LifeEventKind,
    MeasureStatus,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    RiskType,
    Severity,
    StepOutcome,
)
from povdesk.kinds import yuan
from povdesk.models import MonitoringRecordData, MonitoringStepData
from povdesk.rules.common import finding, name_of
from povdesk.rules.exit_standard import exit_findings
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import has_labour_capacity
from povdesk.rules.income import net_income
from povdesk.rules.standards import STANDARD_MISSING, StandardGap, gap_reason

__all__ = [
    "CANDIDATE_CODES",
    "ELIM_CODES",
    "NOT_OVERRIDABLE",
    "OPEN_STATES",
    "Candidate",
    "EliminationVerdict",
    "candidate",
    "candidate_reasons",
    "current_record",
    "elimination_verdict",
    "half_year_after",
    "monitoring_findings",
    "notice_days",
    "procedure",
]

_M = Dimension.MONITORING
_WARN = Severity.WARNING
_ERR = Severity.ERROR

# States in which a household is a monitoring object (or a lead about to become one).
OPEN_STATES = frozenset(
    {MonitorState.PENDING.value, MonitorState.MONITORING.value, MonitorState.RETURNED.value}
)
MONITORED = frozenset({MonitorState.MONITORING.value, MonitorState.RETURNED.value})
_ELIMINATED = MonitorState.ELIMINATED.value
_PENDING = MonitorState.PENDING.value
# Households the scan looks at: not those still in the poverty register's own procedure
# (未脱贫, 拟退出: helped as poor households) and not removed ones.
_SCANNED = frozenset(
    {HouseholdStatus.EXITED.value, HouseholdStatus.RETURNED.value, HouseholdStatus.NON_POOR.value}
)
_EXITED_LIKE = frozenset({HouseholdStatus.EXITED.value, HouseholdStatus.RETURNED.value})
_GUARANTEES = frozenset(d for d in EXIT_DIMENSIONS if d is not Dimension.INCOME)
_TAKEN = frozenset({MeasureStatus.IN_PROGRESS.value, MeasureStatus.DONE.value})
_NO_CAPACITY = frozenset({Labour.LOST.value, Labour.NONE.value})
RECENT_DAYS = 365  # a life event counts as a warning for a year

CANDIDATE_CODES = (
    "range_income_below",
    "range_income_near",
    "income_drop",
    "rigid_expenditure",
    "life_event",
    "exited_shortfall",
)
# code -> (zh, en) of the condition, as the guard's reasons are listed.
ELIM_CODES: dict[str, tuple[str, str]] = {
    "elim_not_monitored": ("不是监测中的对象", "not under monitoring"),
    "elim_income_missing": ("缺本年度收入", "no income this year"),
    "elim_income_below_range": ("收入未稳定高于监测范围", "income not above the range"),
    "elim_income_not_stable": ("收入未稳定半年以上", "income not stable for half a year"),
    "elim_rigid_expenditure": ("刚性支出未解决", "rigid expenditure not resolved"),
    "elim_monitored_short": ("监测不满半年", "monitored less than half a year"),
    "elim_no_measure": ("未落实帮扶措施", "no assistance measure taken"),
    "elim_no_labour": ("家庭无劳动能力", "no labour capacity"),
    "elim_labour_unknown": ("劳动能力未核实", "labour capacity not recorded"),
}
# No written reason makes these pass: there is no range to be above, and §7 says a
# household with no labour capacity at all is never marked eliminated.
NOT_OVERRIDABLE = frozenset({STANDARD_MISSING, "elim_no_labour", "elim_not_monitored"})


def half_year_after(day: dt.date) -> dt.date:
    """The same day six calendar months later (the 31st becomes the month's last day)."""
    month = day.month + 6
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError(day)


def notice_days(start: dt.date, end: dt.date) -> int:
    """Days a notice is posted, both ends included (the exit notice counts the same)."""
    return (end - start).days + 1


# -- the record and its procedure -------------------------------------------------------


def current_record(file: HouseholdFile) -> MonitoringRecordData | None:
    """The household's newest monitoring spell (by lead date, then rev), or None."""
    if not file.monitors:
        return None
    return max(file.monitors, key=lambda r: (r.lead_date, r.rev))


def steps_of(file: HouseholdFile, record: MonitoringRecordData) -> list[MonitoringStepData]:
    return sorted((s for s in file.monitor_steps if s.record_id == record.id), key=_step_key)


def _step_key(s: MonitoringStepData) -> tuple[int, dt.date, int]:
    return (s.seq, s.date, s.rev)


def phase_of(record: MonitoringRecordData) -> str | None:
    """The procedure a record is in: identification while a lead, elimination while
    monitored, none once eliminated or not included."""
    if record.state == _PENDING:
        return MonitorPhase.IDENTIFY.value
    if record.state in MONITORED:
        return MonitorPhase.ELIMINATE.value
    return None


def procedure(
    file: HouseholdFile, record: MonitoringRecordData, phase: str | None = None
) -> list[MonitoringStepData]:
    """The steps of the record's current attempt at `phase` (default: the phase it is
    in): those after the last county decision or refusing step of that phase, which
    ended the previous attempt (a refused elimination starts again from a home check)."""
    phase = phase or phase_of(record)
    out: list[MonitoringStepData] = []
    for s in steps_of(file, record):
        if s.phase != phase:
            continue
        out.append(s)
        if s.step == MonitorStep.COUNTY_DECISION.value or s.outcome == StepOutcome.FAILED.value:
            out = []
    return out


# -- income -------------------------------------------------------------------------------


def _per_capita(file: HouseholdFile, year: int) -> int | None:
    inc = file.income_for(year)
    size = len(file.present)
    if inc is None or size == 0:
        return None
    return net_income(inc) // size


def _rigid(file: HouseholdFile, year: int) -> tuple[int, int] | None:
    """(medical + school costs, net income) of `year`, or None without an income row."""
    inc = file.income_for(year)
    if inc is None:
        return None
    return inc.expense_medical + inc.expense_school, net_income(inc)


def _rigid_large(costs: int, net: int, pct: int) -> bool:
    # costs > pct% of net, in integers; any cost against no income is large.
    return costs > 0 and (net <= 0 or 100 * costs > pct * net)


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
    pc = _per_capita(file, year)
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
    before = _per_capita(file, year - 1)
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
    found = _rigid(file, ctx.year)
    if found is None or not _rigid_large(*found, ctx.monitor.rigid_pct):
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
        if f.blocking and f.dimension in _GUARANTEES
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


# -- the risk-elimination guard ---------------------------------------------------------------


@dataclass(frozen=True)
class EliminationVerdict:
    """Like `ExitVerdict`: `blocking` every reason the guard gives, `open` those no
    written override on the record's current elimination procedure covers."""

    blocking: tuple[Finding, ...]
    open: tuple[Finding, ...]

    @property
    def allowed(self) -> bool:
        return not self.open

    @property
    def overridden(self) -> bool:
        return bool(self.blocking) and not self.open

    @property
    def overridable(self) -> bool:
        return not any(f.code in NOT_OVERRIDABLE for f in self.open)


def _elim(file: HouseholdFile, code: str, zh: str, en: str, dim: Dimension = _M) -> Finding:
    head_zh, head_en = ELIM_CODES[code]
    return finding(file, code, dim, _ERR, f"{head_zh}：{zh}", f"{head_en}: {en}", blocking=True)


def elimination_reasons(
    file: HouseholdFile, ctx: RuleContext, record: MonitoringRecordData, *, as_of: dt.date
) -> list[Finding]:
    """Every §7 condition that fails for marking `record` eliminated on `as_of`; [] means
    the household meets them all. Facts of the household (income, costs, 三保障, labour)
    are read as they stand; the monitoring time and the income checks up to `as_of`."""
    out: list[Finding] = []
    year = ctx.year
    if record.state not in MONITORED and record.state != _ELIMINATED:
        state = MonitorState.parse(record.state)
        out.append(
            _elim(file, "elim_not_monitored", f"当前为{state.zh}", f"it is {state.en.lower()}")
        )
    range_ = ctx.monitoring_ranges.get(year)
    pc = _per_capita(file, year)
    if range_ is None:
        out.append(
            gap_reason(StandardGap("monitoring_range", year, blocks_exit=True), file.household.id)
        )
    elif pc is None:
        out.append(
            _elim(
                file,
                "elim_income_missing",
                f"未录入 {year} 年度收入或家中无在户成员",
                f"no {year} income recorded, or nobody present",
                Dimension.INCOME,
            )
        )
    elif pc <= range_:
        out.append(
            _elim(
                file,
                "elim_income_below_range",
                f"{year} 年人均纯收入 {yuan(pc)} 元，未高于监测范围 {yuan(range_)} 元",
                f"{year} per-capita net income {yuan(pc)} yuan is not above the range "
                f"of {yuan(range_)} yuan",
                Dimension.INCOME,
            )
        )
    stable = _income_stable(file, ctx, record, as_of)
    if stable is not None:
        out.append(_elim(file, "elim_income_not_stable", *stable, Dimension.INCOME))
    found = _rigid(file, year)
    if found is not None and _rigid_large(*found, ctx.monitor.rigid_pct):
        costs, net = found
        out.append(
            _elim(
                file,
                "elim_rigid_expenditure",
                f"{year} 年医疗、教育支出 {yuan(costs)} 元，超过家庭纯收入（{yuan(net)} 元）的 "
                f"{ctx.monitor.rigid_pct}%",
                f"medical and school costs of {yuan(costs)} yuan in {year} exceed "
                f"{ctx.monitor.rigid_pct}% of the net income ({yuan(net)} yuan)",
            )
        )
    out += [f for f in exit_findings(file, ctx) if f.blocking and f.dimension in _GUARANTEES]
    since = record.identified_on
    if since is None or half_year_after(since) > as_of:
        zh = (
            f"{since.isoformat()} 纳入监测，到 {as_of.isoformat()} 不满半年"
            if since
            else "未经县级审定纳入监测"
        )
        en = (
            f"included on {since.isoformat()}, less than half a year before {as_of.isoformat()}"
            if since
            else "never included by a county decision"
        )
        out.append(_elim(file, "elim_monitored_short", zh, en))
    taken = [m for m in file.measures if m.monitoring_id == record.id and m.status in _TAKEN]
    if not taken:
        out.append(
            _elim(
                file,
                "elim_no_measure",
                "本次监测没有已实施或已完成的帮扶措施",
                "no measure for this monitoring is in progress or done",
                Dimension.PLAN,
            )
        )
    out += _labour(file)
    return out


def _income_stable(
    file: HouseholdFile, ctx: RuleContext, record: MonitoringRecordData, as_of: dt.date
) -> tuple[str, str] | None:
    """Why the income is not shown stable above the range for the half year before
    `as_of`, or None when it is. The evidence is the per-capita income found at home
    checks: one at least half a year old, and every one since, above its year's range."""
    checks = sorted(
        (
            s
            for s in file.monitor_steps
            if s.record_id == record.id
            and s.step == MonitorStep.HOME_CHECK.value
            and s.per_capita_income is not None
            and s.date <= as_of
        ),
        key=lambda s: (s.date, s.seq),
    )
    old = [s for s in checks if half_year_after(s.date) <= as_of]
    if not old:
        return (
            "半年前以来没有入户核实的收入记录",
            "no income found at a home check half a year ago or earlier",
        )
    span = [s for s in checks if s.date >= old[-1].date]
    for s in span:
        range_ = ctx.monitoring_ranges.get(s.date.year)
        if range_ is None:
            continue  # a missing range is reported once, as a setting
        assert s.per_capita_income is not None
        if s.per_capita_income <= range_:
            return (
                f"{s.date.isoformat()} 入户核实人均纯收入 {yuan(s.per_capita_income)} 元，"
                f"未高于监测范围 {yuan(range_)} 元",
                f"on {s.date.isoformat()} a home check found {yuan(s.per_capita_income)} "
                f"yuan per person, not above the range of {yuan(range_)} yuan",
            )
    return None


def _labour(file: HouseholdFile) -> list[Finding]:
    present = file.present
    if any(has_labour_capacity(m) for m in present):
        return []
    if present and all(m.labour in _NO_CAPACITY for m in present):
        return [
            _elim(
                file,
                "elim_no_labour",
                "家中无劳动能力，应继续监测并落实社会保障兜底措施",
                "nobody can work; keep monitoring with social-security measures",
            )
        ]
    return [
        _elim(
            file,
            "elim_labour_unknown",
            "在户成员的劳动技能未填写，无法确认家中有劳动能力",
            "no present member's labour capacity is recorded",
        )
    ]


def overridden_codes(file: HouseholdFile, record: MonitoringRecordData) -> frozenset[str]:
    """Codes a written override on the record's current elimination attempt covers."""
    steps = procedure(file, record, MonitorPhase.ELIMINATE.value)
    if record.state == _ELIMINATED:
        steps = _last_elimination(file, record)
    return frozenset(c for s in steps if s.override_cadre_id for c in s.override_codes)


def _last_elimination(
    file: HouseholdFile, record: MonitoringRecordData
) -> list[MonitoringStepData]:
    """The steps of the elimination attempt the county approved (its last one)."""
    done: list[MonitoringStepData] = []
    out: list[MonitoringStepData] = []
    for s in steps_of(file, record):
        if s.phase != MonitorPhase.ELIMINATE.value:
            continue
        out.append(s)
        if s.step == MonitorStep.COUNTY_DECISION.value:
            if s.outcome == StepOutcome.PASSED.value:
                done = out
            out = []
    return done


def elimination_verdict(
    file: HouseholdFile,
    ctx: RuleContext,
    record: MonitoringRecordData,
    *,
    as_of: dt.date | None = None,
    extra_overrides: frozenset[str] = frozenset(),
) -> EliminationVerdict:
    """The one answer to "may this record be marked risk eliminated, and if not, why":
    the same for the village's proposal, the county's decision and the checks."""
    reasons = tuple(elimination_reasons(file, ctx, record, as_of=as_of or ctx.today))
    covered = overridden_codes(file, record) | extra_overrides
    open_ = tuple(f for f in reasons if f.code in NOT_OVERRIDABLE or f.code not in covered)
    return EliminationVerdict(reasons, open_)


# -- the household's own findings -----------------------------------------------------------


def monitoring_findings(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    """Overdue leads, false eliminations and elimination overrides (see the table)."""
    record = current_record(file)
    if record is None:
        return []
    out: list[Finding] = []
    if record.state == _PENDING:
        due = record.lead_date + dt.timedelta(days=ctx.monitor.decide_days)
        if due < ctx.today:
            late = (ctx.today - record.lead_date).days
            out.append(
                finding(
                    file,
                    "lead_overdue",
                    _M,
                    _WARN,
                    f"监测线索 {record.lead_date.isoformat()} 发现，已 {late} 天未经县级审定"
                    f"（应在 {ctx.monitor.decide_days} 天内）",
                    f"Monitoring lead found on {record.lead_date.isoformat()} is still "
                    f"undecided after {late} days (due within {ctx.monitor.decide_days})",
                )
            )
    if record.state == _ELIMINATED:
        as_of = record.eliminated_on or ctx.today
        verdict = elimination_verdict(file, ctx, record, as_of=as_of)
        for f in verdict.open:
            if f.code == STANDARD_MISSING:
                continue  # a missing setting, reported once elsewhere
            out.append(
                finding(
                    file,
                    "false_elimination",
                    f.dimension,
                    _ERR,
                    f"已标记风险消除，但：{f.zh}",
                    f"Marked risk eliminated, but: {f.en}",
                    field=f.field,
                )
            )
        out += _override_findings(file, record, ctx)
    return out


def _override_findings(
    file: HouseholdFile, record: MonitoringRecordData, ctx: RuleContext
) -> list[Finding]:
    out: list[Finding] = []
    for s in _last_elimination(file, record):
        if not s.override_cadre_id:
            continue
        cadre = ctx.cadres.get(s.override_cadre_id)
        who = cadre.name if cadre is not None and cadre.name else f"（干部 {s.override_cadre_id}）"
        who_en = (
            cadre.name if cadre is not None and cadre.name else f"(cadre {s.override_cadre_id})"
        )
        # The reasons by number, not by their internal codes (a person reads this).
        n = len(s.override_codes)
        out.append(
            finding(
                file,
                "elimination_override",
                _M,
                _WARN,
                f"{s.date.isoformat()} {who} 放行风险消除（当时有 {n} 项不符合条件），"
                f"理由：{s.override_reason.strip()}",
                f"On {s.date.isoformat()} {who_en} let the risk elimination pass despite "
                f"{n} failing condition(s); reason: {s.override_reason.strip()}",
            )
        )
    return out
