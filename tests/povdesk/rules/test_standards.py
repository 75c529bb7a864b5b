"""A missing standard is a gap in configuration, never a household's problem (domain.md §8)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from povdesk.codes import HouseholdStatus
from povdesk.models import ExitOverrideData
from povdesk.rules.exit_guard import covered_codes, guard
from povdesk.rules.facts import RuleContext
from povdesk.rules.priority import explain_priority
from povdesk.rules.readiness import findings_for, readiness
from povdesk.rules.standards import STANDARD_MISSING, exit_gaps, gaps

PROPOSED = HouseholdStatus.PROPOSED.value
EXITED = HouseholdStatus.EXITED.value


def no_line(ctx: RuleContext) -> RuleContext:
    return dataclasses.replace(ctx, poverty_lines={})


def test_a_missing_line_is_no_finding_of_the_household(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    found = findings_for(file, no_line(ctx))
    assert found == []
    r = readiness(file, no_line(ctx))
    assert not r.ready and not r.blocked and r.undetermined
    assert r.blocking == () and all(not fs for fs in r.by_dimension.values())
    assert [g.kind for g in r.gaps] == ["poverty_line"]


def test_income_is_not_judged_against_a_line_that_does_not_exist(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.incomes[0].wages = 100  # one yuan: below any line there could be
    assert "income_below_line" in {f.code for f in findings_for(file, ctx)}
    assert "income_below_line" not in {f.code for f in findings_for(file, no_line(ctx))}


def test_an_exited_household_is_no_false_exit_for_a_missing_line(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(status=EXITED)
    assert not any(f.code == "false_exit" for f in findings_for(file, no_line(ctx)))
    file.members[1].ins_medical = False  # a real problem still makes one
    assert any(f.code == "false_exit" for f in findings_for(file, no_line(ctx)))


def test_the_guard_refuses_for_a_missing_line_and_no_override_covers_it(
    mk: Any, ctx: RuleContext
) -> None:
    file = mk.file()
    assert guard(file, ctx, PROPOSED) == []
    reasons = guard(file, no_line(ctx), EXITED)
    assert [f.code for f in reasons] == [STANDARD_MISSING]
    assert f"{ctx.year} 年度扶贫标准" in reasons[0].zh and "poverty line" in reasons[0].en
    covered = frozenset({STANDARD_MISSING, "poverty_line_missing"})
    assert [f.code for f in guard(file, no_line(ctx), EXITED, covered)] == [STANDARD_MISSING]
    assert guard(file, no_line(ctx), HouseholdStatus.POOR.value) == []


def test_household_problems_come_before_the_gap(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(water_safe=False)
    assert [f.code for f in guard(file, no_line(ctx), PROPOSED)] == [
        "water_unsafe",
        STANDARD_MISSING,
    ]


def test_priority_does_not_count_a_missing_line(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    assert explain_priority(file, no_line(ctx)) == explain_priority(file, ctx)


def test_gaps_per_kind(ctx: RuleContext) -> None:
    assert gaps(ctx) == ()  # 2019: no monitoring range is expected before 2021
    later = dataclasses.replace(ctx, year=2025)
    assert [(g.kind, g.year, g.blocks_exit) for g in gaps(later)] == [
        ("poverty_line", 2025, True),
        ("monitoring_range", 2025, False),
        ("reference_income", 2025, False),
    ]
    assert [g.kind for g in exit_gaps(later)] == ["poverty_line"]
    full = dataclasses.replace(
        later,
        poverty_lines={2025: 1},
        monitoring_ranges={2025: 1},
        reference_incomes={(2025, "42"): 1},
    )
    assert gaps(full) == ()
    assert "，" in gaps(later)[0].zh and "," not in gaps(later)[0].zh


def test_overrides_of_another_year_cover_nothing() -> None:
    def o(year: int, *codes: str) -> ExitOverrideData:
        return ExitOverrideData(
            household_id="h1",
            year=year,
            cadre_id="c1",
            reason="十个字以上的书面理由",
            finding_codes=list(codes),
            date=dt.date(2020, 1, 1),
        )

    rows = [o(2018, "water_unsafe"), o(2019, "dropout", "no_medical_insurance")]
    assert covered_codes(rows, 2019) == {"dropout", "no_medical_insurance"}
    assert covered_codes(rows, 2020) == frozenset()
