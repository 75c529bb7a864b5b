"""The monitoring rules (domain.md §7): each warning, each condition of the risk-elimination
guard and each time rule, with a household built to pass it and one built to fail it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from povdesk.codes import (
    DangerGrade,
    HouseholdStatus,
    Labour,
    LifeEventKind,
    MeasureStatus,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    RiskType,
    StepOutcome,
)
from povdesk.models import IncomeData, LifeEventData, MonitoringRecordData, MonitoringStepData
from povdesk.rules.candidates import candidate, candidate_reasons
from povdesk.rules.elimination import elimination_verdict, monitoring_findings
from povdesk.rules.facts import HouseholdFile, MonitorSettings, RuleContext
from povdesk.rules.monitoring import half_year_after, notice_days
from povdesk.rules.readiness import findings_for, readiness
from povdesk.rules.standards import STANDARD_MISSING

TODAY = dt.date(2026, 6, 1)
YEAR = 2025
RANGE = 800_000  # 8,000 yuan per person


@pytest.fixture
def mctx(ctx: RuleContext) -> RuleContext:
    return dataclasses.replace(
        ctx,
        today=TODAY,
        year=YEAR,
        monitoring_ranges={2024: RANGE, 2025: RANGE, 2026: RANGE},
    )


def income(year: int, per_capita: int, size: int = 3, **kw: Any) -> IncomeData:
    """An income row whose per-capita net income is `per_capita` fen for `size` people."""
    return IncomeData(household_id="h1", year=year, wages=per_capita * size, **kw)


def exited(mk: Any, per_capita: int = 1_500_000, **household: Any) -> HouseholdFile:
    """An exited household well above the range (15,000 against 8,000 yuan): no warning."""
    household.setdefault("status", HouseholdStatus.EXITED.value)
    f: HouseholdFile = mk.file(**household)
    f.incomes = [income(YEAR - 1, per_capita), income(YEAR, per_capita)]
    return f


def monitored(mk: Any, **household: Any) -> tuple[HouseholdFile, MonitoringRecordData]:
    """A monitoring object that meets every condition of the guard on TODAY: included
    2025-10-01, income found above the range at home checks since 2025-11-01, one measure
    done for the record."""
    f = exited(mk, **household)
    record = MonitoringRecordData(
        id="r1",
        household_id="h1",
        type=MonitorType.UNSTABLE.value,
        risks=[RiskType.ILLNESS.value],
        lead_date=dt.date(2025, 9, 20),
        consent_date=dt.date(2025, 9, 21),
        state=MonitorState.MONITORING.value,
        identified_on=dt.date(2025, 10, 1),
    )
    f.monitors = [record]
    f.monitor_steps = [
        step(1, MonitorStep.HOME_CHECK, dt.date(2025, 11, 1), per_capita_income=1_000_000),
        step(2, MonitorStep.HOME_CHECK, dt.date(2026, 3, 1), per_capita_income=1_100_000),
    ]
    f.measures[0].monitoring_id = "r1"
    f.measures[0].risk = RiskType.ILLNESS.value
    return f, record


def step(seq: int, kind: MonitorStep, on: dt.date, **kw: Any) -> MonitoringStepData:
    return MonitoringStepData(
        record_id="r1",
        household_id="h1",
        phase=kw.pop("phase", MonitorPhase.ELIMINATE.value),
        step=kind.value,
        seq=seq,
        date=on,
        **kw,
    )


def reasons(f: HouseholdFile, c: RuleContext) -> set[str]:
    return {x.code for x in candidate_reasons(f, c)}


def guard_codes(f: HouseholdFile, c: RuleContext, r: MonitoringRecordData) -> set[str]:
    return {x.code for x in elimination_verdict(f, c, r).blocking}


# -- candidates ---------------------------------------------------------------------------


def test_a_household_well_above_the_range_is_no_candidate(mk: Any, mctx: RuleContext) -> None:
    assert candidate(exited(mk), mctx) is None


def test_income_below_the_range_is_a_warning(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, per_capita=RANGE)  # equal is not above
    assert "range_income_below" in reasons(f, mctx)
    f = exited(mk, per_capita=RANGE + 1)
    assert "range_income_below" not in reasons(f, mctx)


def test_income_near_the_range_uses_the_configured_margin(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, per_capita=860_000)  # 7.5% above 8,000
    assert reasons(f, mctx) == {"range_income_near"}
    narrow = dataclasses.replace(mctx, monitor=MonitorSettings(margin_pct=5))
    assert reasons(f, narrow) == set()
    f = exited(mk, per_capita=1_100_000)  # 37.5% above: near only with a wide margin
    assert reasons(f, mctx) == set()
    wide = dataclasses.replace(mctx, monitor=MonitorSettings(margin_pct=50))
    assert reasons(f, wide) == {"range_income_near"}


def test_an_income_drop_beyond_the_share_is_a_warning(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk)
    f.incomes = [income(YEAR - 1, 2_500_000), income(YEAR, 1_500_000)]  # −40%
    assert reasons(f, mctx) == {"income_drop"}
    f.incomes = [income(YEAR - 1, 1_800_000), income(YEAR, 1_500_000)]  # −16.7%
    assert reasons(f, mctx) == set()
    strict = dataclasses.replace(mctx, monitor=MonitorSettings(drop_pct=10))
    assert reasons(f, strict) == {"income_drop"}


def test_large_rigid_expenditure_is_a_warning(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk)
    net = 1_500_000 * 3
    f.incomes[-1].expense_medical = net // 2 + 1  # just over half the net income
    found = candidate(f, mctx)
    assert found is not None and {r.code for r in found.reasons} == {"rigid_expenditure"}
    assert found.risks == (RiskType.ILLNESS.value,)
    f.incomes[-1].expense_medical = net // 2
    assert reasons(f, mctx) == set()


def test_school_costs_count_as_rigid_expenditure(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk)
    f.incomes[-1].expense_school = 3_000_000
    found = candidate(f, mctx)
    assert found is not None and found.risks == (RiskType.SCHOOLING.value,)


def test_death_of_a_working_member_is_a_warning(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk)
    worker = f.members[1]
    f.events = [
        LifeEventData(
            household_id="h1",
            member_id=worker.id,
            kind=LifeEventKind.DEATH.value,
            date=dt.date(2026, 2, 1),
        )
    ]
    found = candidate(f, mctx)
    assert found is not None and {r.code for r in found.reasons} == {"life_event"}
    assert found.risks == (RiskType.NO_LABOUR.value,)
    worker.labour = Labour.NONE.value  # a member who could not work: no lost income
    assert reasons(f, mctx) == set()


def test_illness_and_disaster_events_in_the_last_year(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk)
    f.events = [
        LifeEventData(
            household_id="h1", kind=LifeEventKind.DISASTER.value, date=dt.date(2026, 5, 1)
        )
    ]
    found = candidate(f, mctx)
    assert found is not None and found.risks == (RiskType.DISASTER.value,)
    f.events[0].date = dt.date(2025, 5, 1)  # more than a year ago
    assert reasons(f, mctx) == set()
    f.events[0].kind = LifeEventKind.BIRTH.value
    f.events[0].date = dt.date(2026, 5, 1)
    assert reasons(f, mctx) == set()


def test_an_exited_household_with_a_guarantee_shortfall(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, water_safe=False)
    assert reasons(f, mctx) == {"exited_shortfall"}
    # The same shortfall in a household never registered poor is not this warning.
    f.household.status = HouseholdStatus.NON_POOR.value
    assert reasons(f, mctx) == set()


def test_who_the_scan_looks_at(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, per_capita=RANGE // 2)
    assert reasons(f, mctx)
    for status in (HouseholdStatus.POOR, HouseholdStatus.PROPOSED, HouseholdStatus.REMOVED):
        f.household.status = status.value
        assert reasons(f, mctx) == set(), status
    f.household.status = HouseholdStatus.EXITED.value
    f.monitors = [MonitoringRecordData(id="r1", household_id="h1", lead_date=dt.date(2026, 5, 1))]
    assert reasons(f, mctx) == set()  # already a lead
    f.monitors[0].state = MonitorState.ELIMINATED.value
    assert reasons(f, mctx)  # eliminated households are watched again


def test_a_missing_range_is_no_household_warning(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, per_capita=RANGE // 2)
    no_range = dataclasses.replace(mctx, monitoring_ranges={})
    assert reasons(f, no_range) == set()


def test_the_suggested_type(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, per_capita=RANGE // 2)
    assert candidate(f, mctx).type == MonitorType.UNSTABLE.value  # type: ignore[union-attr]
    f.household.status = HouseholdStatus.NON_POOR.value
    assert candidate(f, mctx).type == MonitorType.EDGE.value  # type: ignore[union-attr]
    f = exited(mk, status=HouseholdStatus.NON_POOR.value)
    f.incomes[-1].expense_medical = 9_000_000
    assert candidate(f, mctx).type == MonitorType.SUDDEN.value  # type: ignore[union-attr]


def test_each_reason_is_worded_in_both_languages(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, per_capita=RANGE // 2)
    f.incomes[0] = income(YEAR - 1, RANGE * 2)
    for r in candidate_reasons(f, mctx):
        assert r.zh and r.en and "_" not in r.zh and r.code not in r.zh
        assert not r.blocking


# -- the risk-elimination guard -----------------------------------------------------------


def test_a_household_meeting_every_condition_may_be_eliminated(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk)
    v = elimination_verdict(f, mctx, r)
    assert v.allowed and not v.blocking


@pytest.mark.parametrize(
    ("code", "breaks"),
    [
        ("elim_income_below_range", lambda f: setattr(f.incomes[-1], "wages", RANGE * 3)),
        ("elim_income_missing", lambda f: f.incomes.pop()),
        ("elim_income_not_stable", lambda f: f.monitor_steps.pop(0)),
        (
            "elim_income_not_stable",
            lambda f: setattr(f.monitor_steps[1], "per_capita_income", RANGE - 1),
        ),
        ("elim_rigid_expenditure", lambda f: setattr(f.incomes[-1], "expense_medical", 4_000_000)),
        ("dangerous_house", lambda f: setattr(f.household, "danger_grade", DangerGrade.D.value)),
        ("water_unsafe", lambda f: setattr(f.household, "water_safe", False)),
        ("elim_monitored_short", lambda f: setattr(f.monitors[0], "identified_on", TODAY)),
        ("elim_monitored_short", lambda f: setattr(f.monitors[0], "identified_on", None)),
        (
            "elim_no_measure",
            lambda f: setattr(f.measures[0], "status", MeasureStatus.PLANNED.value),
        ),
        ("elim_no_measure", lambda f: setattr(f.measures[0], "monitoring_id", "other")),
        ("elim_labour_unknown", lambda f: [setattr(m, "labour", None) for m in f.members]),
    ],
)
def test_each_failing_condition_refuses(mk: Any, mctx: RuleContext, code: str, breaks: Any) -> None:
    f, r = monitored(mk)
    breaks(f)
    v = elimination_verdict(f, mctx, r)
    assert code in {x.code for x in v.blocking}
    assert not v.allowed and v.overridable
    assert all(x.blocking and x.zh and x.en for x in v.blocking)


def test_half_a_year_is_counted_to_the_day(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk)
    r.identified_on = dt.date(2025, 12, 1)
    assert "elim_monitored_short" not in guard_codes(f, mctx, r)
    r.identified_on = dt.date(2025, 12, 2)
    assert "elim_monitored_short" in guard_codes(f, mctx, r)


def test_no_labour_capacity_is_never_eliminated_even_with_an_override(
    mk: Any, mctx: RuleContext
) -> None:
    f, r = monitored(mk)
    for m in f.members:
        m.labour = Labour.LOST.value if m.labour else Labour.NONE.value
    f.monitor_steps.append(
        step(
            3,
            MonitorStep.VILLAGE_REVIEW,
            dt.date(2026, 5, 1),
            override_cadre_id="c1",
            override_reason="村委会一致同意",
            override_codes=["elim_no_labour"],
        )
    )
    v = elimination_verdict(f, mctx, r)
    assert [x.code for x in v.open] == ["elim_no_labour"]
    assert not v.overridable


def test_a_missing_range_refuses_as_a_setting(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk)
    v = elimination_verdict(f, dataclasses.replace(mctx, monitoring_ranges={}), r)
    assert STANDARD_MISSING in {x.code for x in v.open}
    assert not v.overridable
    assert "监测范围" in next(x.zh for x in v.open if x.code == STANDARD_MISSING)


def test_a_written_override_covers_only_its_codes(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk, water_safe=False)
    f.incomes[-1].expense_medical = 4_000_000
    f.monitor_steps.append(
        step(
            3,
            MonitorStep.VILLAGE_REVIEW,
            dt.date(2026, 5, 1),
            override_cadre_id="c1",
            override_reason="饮水工程已通水待验收",
            override_codes=["water_unsafe"],
        )
    )
    v = elimination_verdict(f, mctx, r)
    assert {x.code for x in v.open} == {"elim_rigid_expenditure"}
    # An override on an earlier, refused attempt covers nothing now.
    f.monitor_steps.append(
        step(4, MonitorStep.TOWNSHIP_REVIEW, dt.date(2026, 5, 10), outcome=StepOutcome.FAILED.value)
    )
    v = elimination_verdict(f, mctx, r)
    assert {x.code for x in v.open} == {"elim_rigid_expenditure", "water_unsafe"}


def test_half_year_after() -> None:
    assert half_year_after(dt.date(2025, 8, 31)) == dt.date(2026, 2, 28)
    assert half_year_after(dt.date(2023, 8, 31)) == dt.date(2024, 2, 29)
    assert half_year_after(dt.date(2025, 12, 1)) == dt.date(2026, 6, 1)
    assert half_year_after(dt.date(2025, 3, 15)) == dt.date(2025, 9, 15)


def test_notice_days_count_both_ends() -> None:
    assert notice_days(dt.date(2026, 5, 1), dt.date(2026, 5, 5)) == 5
    assert notice_days(dt.date(2026, 5, 1), dt.date(2026, 5, 4)) == 4


# -- the household's own findings ------------------------------------------------------------


def test_a_lead_undecided_after_fifteen_days_is_overdue(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk)
    f.monitors = [MonitoringRecordData(id="r1", household_id="h1", lead_date=TODAY)]
    f.monitors[0].lead_date = TODAY - dt.timedelta(days=15)
    assert [x.code for x in monitoring_findings(f, mctx)] == []
    f.monitors[0].lead_date = TODAY - dt.timedelta(days=16)
    found = monitoring_findings(f, mctx)
    assert [x.code for x in found] == ["lead_overdue"]
    assert "16 天" in found[0].zh
    # Decided leads are not overdue, however old.
    f.monitors[0].state = MonitorState.MONITORING.value
    assert monitoring_findings(f, mctx) == []
    quick = dataclasses.replace(mctx, monitor=MonitorSettings(decide_days=10))
    f.monitors[0].state = MonitorState.PENDING.value
    f.monitors[0].lead_date = TODAY - dt.timedelta(days=11)
    assert [x.code for x in monitoring_findings(f, quick)] == ["lead_overdue"]


def _eliminate(f: HouseholdFile, r: MonitoringRecordData, on: dt.date, **kw: Any) -> None:
    f.monitor_steps += [
        step(3, MonitorStep.VILLAGE_REVIEW, on - dt.timedelta(days=20), **kw),
        step(4, MonitorStep.COUNTY_DECISION, on),
    ]
    r.state = MonitorState.ELIMINATED.value
    r.eliminated_on = on


def test_an_honest_elimination_gives_no_finding(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk)
    _eliminate(f, r, dt.date(2026, 5, 20))
    assert monitoring_findings(f, mctx) == []


def test_a_false_elimination_is_found(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk)
    _eliminate(f, r, dt.date(2026, 5, 20))
    f.incomes[-1].expense_medical = 4_000_000  # the medical bills are still unpaid
    found = monitoring_findings(f, mctx)
    assert [x.code for x in found] == ["false_elimination"]
    assert found[0].zh.startswith("已标记风险消除，但：")
    assert "false_elimination" in {x.code for x in findings_for(f, mctx)}


def test_an_elimination_too_early_is_judged_at_its_date(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk)
    _eliminate(f, r, dt.date(2026, 2, 1))  # four months after inclusion
    assert "false_elimination" in {x.code for x in monitoring_findings(f, mctx)}


def test_an_override_is_reported_to_the_county(mk: Any, mctx: RuleContext) -> None:
    f, r = monitored(mk)
    f.incomes[-1].expense_medical = 4_000_000
    _eliminate(
        f,
        r,
        dt.date(2026, 5, 20),
        override_cadre_id="c1",
        override_reason="医疗费已由大病救助报销，票据在办",
        override_codes=["elim_rigid_expenditure"],
    )
    found = monitoring_findings(f, mctx)
    assert [x.code for x in found] == ["elimination_override"]
    assert "张干部" in found[0].zh and "医疗费已由大病救助报销" in found[0].zh


def test_a_household_never_registered_poor_has_no_exit_findings(mk: Any, mctx: RuleContext) -> None:
    f = exited(mk, status=HouseholdStatus.NON_POOR.value, water_safe=False)
    codes = {x.code for x in findings_for(f, mctx)}
    assert "water_unsafe" not in codes and "income_missing" not in codes
    r = readiness(f, mctx)
    assert r.verdict == "not_registered" and not r.ready and not r.undetermined
    f.household.status = HouseholdStatus.EXITED.value
    assert "water_unsafe" in {x.code for x in findings_for(f, mctx)}
