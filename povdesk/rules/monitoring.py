"""防止返贫动态监测 (domain.md §7): what the candidate scan (`candidates.py`) and the
risk-elimination guard (`elimination.py`) share: a household's monitoring spells and
their procedure, its per-capita income and its rigid expenditure, and the day counts.
"""

from __future__ import annotations

import datetime as dt

from povdesk.codes import (
    EXIT_DIMENSIONS,
    Dimension,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    StepOutcome,
)
from povdesk.models import MonitoringRecordData, MonitoringStepData
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.income import net_income

__all__ = [
    "GUARANTEES",
    "MONITORED",
    "OPEN_STATES",
    "approved_elimination",
    "current_record",
    "half_year_after",
    "lead_overdue",
    "notice_days",
    "per_capita",
    "phase_of",
    "procedure",
    "rigid_costs",
    "rigid_large",
    "steps_of",
]

_ELIMINATED = MonitorState.ELIMINATED.value
_PENDING = MonitorState.PENDING.value

# States in which a household is a monitoring object (or a lead about to become one).
OPEN_STATES = frozenset(
    {MonitorState.PENDING.value, MonitorState.MONITORING.value, MonitorState.RETURNED.value}
)
MONITORED = frozenset({MonitorState.MONITORING.value, MonitorState.RETURNED.value})
# 两不愁三保障 and safe water: the dimensions besides income.
GUARANTEES = frozenset(d for d in EXIT_DIMENSIONS if d is not Dimension.INCOME)


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


def lead_overdue(record: MonitoringRecordData, ctx: RuleContext) -> bool:
    """A lead not decided within `decide_days` of being found (domain.md §7: 15 days)."""
    due = record.lead_date + dt.timedelta(days=ctx.monitor.decide_days)
    return record.state == _PENDING and due < ctx.today


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


def per_capita(file: HouseholdFile, year: int) -> int | None:
    inc = file.income_for(year)
    size = len(file.present)
    if inc is None or size == 0:
        return None
    return net_income(inc) // size


def rigid_costs(file: HouseholdFile, year: int) -> tuple[int, int] | None:
    """(medical + school costs, net income) of `year`, or None without an income row."""
    inc = file.income_for(year)
    if inc is None:
        return None
    return inc.expense_medical + inc.expense_school, net_income(inc)


def rigid_large(costs: int, net: int, pct: int) -> bool:
    # costs > pct% of net, in integers; any cost against no income is large.
    return costs > 0 and (net <= 0 or 100 * costs > pct * net)


def approved_elimination(
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
