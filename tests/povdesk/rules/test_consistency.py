"""Non-blocking checks: the national data-cleaning rules, ID numbers, plan and funds."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from povdesk.codes import (
    Dimension,
    Health,
    HouseholdCategory,
    Labour,
    MeasureStatus,
    PovertyCause,
    Presence,
    Relation,
    SchoolStatus,
    Severity,
    Sex,
)
from povdesk.models import FundEntryData, MeasureData, MemberData, PairingData
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.readiness import findings_for, readiness
from tests.povdesk.rules.conftest import Mutate, codes, do, edit, set_fields

E, W, INF = Severity.ERROR, Severity.WARNING, Severity.INFO
C, ID, PLAN, FUNDS = Dimension.CONSISTENCY, Dimension.IDENTITY, Dimension.PLAN, Dimension.FUNDS


def m_(i: int, **kw: Any) -> Mutate:
    """Change member i (0 head 45, 1 spouse 43, 2 son 13)."""
    return edit(lambda f: f.members[i], **kw)


def h_(**kw: Any) -> Mutate:
    return edit(lambda f: f.household, **kw)


def inc_(**kw: Any) -> Mutate:
    return edit(lambda f: f.incomes[0], **kw)


def both(*ms: Mutate) -> Mutate:
    def go(f: HouseholdFile, c: RuleContext) -> RuleContext:
        for m in ms:
            c = m(f, c)
        return c

    return go


def add_measure(**kw: Any) -> Mutate:
    return do(lambda f: f.measures.append(MeasureData(household_id="h1", **kw)))


def ctx_(**kw: Any) -> Mutate:
    return lambda f, c: dataclasses.replace(c, **kw)


CASES: list[tuple[str, Dimension, Severity, Mutate]] = [
    ("cause_illness_no_sick", C, W, h_(main_cause=PovertyCause.ILLNESS.value)),
    (
        "cause_schooling_no_student",
        C,
        W,
        both(
            h_(main_cause=PovertyCause.SCHOOLING.value), m_(2, presence=Presence.MOVED_AWAY.value)
        ),
    ),
    ("cause_disability_no_disabled", C, W, h_(main_cause=PovertyCause.DISABILITY.value)),
    ("secondary_has_main", C, E, h_(secondary_causes=["09", PovertyCause.NO_SKILLS.value])),
    ("dibao_no_member", C, E, h_(category=HouseholdCategory.DIBAO.value)),
    ("ordinary_has_dibao", C, E, m_(1, dibao=True)),
    ("tekun_no_member", C, E, h_(category=HouseholdCategory.TEKUN.value)),
    (
        "dibao_and_tekun",
        C,
        E,
        both(h_(category=HouseholdCategory.DIBAO_TEKUN.value), m_(0, dibao=True, tekun=True)),
    ),
    ("healthy_lost_labour", C, E, m_(0, labour=Labour.LOST.value)),
    ("migrant_months_range", C, E, m_(0, migrant_months=13)),
    ("migrant_no_capacity", C, E, m_(2, migrant_months=3)),
    ("production_no_costs", C, W, inc_(production_costs=0)),
    ("income_not_positive", C, W, inc_(wages=0, production=0, production_costs=0)),
    ("income_implausible", C, E, inc_(wages=30_000_000 - 400_000 + 1)),
    ("head_spouse_same_sex", C, E, m_(1, sex=Sex.MALE.value)),
    ("child_senior_school", C, E, m_(2, school_status=SchoolStatus.SENIOR.value)),
    ("land_per_person", C, W, h_(land_cultivated=150.5)),
    ("no_head", C, E, m_(0, relation=Relation.OTHER.value)),
    ("several_heads", C, E, m_(1, relation=Relation.HEAD.value)),
    ("no_cadre", PLAN, E, edit(lambda f: f.pairings[0], end=dt.date(2020, 5, 31))),
    (
        "cadre_is_member",
        C,
        E,
        lambda f, c: dataclasses.replace(c, cadre_id_numbers=frozenset({f.members[1].id_number})),
    ),
    ("id_missing", ID, W, m_(2, id_number="")),
    ("id_invalid", ID, E, do(lambda f: set_fields(f.members[0], id_number=_bad(f.members[0])))),
    ("id_sex_mismatch", ID, E, m_(2, sex=Sex.FEMALE.value)),
    ("id_birth_mismatch", ID, E, m_(2, birth_date=dt.date(2007, 1, 16))),
    (
        "id_duplicate",
        ID,
        E,
        lambda f, c: dataclasses.replace(
            c, duplicate_id_numbers=frozenset({f.members[0].id_number})
        ),
    ),
    (
        "measure_overdue",
        PLAN,
        W,
        add_measure(status=MeasureStatus.IN_PROGRESS.value, due=dt.date(2020, 5, 31)),
    ),
    ("measure_unacknowledged", PLAN, INF, edit(lambda f: f.measures[0], acknowledged=False)),
    ("fund_reversal_mismatch", FUNDS, E, edit(lambda f: f.funds[2], amount=-40_000)),
    ("fund_measure_mismatch", FUNDS, W, edit(lambda f: f.funds[0], amount=90_000)),
]


def _bad(m: MemberData) -> str:
    """The member's ID number with a wrong check character."""
    last = m.id_number[-1]
    return m.id_number[:-1] + ("0" if last != "0" else "1")


