from __future__ import annotations

import datetime as dt
from typing import Any

from povdesk.codes import Health, Presence, Sex
from povdesk.rules.facts import RuleContext
from povdesk.rules.groups import age_of, household_groups, member_groups


def test_adult_man_is_in_no_group(mk: Any, ctx: RuleContext) -> None:
    assert member_groups(mk.member(age=45), ctx.today) == frozenset()


def test_age_boundaries(mk: Any, ctx: RuleContext) -> None:
    on = ctx.today
    assert member_groups(mk.member(age=60), on) == {"elderly"}
    assert member_groups(mk.member(age=59), on) == frozenset()
    assert member_groups(mk.member(age=17), on) == {"child"}
    assert member_groups(mk.member(age=18), on) == frozenset()
    assert member_groups(mk.member(age=0), on) == {"child"}


def test_women_are_adult_females(mk: Any, ctx: RuleContext) -> None:
    on = ctx.today
    assert member_groups(mk.member(age=18, sex=Sex.FEMALE.value), on) == {"woman"}
    assert member_groups(mk.member(age=17, sex=Sex.FEMALE.value), on) == {"child"}
    assert member_groups(mk.member(age=70, sex=Sex.FEMALE.value), on) == {"woman", "elderly"}


def test_disabled_by_health_or_certificate(mk: Any, ctx: RuleContext) -> None:
    on = ctx.today
    assert member_groups(mk.member(health=[Health.DISABLED.value]), on) == {"disabled"}
    assert member_groups(mk.member(disability_cert=True), on) == {"disabled"}
    assert member_groups(mk.member(health=[Health.CHRONIC.value]), on) == frozenset()


def test_groups_change_with_the_date(mk: Any, ctx: RuleContext) -> None:
    m = mk.member(age=59)  # born 15 Jan 1961
    assert member_groups(m, dt.date(2021, 1, 14)) == frozenset()
    assert member_groups(m, dt.date(2021, 1, 15)) == {"elderly"}


def test_missing_birth_date_falls_back_to_id_number(mk: Any, ctx: RuleContext) -> None:
    m = mk.member(age=70, sex=Sex.FEMALE.value)
    undated = m.model_copy(update={"birth_date": None})
    assert age_of(undated, ctx.today) == 70
    assert member_groups(undated, ctx.today) == {"elderly", "woman"}
    # Sex missing too: the ID number's sex is used.
    assert member_groups(undated.model_copy(update={"sex": None}), ctx.today) == {
        "elderly",
        "woman",
    }


def test_no_birth_date_and_bad_id_gives_no_age_group(mk: Any, ctx: RuleContext) -> None:
    m = mk.member(age=70, birth_date=None, id_number="42282319500115001X")  # bad checksum
    assert age_of(m, ctx.today) is None
    assert member_groups(m, ctx.today) == frozenset()
    assert member_groups(m.model_copy(update={"disability_cert": True}), ctx.today) == {"disabled"}


def test_unborn_on_the_day_has_no_age(mk: Any) -> None:
    m = mk.member(age=1)  # born 2019-01-15
    assert age_of(m, dt.date(2018, 1, 1)) is None


def test_household_groups_count_present_members_only(mk: Any, ctx: RuleContext) -> None:
    file = mk.file()
    assert household_groups(file, ctx.today) == {"woman", "child"}
    grandma = mk.member(
        "张奶奶", age=80, sex=Sex.FEMALE.value, relation="18", presence=Presence.DECEASED.value
    )
    file.members.append(grandma)
    assert household_groups(file, ctx.today) == {"woman", "child"}
    file.members[-1] = grandma.model_copy(update={"presence": Presence.PRESENT.value})
    assert household_groups(file, ctx.today) == {"woman", "child", "elderly"}
