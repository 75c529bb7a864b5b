"""The exit standard (domain.md §3): each blocking code, its near misses, false exits."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from povdesk.codes import (
    ChecklistItem,
    CheckStatus,
    DangerGrade,
    Dimension,
    Health,
    HouseholdStatus,
    Labour,
    Presence,
    RebuildStatus,
    Relocation,
    SchoolStatus,
    Severity,
)
from povdesk.models import AssessmentData, ExitOverrideData
from povdesk.rules.consistency import consistency_findings
from povdesk.rules.exit_standard import exit_findings
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.identity import identity_findings
from povdesk.rules.readiness import EXIT_DIMENSIONS, findings_for, readiness
from tests.povdesk.rules.conftest import Mutate, codes, do, edit, set_fields


def assess(
    file: HouseholdFile,
    item: ChecklistItem,
    status: CheckStatus,
    on: dt.date = dt.date(2020, 5, 20),
) -> None:
    file.assessments.append(
        AssessmentData(household_id="h1", item=item.value, status=status.value, date=on)
    )


def drop_assessment(file: HouseholdFile, item: ChecklistItem) -> None:
    file.assessments[:] = [a for a in file.assessments if a.item != item.value]


def _everyone_gone(f: HouseholdFile) -> None:
    for m in f.members:
        m.presence = Presence.DECEASED.value


def m_(i: int, **kw: Any) -> Mutate:
    """Change member i (0 head 45, 1 spouse 43, 2 son 13)."""
    return edit(lambda f: f.members[i], **kw)


def h_(**kw: Any) -> Mutate:
    return edit(lambda f: f.household, **kw)


def a_(item: ChecklistItem, status: CheckStatus | None) -> Mutate:
    def go(f: HouseholdFile, c: RuleContext) -> RuleContext:
        if status is None:
            drop_assessment(f, item)
        else:
            assess(f, item, status)
        return c

    return go


BLOCKING: list[tuple[str, Dimension, Mutate]] = [
    ("income_missing", Dimension.INCOME, do(lambda f: f.incomes.clear())),
    ("income_below_line", Dimension.INCOME, edit(lambda f: f.incomes[0], wages=300_000)),
    ("income_no_members", Dimension.INCOME, do(_everyone_gone)),
    (
        "food_clothing_unmet",
        Dimension.FOOD_CLOTHING,
        a_(ChecklistItem.FOOD_CLOTHING, CheckStatus.UNMET),
    ),
    ("food_clothing_unverified", Dimension.FOOD_CLOTHING, a_(ChecklistItem.FOOD_CLOTHING, None)),
    ("dropout", Dimension.EDUCATION, m_(2, school_status=SchoolStatus.NOT_STUDENT.value)),
    ("education_unmet", Dimension.EDUCATION, a_(ChecklistItem.EDUCATION, CheckStatus.UNMET)),
    ("no_medical_insurance", Dimension.MEDICAL, m_(1, ins_medical=False)),
    (
        "no_serious_illness_insurance",
        Dimension.MEDICAL,
        m_(0, health=[Health.SERIOUS.value], ins_serious=False),
    ),
    ("medical_unmet", Dimension.MEDICAL, a_(ChecklistItem.MEDICAL, CheckStatus.UNMET)),
    (
        "dangerous_house",
        Dimension.HOUSING,
        h_(danger_grade=DangerGrade.D.value, rebuild_status=RebuildStatus.BUILDING.value),
    ),
    ("relocation_no_keys", Dimension.HOUSING, h_(relocation=Relocation.CENTRAL.value)),
    ("housing_unmet", Dimension.HOUSING, a_(ChecklistItem.HOUSING, CheckStatus.UNMET)),
    ("water_unsafe", Dimension.WATER, h_(water_safe=False)),
    ("water_unverified", Dimension.WATER, h_(water_safe=None)),
    ("water_difficult", Dimension.WATER, h_(water_difficult=True)),
    ("water_unmet", Dimension.WATER, a_(ChecklistItem.WATER, CheckStatus.UNMET)),
]


def test_compliant_household_has_no_findings_and_is_ready(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    assert findings_for(file, ctx) == []
    r = readiness(file, ctx)
    assert r.ready and r.blocking == ()
    assert dict(r.by_dimension) == {d.value: () for d in EXIT_DIMENSIONS}


def test_by_dimension_keeps_each_blocking_finding_once_in_order(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(water_safe=False, water_difficult=True)
    file.members[1].ins_medical = False
    file.members[0].ins_medical = False
    r = readiness(file, ctx)
    assert list(r.by_dimension) == [d.value for d in EXIT_DIMENSIONS]
    assert [f.code for f in r.by_dimension["water"]] == ["water_unsafe", "water_difficult"]
    assert [f.member_id for f in r.by_dimension["medical"]] == [
        file.members[0].id,
        file.members[1].id,
    ]
    for dim, found in r.by_dimension.items():
        assert found == tuple(f for f in r.blocking if f.dimension.value == dim)
    assert sum(len(found) for found in r.by_dimension.values()) == len(r.blocking)


def test_rule_modules_accept_the_present_members(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(water_safe=False)
    file.members[1].ins_medical = False
    file.members[1].migrant_months = 13
    file.members[2].id_number = "123"
    present = file.present
    for rule in (exit_findings, consistency_findings, identity_findings):
        assert rule(file, ctx, present=present) == rule(file, ctx) != []


@pytest.mark.parametrize(("code", "dim", "mutate"), BLOCKING, ids=[b[0] for b in BLOCKING])
def test_blocking_code(
    mk: Any, ctx: RuleContext, code: str, dim: Dimension, mutate: Mutate
) -> None:
    file = mk.file()
    assert code not in codes(findings_for(file, ctx))
    ctx = mutate(file, ctx)
    hits = [f for f in findings_for(file, ctx) if f.code == code]
    assert hits, code
    for f in hits:
        assert f.blocking and f.dimension is dim and f.severity is Severity.ERROR
        assert f.household_id == "h1" and f.zh and f.en
    r = readiness(file, ctx)
    assert not r.ready
    assert set(hits) <= set(r.by_dimension[dim.value])


OTHER_THAN_INCOME = [b for b in BLOCKING if b[1] is not Dimension.INCOME]


@pytest.mark.parametrize(
    ("code", "dim", "mutate"), OTHER_THAN_INCOME, ids=[b[0] for b in OTHER_THAN_INCOME]
)
def test_other_dimensions_still_pass(
    mk: Any, ctx: RuleContext, code: str, dim: Dimension, mutate: Mutate
) -> None:
    file = mk.file()
    r = readiness(file, mutate(file, ctx))
    assert all(not fs for d, fs in r.by_dimension.items() if d != dim.value)


def test_dropout_message_names_the_child(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    child = file.members[2]
    child.school_status = SchoolStatus.NOT_STUDENT.value
    [f] = [f for f in findings_for(file, ctx) if f.code == "dropout"]
    assert f.zh == "王小明 13岁 非在校生：义务教育未保障"
    assert f.en == "王小明 (13) is not in school: compulsory education not assured"
    assert (f.member_id, f.field) == (child.id, "school_status")
    child.school_status = None
    [f] = [f for f in findings_for(file, ctx) if f.code == "dropout"]
    assert "在校生状况未填" in f.zh


@pytest.mark.parametrize(("age", "flagged"), [(5, False), (6, True), (15, True), (16, False)])
def test_compulsory_school_ages(mk: Any, ctx: RuleContext, age: int, flagged: bool) -> None:
    file = mk.file()
    file.members[2] = mk.member("王小明", age=age, relation="03")  # not in school
    assert ("dropout" in codes(findings_for(file, ctx))) is flagged


def test_dropout_excused_needs_reason_and_disability(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    child = file.members[2]
    child.school_status = SchoolStatus.NOT_STUDENT.value
    child.dropout_reason = "重度残疾,送教上门"
    assert "dropout" in codes(findings_for(file, ctx))  # reason but not disabled
    child.dropout_reason = ""
    child.disability_cert = True
    assert "dropout" in codes(findings_for(file, ctx))  # disabled but no reason
    child.dropout_reason = "重度残疾,送教上门"
    found = findings_for(file, ctx)
    [f] = [f for f in found if f.code == "dropout_excused"]
    assert "dropout" not in codes(found)
    assert not f.blocking and f.severity is Severity.INFO and f.member_id == child.id
    assert readiness(file, ctx).ready


@pytest.mark.parametrize(
    "item",
    [ChecklistItem.EDUCATION, ChecklistItem.MEDICAL, ChecklistItem.HOUSING, ChecklistItem.WATER],
)
@pytest.mark.parametrize("status", [None, CheckStatus.UNKNOWN])
def test_unverified_assessment_warns_without_blocking(
    mk: Any, ctx: RuleContext, item: ChecklistItem, status: CheckStatus | None
) -> None:
    file = mk.file()
    a_(item, status)(file, ctx)
    code = "water_assessment_unverified" if item is ChecklistItem.WATER else f"{item}_unverified"
    [f] = [f for f in findings_for(file, ctx) if f.code == code]
    assert not f.blocking and f.severity is Severity.WARNING
    assert readiness(file, ctx).ready


def test_unknown_food_clothing_blocks(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    assess(file, ChecklistItem.FOOD_CLOTHING, CheckStatus.UNKNOWN)
    assert "food_clothing_unverified" in codes(readiness(file, ctx).blocking)


def test_newest_assessment_decides(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    assess(file, ChecklistItem.HOUSING, CheckStatus.UNMET, dt.date(2020, 1, 1))
    assert readiness(file, ctx).ready  # the met one of 2020-05-01 is newer
    assess(file, ChecklistItem.HOUSING, CheckStatus.UNMET, dt.date(2020, 5, 2))
    assert codes(list(readiness(file, ctx).blocking)) == {"housing_unmet"}


def test_a_met_assessment_cannot_outvote_the_facts(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.household.water_safe = False
    assess(file, ChecklistItem.WATER, CheckStatus.MET)
    assert "water_unsafe" in codes(list(readiness(file, ctx).blocking))


def test_income_below_line_shows_both_figures(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.incomes[0].wages = 300_000  # net 700,000 fen for 3 people
    [f] = [f for f in findings_for(file, ctx) if f.code == "income_below_line"]
    assert "2333.33" in f.zh and "3747.00" in f.zh
    assert "2333.33" in f.en and "3747.00" in f.en


def test_income_of_another_year_is_no_evidence(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.incomes[0].year = ctx.year - 1
    assert "income_missing" in codes(findings_for(file, ctx))


def test_income_exactly_at_the_line_blocks(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    inc = file.incomes[0]
    set_fields(inc, wages=3 * ctx.poverty_lines[ctx.year], production=0, production_costs=0)
    assert "income_below_line" in codes(findings_for(file, ctx))
    inc.wages += 1
    assert "income_below_line" not in codes(findings_for(file, ctx))


def test_below_70_percent_is_a_warning_for_labour_households(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.incomes[0].wages = 2_000_000  # net 2,400,000: 8,000 yuan each < 8,400
    [f] = [f for f in findings_for(file, ctx) if f.code == "below_70_percent"]
    assert not f.blocking and f.severity is Severity.WARNING and f.dimension is Dimension.INCOME
    assert readiness(file, ctx).ready
    assert "below_70_percent" not in codes(
        findings_for(file, dataclasses.replace(ctx, reference_incomes={}))
    )
    for m in file.members:
        m.labour = Labour.LOST.value if m.labour else None
        m.health = [Health.SERIOUS.value]  # so losing labour is consistent
    assert "below_70_percent" not in codes(findings_for(file, ctx))


@pytest.mark.parametrize(
    ("grade", "rebuild", "flagged"),
    [
        (DangerGrade.C, RebuildStatus.NOT_STARTED, True),
        (DangerGrade.D, None, True),
        (DangerGrade.D, RebuildStatus.DONE, False),
        (DangerGrade.B, RebuildStatus.NOT_STARTED, False),
    ],
)
def test_dangerous_house(
    mk: Any, ctx: RuleContext, grade: DangerGrade, rebuild: RebuildStatus | None, flagged: bool
) -> None:
    file = mk.file(danger_grade=grade.value, rebuild_status=rebuild.value if rebuild else None)
    hits = [f for f in findings_for(file, ctx) if f.code == "dangerous_house"]
    assert bool(hits) is flagged
    assert all(f.field == "danger_grade" for f in hits)


def test_relocated_household_with_keys_passes(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(relocation=Relocation.SCATTERED.value, relocation_keys=True)
    assert readiness(file, ctx).ready


def test_insurance_rules_concern_present_members_only(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    gone = mk.member(
        "王老汉",
        age=80,
        relation="11",
        ins_medical=False,
        health=[Health.SERIOUS.value],
        ins_serious=False,
        presence=Presence.DECEASED.value,
    )
    file.members.append(gone)
    assert readiness(file, ctx).ready
    file.members[0].health = [Health.CHRONIC.value]
    file.members[0].ins_serious = False  # chronic illness: 大病保险 not required
    assert readiness(file, ctx).ready


def test_false_exit_mirrors_each_blocking_finding(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(status=HouseholdStatus.EXITED.value, water_safe=False)
    file.members[2].school_status = SchoolStatus.NOT_STUDENT.value
    found = findings_for(file, ctx)
    blocking = [f for f in found if f.blocking and f.code != "false_exit"]
    fakes = [f for f in found if f.code == "false_exit"]
    assert len(fakes) == len(blocking) == 2
    for under, fake in zip(blocking, fakes, strict=True):
        assert (fake.dimension, fake.member_id, fake.field) == (
            under.dimension,
            under.member_id,
            under.field,
        )
        assert fake.blocking and fake.severity is Severity.ERROR
        assert fake.zh == f"已脱贫但：{under.zh}"
    assert readiness(file, ctx).blocking == tuple(blocking)


def test_compliant_exited_household_is_not_a_false_exit(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(status=HouseholdStatus.EXITED.value)
    assert findings_for(file, ctx) == []
    file.household.status = HouseholdStatus.PROPOSED.value
    file.household.water_safe = False
    assert "false_exit" not in codes(findings_for(file, ctx))


def test_every_override_is_reported(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.overrides.append(
        ExitOverrideData(
            household_id="h1",
            year=2019,
            cadre_id="c1",
            reason="新房已入住,待竣工验收",
            finding_codes=["dangerous_house"],
        )
    )
    file.overrides.append(
        ExitOverrideData(household_id="h1", year=2019, cadre_id="c9", reason="另案说明")
    )
    found = [f for f in findings_for(file, ctx) if f.code == "exit_override"]
    assert len(found) == 2
    assert all(f.dimension is Dimension.PLAN and not f.blocking for f in found)
    assert all(f.severity is Severity.WARNING for f in found)
    assert "张干部" in found[0].zh and "新房已入住,待竣工验收" in found[0].zh
    # The Chinese counts the findings (no internal code); the English names them.
    assert "当时有 1 项阻止退出的问题" in found[0].zh and "dangerous_house" not in found[0].zh
    assert "dangerous_house" in found[0].en and "张干部" in found[0].en
    assert "c9" in found[1].zh
    assert readiness(file, ctx).ready
