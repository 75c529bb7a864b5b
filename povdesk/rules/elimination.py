"""When a risk is truly gone (domain.md §7): the risk-elimination guard, like the exit
guard, and what a household's own findings say about monitoring.

- `elimination_verdict`: every failing condition of §7 is a reason (income stable for
  half a year above the range, rigid expenditure resolved, 三保障 and water hold,
  monitored at least half a year with a measure taken); only a named cadre's written
  reason lets one pass, never a missing range, and never a household with no labour
  capacity at all;
- `monitoring_findings`: a lead past its deadline, an elimination the guard refuses
  today (the post-2020 fake exit, `false_elimination`), and every override, which the
  county always sees.

============================  ==========  ========  ====================================
code                          blocking    severity  what
============================  ==========  ========  ====================================
elim_*  (see ELIM_CODES)      guard       error     a §7 condition fails
lead_overdue                  finding     warning   lead undecided after decide_days
false_elimination             finding     error     eliminated, but the guard refuses now
elimination_override          finding     warning   eliminated with a written override
============================  ==========  ========  ====================================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from povdesk.codes import (
    Dimension,
    Labour,
    MeasureStatus,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    Severity,
)
from povdesk.kinds import yuan
from povdesk.models import MonitoringRecordData
from povdesk.rules.common import finding
from povdesk.rules.exit_standard import exit_findings
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import has_labour_capacity
from povdesk.rules.monitoring import (
    GUARANTEES,
    MONITORED,
    approved_elimination,
    current_record,
    half_year_after,
    lead_overdue,
    per_capita,
    procedure,
    rigid_costs,
    rigid_large,
)
from povdesk.rules.standards import STANDARD_MISSING, StandardGap, gap_reason

__all__ = [
    "ELIM_CODES",
    "NOT_OVERRIDABLE",
    "EliminationVerdict",
    "elimination_reasons",
    "elimination_verdict",
    "monitoring_findings",
    "overridden_codes",
]

_M = Dimension.MONITORING
_WARN = Severity.WARNING
_ERR = Severity.ERROR
_ELIMINATED = MonitorState.ELIMINATED.value
_PENDING = MonitorState.PENDING.value
_TAKEN = frozenset({MeasureStatus.IN_PROGRESS.value, MeasureStatus.DONE.value})
_NO_CAPACITY = frozenset({Labour.LOST.value, Labour.NONE.value})
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
    pc = per_capita(file, year)
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
    found = rigid_costs(file, year)
    if found is not None and rigid_large(*found, ctx.monitor.rigid_pct):
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
    out += [f for f in exit_findings(file, ctx) if f.blocking and f.dimension in GUARANTEES]
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
        steps = approved_elimination(file, record)
    return frozenset(c for s in steps if s.override_cadre_id for c in s.override_codes)


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
    if lead_overdue(record, ctx):
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
    for s in approved_elimination(file, record):
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
