from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from povdesk.codes import HouseholdStatus, SchoolStatus
from povdesk.models import ExitOverrideData
from povdesk.rules.exit_guard import exit_verdict, guard
from povdesk.rules.facts import RuleContext

GUARDED = [HouseholdStatus.PROPOSED.value, HouseholdStatus.EXITED.value]
FREE = [HouseholdStatus.POOR.value, HouseholdStatus.RETURNED.value, HouseholdStatus.REMOVED.value]


@pytest.mark.parametrize("target", GUARDED)
def test_compliant_household_may_exit(mk: Any, ctx: RuleContext, target: str) -> None:
    assert guard(mk.file(), ctx, target) == []


@pytest.mark.parametrize("target", GUARDED)
def test_blocking_findings_stop_an_exit(mk: Any, ctx: RuleContext, target: str) -> None:
    file = mk.file(water_safe=False)
    file.members[2].school_status = SchoolStatus.NOT_STUDENT.value
    assert {f.code for f in guard(file, ctx, target)} == {"water_unsafe", "dropout"}
    assert all(f.blocking for f in guard(file, ctx, target))


@pytest.mark.parametrize("target", FREE)
def test_other_moves_are_never_blocked(mk: Any, ctx: RuleContext, target: str) -> None:
    assert guard(mk.file(water_safe=False), ctx, target) == []


def test_override_covers_only_its_codes(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(water_safe=False)
    file.members[2].school_status = SchoolStatus.NOT_STUDENT.value
    left = guard(file, ctx, HouseholdStatus.EXITED.value, frozenset({"water_unsafe"}))
    assert [f.code for f in left] == ["dropout"]
    assert (
        guard(file, ctx, HouseholdStatus.EXITED.value, frozenset({"water_unsafe", "dropout"})) == []
    )


def test_override_of_a_code_covers_every_member(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    for m in file.members:
        m.ins_medical = False
    assert len(guard(file, ctx, HouseholdStatus.PROPOSED.value)) == 3
    assert (
        guard(file, ctx, HouseholdStatus.PROPOSED.value, frozenset({"no_medical_insurance"})) == []
    )


def test_non_blocking_findings_do_not_stop_an_exit(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(land_cultivated=500.0)
    file.pairings.clear()
    file.members[0].id_number = ""
    assert guard(file, ctx, HouseholdStatus.EXITED.value) == []


def test_already_exited_household_is_judged_on_the_facts(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(status=HouseholdStatus.EXITED.value, water_safe=False)
    # false_exit repeats water_unsafe; an override of water_unsafe must be enough.
    assert [f.code for f in guard(file, ctx, HouseholdStatus.EXITED.value)] == ["water_unsafe"]
    assert guard(file, ctx, HouseholdStatus.EXITED.value, frozenset({"water_unsafe"})) == []


def _override(year: int, *codes: str) -> ExitOverrideData:
    return ExitOverrideData(
        id=f"o{year}",
        household_id="h1",
        year=year,
        cadre_id="c1",
        reason="饮水工程已开工，月底通水",
        finding_codes=list(codes),
        date=dt.date(year, 12, 1),
    )


def test_verdict_counts_only_the_years_written_overrides(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(status=HouseholdStatus.PROPOSED.value, water_safe=False)
    verdict = exit_verdict(file, ctx)
    assert not verdict.allowed and not verdict.overridden
    assert [f.code for f in verdict.open] == ["water_unsafe"]
    file.overrides.append(_override(ctx.year - 1, "water_unsafe"))  # last year's: stale
    assert [f.code for f in exit_verdict(file, ctx).open] == ["water_unsafe"]
    file.overrides.append(_override(ctx.year, "water_unsafe"))
    verdict = exit_verdict(file, ctx)
    assert verdict.allowed and verdict.overridden
    assert [f.code for f in verdict.blocking] == ["water_unsafe"]


def test_verdict_of_a_compliant_household(mk: Any, ctx: RuleContext) -> None:
    verdict = exit_verdict(mk.file(status=HouseholdStatus.PROPOSED.value), ctx)
    assert verdict.allowed and not verdict.overridden and verdict.blocking == ()
