"""Life events of the past year: births, deaths, a marriage out and a marriage in.

People leave a household by an event, never by deletion (models/member.py), so the
register shows a dead grandfather and a married-out daughter as members who are no
longer present. Only extra people are added here: nobody a household's main cause rests
on is taken away, so the causes keep agreeing with the members present.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from povdesk.codes import LifeEventKind, Presence, Relation, Sex
from povdesk.demo.base import Home, Person
from povdesk.demo.people import Families

M, F = Sex.MALE.value, Sex.FEMALE.value


def add_life_events(fam: Families, homes: list[Home]) -> None:
    n = len(homes)
    used: set[int] = set()  # indexes of homes with an event: one event per home

    def choose(k: int, eligible: Callable[[Home], bool]) -> list[Home]:
        idx = [i for i, h in enumerate(homes) if i not in used and eligible(h)]
        chosen = sorted(fam.draw.sample(idx, k))
        used.update(chosen)
        return [homes[i] for i in chosen]

    for h in choose(max(1, round(0.02 * n)), lambda h: _mother(fam, h) is not None):
        _birth(fam, h)
    for h in choose(max(1, round(0.015 * n)), lambda h: _can_lose_father(fam, h)):
        _death(fam, h)
    for h in choose(max(1, round(0.01 * n)), lambda h: _has_couple(fam, h)):
        _marry_out(fam, h)
    for h in choose(max(1, round(0.01 * n)), lambda h: _bachelor(fam, h) is not None):
        _marry_in(fam, h)


def _past_year(fam: Families, lo: int = 10) -> dt.date:
    return fam.today - dt.timedelta(days=fam.draw.between(lo, 330))


def _mother(fam: Families, h: Home) -> Person | None:
    """A young wife whose husband is present, and no baby under two yet."""
    on = fam.today
    if any(p.age(on) < 2 for p in h.present):
        return None
    sons = any(p.relation == Relation.SON.value and p.sex == M for p in h.present)
    for p in h.present:
        if not 22 <= p.age(on) <= 38 or p.sex != F:
            continue
        if p.relation == Relation.SPOUSE.value and h.head.sex == M:
            return p
        if p.relation == Relation.DAUGHTER_IN_LAW.value and sons:
            return p
    return None


def _birth(fam: Families, h: Home) -> None:
    mother = _mother(fam, h)
    assert mother is not None  # chosen for having one
    sex = M if fam.draw.chance(0.52) else F
    if mother.relation == Relation.SPOUSE.value:
        rel = Relation.SON if sex == M else Relation.DAUGHTER
    else:
        rel = Relation.GRANDSON if sex == M else Relation.GRANDDAUGHTER
    day = _past_year(fam, 20)
    eth = h.head.ethnicity
    baby = fam.born(h, surname=h.surname, sex=sex, birth=day, relation=rel, eth=eth)
    baby.event, baby.event_date = LifeEventKind.BIRTH.value, day
    baby.event_note = f"{mother.name}之{'子' if sex == M else '女'}，已办理出生登记和户口登记"


def _can_lose_father(fam: Families, h: Home) -> bool:
    age = h.head.age(fam.today)
    fathers = [p for p in h.people if p.relation == Relation.FATHER.value]
    return 35 <= age <= 62 and not fathers and h.head.sex == M


def _death(fam: Families, h: Home) -> None:
    d = fam.draw
    day = _past_year(fam)
    age_then = d.between(72, 92)
    birth = dt.date(day.year - age_then, d.between(1, 12), d.between(1, 28))
    birth = min(birth, dt.date(day.year - age_then, day.month, min(day.day, 28)))
    father = fam.born(
        h, surname=h.surname, sex=M, birth=birth, relation=Relation.FATHER, eth=h.head.ethnicity
    )
    fam.make_ill(father, serious=True)
    father.presence = Presence.DECEASED.value
    father.event, father.event_date = LifeEventKind.DEATH.value, day
    father.event_note = f"因{father.illness}病故，已办理户口注销"


def _has_couple(fam: Families, h: Home) -> bool:
    spouse = any(p.relation == Relation.SPOUSE.value for p in h.present)
    return h.head.sex == M and spouse and 45 <= h.head.age(fam.today) <= 62


def _marry_out(fam: Families, h: Home) -> None:
    d = fam.draw
    age = d.between(21, 28)
    daughter = fam.person(
        h, surname=h.surname, sex=F, age=age, relation=Relation.DAUGHTER, eth=h.head.ethnicity
    )
    daughter.presence = Presence.MARRIED_OUT.value
    daughter.event, daughter.event_date = LifeEventKind.MARRY_OUT.value, _past_year(fam)
    where = d.pick(("邻村", "本镇集镇", "邻县", "外省"))
    daughter.event_note = f"嫁往{where}，户口已迁出"


def _bachelor(fam: Families, h: Home) -> Person | None:
    if any(p.relation == Relation.DAUGHTER_IN_LAW.value for p in h.present):
        return None
    for p in h.present:
        if p.relation == Relation.SON.value and 23 <= p.age(fam.today) <= 35 and not p.disabled:
            return p
    return None


def _marry_in(fam: Families, h: Home) -> None:
    son = _bachelor(fam, h)
    assert son is not None  # chosen for having one
    d = fam.draw
    age = max(20, son.age(fam.today) + d.between(-4, 1))
    wife = fam.person(
        h,
        surname=fam.surname(),
        sex=F,
        age=age,
        relation=Relation.DAUGHTER_IN_LAW,
        eth=fam.ethnicity(),
    )
    wife.event, wife.event_date = LifeEventKind.MARRY_IN.value, _past_year(fam)
    where = d.pick(("本村", "邻村", "本镇", "邻县"))
    wife.event_note = f"与{son.name}登记结婚，户口由{where}迁入"