@pytest.mark.parametrize(("code", "dim", "sev", "mutate"), CASES, ids=[c[0] for c in CASES])
def test_non_blocking_code(
    mk: Any, ctx: RuleContext, code: str, dim: Dimension, sev: Severity, mutate: Mutate
) -> None:
    file = mk.file()
    assert code not in codes(findings_for(file, ctx))  # the compliant household
    ctx = mutate(file, ctx)
    hits = [f for f in findings_for(file, ctx) if f.code == code]
    assert hits, code
    for f in hits:
        assert (f.dimension, f.severity, f.blocking) == (dim, sev, False)
        assert f.household_id == "h1" and f.zh and f.en
    assert not any(f.code == code for f in readiness(file, ctx).blocking)


def test_member_findings_name_member_and_field(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    son = file.members[2]
    son.school_status = SchoolStatus.SENIOR.value
    [f] = [f for f in findings_for(file, ctx) if f.code == "child_senior_school"]
    assert (f.member_id, f.field) == (son.id, "school_status")
    assert "王小明 13岁" in f.zh and "王小明 (13)" in f.en


# --- near misses: each rule's compliant counterpart ----------------------------------


def test_causes_satisfied(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(main_cause=PovertyCause.ILLNESS.value)
    file.members[1].health = [Health.CHRONIC.value]
    assert "cause_illness_no_sick" not in codes(findings_for(file, ctx))
    file.household.main_cause = PovertyCause.SCHOOLING.value  # the son is in junior school
    assert "cause_schooling_no_student" not in codes(findings_for(file, ctx))
    file.members[2] = mk.member(
        "王小宝", age=4, relation="03", school_status=SchoolStatus.PRESCHOOL.value
    )
    assert "cause_schooling_no_student" in codes(findings_for(file, ctx))  # 学前 is no student
    file.household.main_cause = PovertyCause.DISABILITY.value
    file.members[0].disability_cert = True
    assert "cause_disability_no_disabled" not in codes(findings_for(file, ctx))


def test_welfare_categories_satisfied(mk: Any, ctx: RuleContext) -> None:
    file = mk.file(category=HouseholdCategory.DIBAO.value)
    file.members[0].dibao = True
    assert codes(findings_for(file, ctx)) == set()
    file.household.category = HouseholdCategory.DIBAO_TEKUN.value
    file.members[1].tekun = True
    assert codes(findings_for(file, ctx)) == set()
    file.household.category = HouseholdCategory.TEKUN.value  # 特困 only: dibao not required
    file.members[0].dibao = False
    assert codes(findings_for(file, ctx)) == set()


def test_lost_labour_is_fine_when_ill_or_old(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.members[0].labour = Labour.LOST.value
    file.members[0].health = [Health.SERIOUS.value]
    file.members.append(mk.member("王老汉", age=60, relation="11", labour=Labour.LOST.value))
    assert "healthy_lost_labour" not in codes(findings_for(file, ctx))
    file.members.append(mk.member("王叔", age=59, relation="99", labour=Labour.LOST.value))
    assert "healthy_lost_labour" in codes(findings_for(file, ctx))


def test_migrant_work_with_capacity_is_fine(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.members[0].migrant_months = 12
    file.members[1].labour = Labour.WEAK.value
    file.members[1].migrant_months = 1
    assert findings_for(file, ctx) == []
    file.members[0].migrant_months = -1
    assert "migrant_months_range" in codes(findings_for(file, ctx))


def test_income_bounds_are_exact(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.incomes[0].wages = 30_000_000 - 400_000  # exactly 100,000 yuan each
    assert "income_implausible" not in codes(findings_for(file, ctx))
    set_fields(file.incomes[0], wages=3, production=0, production_costs=0)  # 0.01 yuan each
    assert "income_not_positive" not in codes(findings_for(file, ctx))


def test_sex_from_id_number_counts_for_head_and_spouse(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.members[1] = mk.member("李秀", age=43, sex=Sex.MALE.value, relation="02")
    file.members[1].sex = None  # unrecorded: the ID number says male, like the head
    assert "head_spouse_same_sex" in codes(findings_for(file, ctx))


def test_senior_school_from_fifteen_is_fine(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.members[2] = mk.member(
        "王小明", age=15, relation="03", school_status=SchoolStatus.VOCATIONAL.value
    )
    assert findings_for(file, ctx) == []
    file.members[2] = mk.member(
        "王小明", age=14, relation="03", school_status=SchoolStatus.VOCATIONAL.value
    )
    assert "child_senior_school" in codes(findings_for(file, ctx))


def test_land_exactly_fifty_mu_each_is_fine(mk: Any, ctx: RuleContext) -> None:
    assert findings_for(mk.file(land_cultivated=150.0), ctx) == []


def test_heads_and_pairings_over_time(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.members.append(mk.member("王老户主", age=80, presence=Presence.DECEASED.value))
    assert findings_for(file, ctx) == []  # a dead former head is no second head
    file.pairings[0].end = dt.date(2020, 1, 1)
    file.pairings.append(PairingData(household_id="h1", cadre_id="c2", start=dt.date(2020, 1, 2)))
    assert findings_for(file, ctx) == []
    file.pairings[1].start = dt.date(2020, 6, 2)  # a future pairing is no cadre today
    assert "no_cadre" in codes(findings_for(file, ctx))


def test_ids_are_compared_in_normal_form(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    head = file.members[0]
    full_width = "".join(chr(0xFF10 + int(ch)) if ch.isdigit() else ch for ch in head.id_number)
    head.id_number = full_width
    assert findings_for(file, ctx) == []  # full-width digits are a valid spelling
    found = findings_for(
        file,
        dataclasses.replace(
            ctx,
            duplicate_id_numbers=frozenset(
                {file.members[0].id_number.translate({0xFF10 + i: str(i) for i in range(10)})}
            ),
        ),
    )
    assert "id_duplicate" in codes(found)


def test_id_invalid_message_carries_the_reason(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.members[0].id_number = "4228231975011500"  # 16 characters
    [f] = [f for f in findings_for(file, ctx) if f.code == "id_invalid"]
    assert "18" in f.zh and "王大山" in f.zh and "18" in f.en
    assert (f.member_id, f.field) == (file.members[0].id, "id_number")


def test_plan_near_misses(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.measures.append(
        MeasureData(household_id="h1", status=MeasureStatus.PLANNED.value, due=ctx.today)
    )  # due today: not yet overdue
    file.measures.append(
        MeasureData(
            household_id="h1", status=MeasureStatus.CANCELLED.value, due=dt.date(2019, 1, 1)
        )
    )
    file.measures.append(MeasureData(household_id="h1", status=MeasureStatus.PLANNED.value))
    assert findings_for(file, ctx) == []


def test_fund_near_misses(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    # An over-payment on the measure, corrected by a reversing entry: the net total is right.
    file.funds.append(FundEntryData(id="f4", household_id="h1", measure_id="m1", amount=20_000))
    assert "fund_measure_mismatch" in codes(findings_for(file, ctx))
    file.funds.append(
        FundEntryData(id="f5", household_id="h1", measure_id="m1", amount=-20_000, reverses_id="f4")
    )
    assert findings_for(file, ctx) == []
    file.measures[0].status = MeasureStatus.IN_PROGRESS.value  # not done: not yet compared
    file.measures[0].due = dt.date(2020, 9, 1)
    file.funds[0].amount = 10
    assert findings_for(file, ctx) == []


def test_reversal_of_an_unknown_entry(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.funds[2].reverses_id = "elsewhere"
    [f] = [f for f in findings_for(file, ctx) if f.code == "fund_reversal_mismatch"]
    assert f.field == "reverses_id"


def test_fund_measure_mismatch_shows_both_amounts(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    file.funds[0].amount = 90_000
    [f] = [f for f in findings_for(file, ctx) if f.code == "fund_measure_mismatch"]
    assert "1000.00" in f.zh and "900.00" in f.zh and "900.00" in f.en


def test_identity_checks_skip_members_who_left(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    gone = mk.member(
        "王大姐", age=25, sex=Sex.FEMALE.value, relation="04", presence=Presence.MARRIED_OUT.value
    )
    dup = frozenset({gone.id_number})
    gone.sex = Sex.MALE.value  # also disagrees with her number
    file.members.append(gone)
    assert findings_for(file, dataclasses.replace(ctx, duplicate_id_numbers=dup)) == []
    gone.presence = Presence.PRESENT.value
    found = codes(findings_for(file, dataclasses.replace(ctx, duplicate_id_numbers=dup)))
    assert {"id_duplicate", "id_sex_mismatch"} <= found
