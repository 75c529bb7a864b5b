"""先难后易: the priority score, its parts and its bounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from povdesk.codes import (
    ChecklistItem,
    CheckStatus,
    DangerGrade,
    Health,
    HouseholdCategory,
    Labour,
    RebuildStatus,
    SchoolStatus,
    Sex,
)
from povdesk.models import AssessmentData
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.groups import household_groups
from povdesk.rules.priority import explain_priority, priority
from povdesk.rules.readiness import findings_for


def score(file: HouseholdFile, ctx: RuleContext) -> int:
    parts = explain_priority(file, ctx)
    total = priority(file, ctx)
    assert total == sum(p for _, p in parts)
    assert all(p > 0 for _, p in parts)
    assert 0 <= total <= 100
    return total


def test_compliant_household_scores_only_its_key_groups(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    assert explain_priority(file, ctx) == [("重点群体：妇女、儿童", 4)]
    assert score(file, ctx) == 4


def test_findings_can_be_passed_in(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(water_safe=False)
    found = findings_for(file, ctx)
    assert priority(file, ctx, found) == priority(file, ctx) == 4 + 12
    assert priority(file, ctx, []) == 4  # the caller's findings are what counts


def test_groups_can_be_passed_in(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(water_safe=False)
    found = findings_for(file, ctx)
    groups = household_groups(file, ctx.today)
    assert groups == {"woman", "child"}
    assert priority(file, ctx, found, groups=groups) == priority(file, ctx) == 4 + 12
    assert explain_priority(file, ctx, found, groups=groups) == explain_priority(file, ctx)
    assert priority(file, ctx, found, groups=frozenset()) == 12  # the caller's groups count


def test_the_four_fake_exit_facts_weigh_most(mk: Any, ctx: RuleContext) -> None:
    base = score(mk.file(), ctx)
    d = mk.file(danger_grade=DangerGrade.D.value, rebuild_status=RebuildStatus.NOT_STARTED.value)
    c = mk.file(danger_grade=DangerGrade.C.value, rebuild_status=RebuildStatus.NOT_STARTED.value)
    assert score(d, ctx) - base == 15 > score(c, ctx) - base == 10
    dropout = mk.file()
    dropout.members[2].school_status = SchoolStatus.NOT_STUDENT.value
    assert score(dropout, ctx) - base == 15
    sick = mk.file()
    sick.members[0].health = [Health.SERIOUS.value]
    sick.members[0].ins_serious = False
    assert score(sick, ctx) - base == 15
    uninsured = mk.file()
    uninsured.members[0].ins_medical = False
    assert score(uninsured, ctx) - base == 10
    assert score(mk.file(water_safe=False), ctx) - base == 12


def test_each_dimension_counts_once(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(water_safe=False, water_difficult=True)
    for m in file.members:
        m.ins_medical = False
    assert score(file, ctx) == 4 + 12 + 10


def test_income_gap_scales(mk: Any, ctx: RuleContext) -> None:
    points = []
    for wages in (1_000_000, 500_000, 0):  # from just below the line to nothing at all
        file = mk.file()
        file.incomes[0].wages = wages
        file.incomes[0].production = 0
        file.incomes[0].production_costs = 0
        parts = dict(explain_priority(file, ctx))
        [label] = [k for k in parts if k.startswith("收入低于扶贫标准")]
        points.append(parts[label])
    assert points == sorted(points) and points[0] >= 1 and points[-1] == 10
    assert points[0] < points[-1]


def test_missing_income_scores_five(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.incomes.clear()
    assert ("收入未核实", 5) in explain_priority(file, ctx)


def test_worst_household_scores_exactly_100(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(
        danger_grade=DangerGrade.D.value,
        rebuild_status=None,
        water_safe=False,
        category=HouseholdCategory.TEKUN.value,
    )
    file.pairings.clear()
    file.incomes[0].wages = 0
    file.incomes[0].production = 0
    file.assessments.append(
        AssessmentData(
            household_id="h1", item=ChecklistItem.FOOD_CLOTHING, status=CheckStatus.UNMET
        )
    )
    file.members[0] = mk.member(
        "王老汉", age=70, labour=Labour.LOST.value, health=[Health.SERIOUS.value], ins_serious=False
    )
    file.members[1] = mk.member(
        "李秀英",
        age=43,
        sex=Sex.FEMALE.value,
        relation="02",
        labour=Labour.NONE.value,
        disability_cert=True,
    )
    file.members[2].school_status = SchoolStatus.NOT_STUDENT.value
    assert score(file, ctx) == 100
    labels = [label for label, _ in explain_priority(file, ctx)]
    assert labels[:3] == ["D级危房未改造", "义务教育阶段辍学", "患大病未参加大病保险"]
    assert "无帮扶责任人" in labels and "特困供养户" in labels and "无劳动能力" in labels


def _each(objs: list[Any], **kw: Any) -> None:
    for obj in objs:
        for k, v in kw.items():
            setattr(obj, k, v)


TOGGLES: dict[str, Callable[[HouseholdFile], object]] = {
    "house": lambda f: setattr(f.household, "danger_grade", DangerGrade.D.value),
    "water": lambda f: setattr(f.household, "water_safe", None),
    "dropout": lambda f: setattr(f.members[2], "school_status", None),
    "sick": lambda f: setattr(f.members[0], "health", [Health.SERIOUS.value]),
    "uninsured": lambda f: setattr(f.members[1], "ins_medical", False),
    "poor": lambda f: _each(f.incomes, wages=0),
    "noincome": lambda f: f.incomes.clear(),
    "nocadre": lambda f: f.pairings.clear(),
    "dibao": lambda f: setattr(f.household, "category", HouseholdCategory.DIBAO.value),
    "tekun": lambda f: setattr(f.household, "category", HouseholdCategory.DIBAO_TEKUN.value),
    "nolabour": lambda f: _each(f.members, labour=Labour.NONE.value),
    "elderly": lambda f: f.members.append(
        f.members[0].model_copy(
            update={"id": "old", "relation": "11", "birth_date": dt.date(1940, 1, 15)}
        )
    ),
}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.sets(st.sampled_from(sorted(TOGGLES))))
def test_score_is_bounded_and_explained(mk: Any, ctx: RuleContext, toggles: set[str]) -> None:
    file = mk.file()
    for t in sorted(toggles):
        TOGGLES[t](file)
    score(file, ctx)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(st.sets(st.sampled_from(sorted(TOGGLES))), st.sampled_from(sorted(TOGGLES)))
def test_another_problem_never_lowers_the_score(
    mk: Any, ctx: RuleContext, toggles: set[str], extra: str
) -> None:
    if {extra, *toggles} >= {"dibao", "tekun"} or {extra, *toggles} >= {"poor", "noincome"}:
        return  # these replace each other rather than add a problem
    before, after = mk.file(), mk.file()
    for t in sorted(toggles):
        TOGGLES[t](before)
        TOGGLES[t](after)
    TOGGLES[extra](after)
    assert priority(after, ctx) >= priority(before, ctx)
