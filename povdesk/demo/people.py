"""Families: who lives in each household, and facts about them that agree with each other.

The order matters: the main cause of poverty is drawn first because it shapes the family
(因学 needs a student, 因病 a sick member, 因残 a disabled one), then the family, then
the facts that follow from age and health (school, labour, insurance), then welfare, and
last the seed's shortfalls, which are written over facts that were otherwise in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from povdesk.codes import (
    Education,
    Ethnicity,
    Health,
    HouseholdCategory,
    Labour,
    PovertyCause,
    Relation,
    SchoolStatus,
    Sex,
)
from povdesk.demo import names
from povdesk.demo.base import Draw, Home, Person, Role, Shortfall, at_age
from povdesk.rules import idcard

M, F = Sex.MALE.value, Sex.FEMALE.value

# Family compositions and their shares among poor households.
KINDS: tuple[tuple[str, float], ...] = (
    ("single_elderly", 9),  # one old person, often 特困供养
    ("elderly_couple", 15),
    ("couple_children", 32),
    ("three_gen_old_head", 14),  # old head, his son's family lives with him
    ("three_gen_young_head", 14),  # head with children and his old parent(s)
    ("single_parent", 6),
    ("couple_adult_child", 10),  # ageing couple and an unmarried adult son
)
_WITH_CHILD = frozenset(
    {"couple_children", "three_gen_old_head", "three_gen_young_head", "single_parent"}
)
_WITH_STUDENT = _WITH_CHILD | {"couple_adult_child"}
_FEW_HANDS = frozenset({"single_elderly", "elderly_couple", "single_parent"})

# Main causes as found in Hubei's mountain counties: illness far ahead of the rest.
MAIN_CAUSES: tuple[tuple[PovertyCause, float], ...] = (
    (PovertyCause.ILLNESS, 35),
    (PovertyCause.DISABILITY, 10),
    (PovertyCause.SCHOOLING, 8),
    (PovertyCause.NO_SKILLS, 12),
    (PovertyCause.NO_CAPITAL, 12),
    (PovertyCause.NO_LABOUR, 8),
    (PovertyCause.TRANSPORT, 5),
    (PovertyCause.DISASTER, 3),
    (PovertyCause.NO_DRIVE, 3),
    (PovertyCause.NO_LAND, 2),
    (PovertyCause.NO_WATER, 2),
)


class Families:
    """Builds the people of each household; ID numbers are unique across the village."""

    def __init__(self, draw: Draw, today: dt.date, county_code: str, mountain: bool) -> None:
        self.draw = draw
        self.today = today
        self.county = county_code
        self.mountain = mountain
        self.surnames = names.surname_table(mountain)
        self._used_ids: set[str] = set()  # membership only: never iterated (determinism)

    # -- one person ------------------------------------------------------------------
    def person(
        self, home: Home, *, surname: str, sex: str, age: int, relation: Relation, eth: str
    ) -> Person:
        birth = at_age(self.draw, self.today, age)
        return self.born(home, surname=surname, sex=sex, birth=birth, relation=relation, eth=eth)

    def born(
        self, home: Home, *, surname: str, sex: str, birth: dt.date, relation: Relation, eth: str
    ) -> Person:
        taken = {p.name for p in home.people}
        pool = names.GIVEN_NAMES[(names.era_of(birth.year), sex)]
        name = surname + self.draw.pick(pool)
        while name in taken:  # two 张伟 in one household would confuse every form
            name = surname + self.draw.pick(pool)
        p = Person(
            id=self.draw.new_id(),
            name=name,
            sex=sex,
            birth=birth,
            relation=relation.value,
            ethnicity=eth,
            id_number=self.id_number(birth, sex),
        )
        home.people.append(p)
        return p

    def reserve(self, numbers: Iterable[str]) -> None:
        """ID numbers another builder already gave out (the register's people)."""
        self._used_ids.update(numbers)

    def id_number(self, birth: dt.date, sex: str) -> str:
        while True:
            n = self.draw.between(0, 499)
            number = idcard.make(self.county, birth, 2 * n + 1 if sex == M else 2 * n)
            if number not in self._used_ids:
                self._used_ids.add(number)
                return number

    def surname(self) -> str:
        return self.draw.weighted(self.surnames)

    def ethnicity(self) -> str:
        if self.mountain:
            return self.draw.weighted(
                ((Ethnicity.HAN.value, 62), (Ethnicity.TUJIA.value, 35), (Ethnicity.MIAO.value, 3))
            )
        return Ethnicity.TUJIA.value if self.draw.chance(0.04) else Ethnicity.HAN.value

    # -- a family --------------------------------------------------------------------
    def build(self, home: Home) -> None:
        """Main cause, family, health; the rest comes in `finish` after life events."""
        d = self.draw
        short = home.plan.shortfalls
        cause = d.weighted(MAIN_CAUSES)
        if Shortfall.NO_SERIOUS in short and d.chance(0.7):
            cause = PovertyCause.ILLNESS
        if home.plan.role is Role.RETURNED:
            cause = PovertyCause.ILLNESS  # 因病返贫: the commonest way back into poverty
        if cause is PovertyCause.SCHOOLING and Shortfall.DROPOUT in short:
            cause = PovertyCause.NO_CAPITAL  # the dropout child is the story, not fees
        home.main_cause = cause.value
        kinds: Sequence[tuple[str, float]] = KINDS
        if Shortfall.DROPOUT in short:
            kinds = [k for k in KINDS if k[0] in _WITH_CHILD]
        elif cause is PovertyCause.SCHOOLING:
            kinds = [k for k in KINDS if k[0] in _WITH_STUDENT]
        elif cause is PovertyCause.NO_LABOUR:  # old or alone: few hands to work
            kinds = [k for k in KINDS if k[0] in _FEW_HANDS]
        home.kind = d.weighted(kinds)
        need = None
        if Shortfall.DROPOUT in short:
            need = "school_child"
        elif cause is PovertyCause.SCHOOLING:
            need = "student"
        self._compose(home, need)
        self._health(home, cause)

    def _pivot_age(self, need: str | None) -> int | None:
        if need == "school_child":
            return self.draw.between(11, 15)  # dropouts cluster in junior school
        if need == "student":
            return self.draw.between(15, 21)
        return None

    def _mark_pivot(self, p: Person, need: str | None) -> None:
        p.school_child = need == "school_child"
        p.must_study = need == "student"

    def _children(
        self,
        home: Home,
        mother_age: int,
        count: int,
        pivot: int | None,
        need: str | None,
        surname: str,
        eth: str,
        grand: bool = False,
    ) -> None:
        d = self.draw
        ages: list[int] = []
        if pivot is not None:
            ages.append(pivot)
            for _ in range(count - 1):
                older = pivot + d.between(2, 5)
                younger = pivot - d.between(2, 5)
                if d.chance(0.5) and older <= mother_age - 20 and older <= 24:
                    ages.append(older)
                elif younger >= 0:
                    ages.append(younger)
        else:
            a = mother_age - d.between(20, 27)
            for _ in range(count):
                if a < 0:
                    break
                if a <= 24:  # older children have mostly married or split off
                    ages.append(a)
                a -= d.between(2, 6)
        for i, age in enumerate(ages):
            sex = M if d.chance(0.52) else F
            if grand:
                rel = Relation.GRANDSON if sex == M else Relation.GRANDDAUGHTER
            else:
                rel = Relation.SON if sex == M else Relation.DAUGHTER
            p = self.person(home, surname=surname, sex=sex, age=age, relation=rel, eth=eth)
            if i == 0 and pivot is not None:
                self._mark_pivot(p, need)

    def _kin(self, home: Home, rel: Relation, sex: str, age: int, eth: str) -> Person:
        """Someone born into the family: the household's surname and ethnicity."""
        return self.person(home, surname=home.surname, sex=sex, age=age, relation=rel, eth=eth)

    def _wife(self, home: Home, rel: Relation, age: int) -> Person:
        """A woman who married in: her own surname, her own ethnicity."""
        eth = self.ethnicity()
        return self.person(home, surname=self.surname(), sex=F, age=age, relation=rel, eth=eth)

    def _compose(self, home: Home, need: str | None) -> None:
        d = self.draw
        pivot = self._pivot_age(need)
        kind = home.kind
        eth = self.ethnicity()
        kids = d.weighted(((1, 35), (2, 45), (3, 20)))
        R = Relation
        if kind == "single_elderly":
            self._kin(home, R.HEAD, F if d.chance(0.55) else M, d.between(62, 90), eth)
        elif kind == "elderly_couple":
            h = d.between(60, 85)
            self._kin(home, R.HEAD, M, h, eth)
            self._wife(home, R.SPOUSE, max(58, h + d.between(-6, 2)))
        elif kind == "couple_children":
            mother = pivot + d.between(22, 32) if pivot is not None else d.between(26, 50)
            self._kin(home, R.HEAD, M, max(22, mother + d.between(-1, 6)), eth)
            self._wife(home, R.SPOUSE, mother)
            self._children(home, mother, kids, pivot, need, home.surname, eth)
        elif kind == "three_gen_old_head":
            daughter_in_law = pivot + d.between(22, 30) if pivot is not None else d.between(24, 42)
            son = max(22, daughter_in_law + d.between(-1, 5))
            h = min(88, son + d.between(22, 30))
            self._kin(home, R.HEAD, M, h, eth)
            if d.chance(0.75):  # else widowed
                self._wife(home, R.SPOUSE, max(50, h + d.between(-6, 1)))
            self._kin(home, R.SON, M, son, eth)
            self._wife(home, R.DAUGHTER_IN_LAW, daughter_in_law)
            kids = min(kids, 2)
            self._children(home, daughter_in_law, kids, pivot, need, home.surname, eth, grand=True)
        elif kind == "three_gen_young_head":
            mother = pivot + d.between(22, 32) if pivot is not None else d.between(26, 46)
            h = max(24, mother + d.between(-1, 5))
            self._kin(home, R.HEAD, M, h, eth)
            self._wife(home, R.SPOUSE, mother)
            parents = d.weighted((("both", 45), ("father", 20), ("mother", 35)))
            old = min(92, h + d.between(22, 34))
            if parents in ("both", "father"):
                self._kin(home, R.FATHER, M, old, eth)
            if parents in ("both", "mother"):
                self._wife(home, R.MOTHER, old - d.between(0, 4))
            self._children(home, mother, min(kids, 2), pivot, need, home.surname, eth)
        elif kind == "single_parent":
            parent = pivot + d.between(24, 34) if pivot is not None else d.between(32, 52)
            sex = F if d.chance(0.55) else M
            self._kin(home, R.HEAD, sex, parent, eth)
            # A widowed or divorced mother's children carry their father's surname.
            child_sn = home.surname if sex == M else self.surname()
            self._children(home, parent, min(kids, 2), pivot, need, child_sn, eth)
        else:  # couple_adult_child
            son = pivot if pivot is not None else d.between(22, 40)
            h = max(48, son + d.between(24, 32))
            self._kin(home, R.HEAD, M, h, eth)
            self._wife(home, R.SPOUSE, max(45, h + d.between(-5, 1)))
            p = self._kin(home, R.SON, M, son, eth)
            if pivot is not None:
                self._mark_pivot(p, need)

    # -- health ----------------------------------------------------------------------
    def _health(self, home: Home, cause: PovertyCause) -> None:
        d, on = self.draw, self.today
        for p in home.people:
            age = p.age(on)
            if p.school_child or p.must_study:
                continue  # the pivot child stays healthy: a disabled dropout is excused
            if d.chance(0.25 if age >= 60 else 0.08 if age >= 40 else 0.015):
                self.make_ill(p, serious=d.chance(0.15 if age >= 50 else 0.3))
            elif d.chance(0.03):
                self.make_disabled(p)
        adults = [p for p in home.people if p.age(on) >= 30 and not p.must_study]
        candidates = [p for p in home.people if not (p.school_child or p.must_study)]
        if cause is PovertyCause.ILLNESS and not any(p.sick for p in home.people):
            self.make_ill(d.pick(adults or candidates), serious=d.chance(0.4))
        if cause is PovertyCause.DISABILITY and not any(p.disabled for p in home.people):
            self.make_disabled(d.pick(candidates))
        needs_serious = home.has(Shortfall.NO_SERIOUS) or home.plan.role is Role.RETURNED
        if needs_serious and not any(p.serious for p in home.people):
            sick = [p for p in home.people if p.sick and not p.must_study]
            self.make_ill(d.pick(sick or adults or candidates), serious=True)

    def recover(self, home: Home) -> None:
        """Everyone ill has recovered, but the record still says 因病: a stale cause,
        which povdesk's consistency check (cause_illness_no_sick) is there to catch."""
        for p in home.people:
            if p.sick:
                p.health = [h for h in p.health if h == Health.DISABLED.value]
                p.health = p.health or [Health.HEALTHY.value]
                p.illness = "" if not p.disabled else p.illness

    def make_ill(self, p: Person, *, serious: bool) -> None:
        code = Health.SERIOUS.value if serious else Health.CHRONIC.value
        p.health = [h for h in p.health if h != Health.HEALTHY.value and h != code] + [code]
        p.health.sort()
        pool = names.SERIOUS_ILLNESSES if serious else names.CHRONIC_ILLNESSES
        if serious and p.sex == F:
            pool = pool + names.SERIOUS_ILLNESSES_WOMEN
        p.illness = self.draw.pick(pool)

    def make_disabled(self, p: Person) -> None:
        p.health = sorted({*p.health, Health.DISABLED.value} - {Health.HEALTHY.value})
        p.disability_cert = self.draw.chance(0.85)
        p.illness = p.illness or self.draw.pick(names.DISABILITIES)

    # -- facts that follow from age and health ---------------------------------------
    def finish(self, home: Home) -> None:
        for p in home.people:
            self._school(p)
            self._labour(p)
            self._insurance(p)
        self._welfare(home)
        self._shortfalls(home)
        self._secondary(home)

    def _school(self, p: Person) -> None:
        d, age = self.draw, p.age(self.today)
        E, S = Education, SchoolStatus
        if age <= 2:
            p.school, p.education = S.NOT_STUDENT.value, E.PRESCHOOL_AGE.value
        elif age <= 5:
            p.school, p.education = S.PRESCHOOL.value, E.PRESCHOOL_AGE.value
        elif age <= 11:
            p.school, p.education = S.PRIMARY.value, E.PRIMARY.value
        elif age <= 14:
            p.school, p.education = S.JUNIOR.value, E.JUNIOR.value
        elif age == 15:
            p.school = d.weighted(
                ((S.JUNIOR.value, 30), (S.SENIOR.value, 45), (S.VOCATIONAL.value, 25))
            )
            p.education = E.JUNIOR.value if p.school == S.JUNIOR.value else E.SENIOR.value
        elif age <= 17:
            p.school = d.weighted(
                (
                    (S.SENIOR.value, 55),
                    (S.VOCATIONAL.value, 30),
                    (S.NOT_STUDENT.value, 0 if p.must_study else 15),
                )
            )
            p.education = E.JUNIOR.value if p.school == S.NOT_STUDENT.value else E.SENIOR.value
        elif age <= 22:
            p.school = d.weighted(
                (
                    (S.COLLEGE.value, 25),
                    (S.HIGHER_VOCATIONAL.value, 20),
                    (S.NOT_STUDENT.value, 0 if p.must_study else 55),
                )
            )
            if p.school == S.NOT_STUDENT.value:
                p.education = d.pick((E.JUNIOR.value, E.JUNIOR.value, E.SENIOR.value))
            else:
                p.education = E.COLLEGE.value
        else:
            p.school = S.NOT_STUDENT.value
            p.education = self._adult_education(p.birth.year)
        if p.disabled and 18 <= age <= 22 and not p.must_study:
            p.school, p.education = S.NOT_STUDENT.value, E.JUNIOR.value

    def _adult_education(self, year: int) -> str:
        E = Education
        table: tuple[tuple[Education, float], ...]
        if year < 1950:
            table = ((E.ILLITERATE, 45), (E.PRIMARY, 45), (E.JUNIOR, 10))
        elif year < 1965:
            table = ((E.ILLITERATE, 15), (E.PRIMARY, 50), (E.JUNIOR, 30), (E.SENIOR, 5))
        elif year < 1980:
            table = ((E.PRIMARY, 25), (E.JUNIOR, 60), (E.SENIOR, 13), (E.COLLEGE, 2))
        elif year < 1995:
            table = ((E.PRIMARY, 8), (E.JUNIOR, 62), (E.SENIOR, 22), (E.COLLEGE, 8))
        else:
            table = ((E.JUNIOR, 45), (E.SENIOR, 35), (E.COLLEGE, 20))
        return self.draw.weighted(table).value

    def _labour(self, p: Person) -> None:
        d, age = self.draw, p.age(self.today)
        L = Labour
        student = p.school not in (None, SchoolStatus.NOT_STUDENT.value)
        if age < 16 or student:
            p.labour = L.NONE.value
        elif p.serious:
            p.labour = L.LOST.value
        elif p.disabled:
            p.labour = L.LOST.value if d.chance(0.6) else L.WEAK.value
        elif p.sick:
            p.labour = L.WEAK.value
        elif age >= 75:
            p.labour = L.NONE.value
        elif age >= 65:
            p.labour = L.WEAK.value
        elif age >= 60:
            p.labour = L.ORDINARY.value if d.chance(0.5) else L.WEAK.value
        else:
            p.labour = L.SKILLED.value if d.chance(0.2) else L.ORDINARY.value
        # Working-age people with labour capacity often work away (务工) part of the year.
        if p.labour in (L.ORDINARY.value, L.SKILLED.value) and 18 <= age <= 55 and d.chance(0.45):
            p.migrant_months = d.between(4, 12)
            p.migrant_place = d.pick(names.MIGRANT_PLACES)

    def _insurance(self, p: Person) -> None:
        d, age = self.draw, p.age(self.today)
        p.ins_medical = True
        p.ins_serious = p.sick or d.chance(0.75)
        p.ins_commercial = d.chance(0.5 if p.sick else 0.3)
        student = p.school not in (None, SchoolStatus.NOT_STUDENT.value)
        p.ins_pension = age >= 16 and not student and d.chance(0.95 if age >= 60 else 0.82)

    def _welfare(self, home: Home) -> None:
        """Category and the members' 低保 / 特困 flags, always agreeing (domain.md §3)."""
        d = self.draw
        present = home.present
        below = home.has(Shortfall.INCOME)
        # 特困供养 goes to people alone with no one to support them; their support alone
        # lifts them over the line, so an income shortfall rules it out.
        if home.kind == "single_elderly" and not below and d.chance(0.55):
            home.category = HouseholdCategory.TEKUN.value
            present[0].tekun = True
            return
        hard = any(p.serious or p.disabled for p in present)
        old = all(p.age(self.today) >= 60 for p in present)
        p_dibao = 0.38 if hard else 0.30 if old else 0.10
        if not d.chance(p_dibao):
            return
        home.category = HouseholdCategory.DIBAO.value
        if d.chance(0.7):
            covered = present  # 整户保
        else:  # 分类施保: only the ones who cannot earn
            covered = [p for p in present if p.sick or p.disabled or p.age(self.today) >= 60]
            covered = covered or present[:1]
        for p in covered:
            p.dibao = True

    def _shortfalls(self, home: Home) -> None:
        d, on = self.draw, self.today
        present = home.present
        if home.has(Shortfall.DROPOUT):
            child = next(p for p in present if p.school_child)
            child.school = SchoolStatus.NOT_STUDENT.value
            child.dropout_reason = d.pick(names.DROPOUT_REASONS)
            done = Education.PRIMARY if child.age(on) <= 12 else Education.JUNIOR
            child.education = done.value
        if home.has(Shortfall.NO_MEDICAL):
            away = [p for p in present if p.migrant_months > 0]
            p = d.pick(away or present)
            p.ins_medical = p.ins_serious = p.ins_commercial = False
        if home.has(Shortfall.NO_SERIOUS):
            p = d.pick([p for p in present if p.serious])
            p.ins_serious = False

    def _secondary(self, home: Home) -> None:
        """0-2 secondary causes, each backed by the members like the main one."""
        d, main = self.draw, home.main_cause
        present = home.present
        C = PovertyCause
        pool: list[str] = []
        if any(p.sick for p in present):
            pool.append(C.ILLNESS.value)
        if any(p.disabled for p in present):
            pool.append(C.DISABILITY.value)
        if any(p.student for p in present):
            pool.append(C.SCHOOLING.value)
        hands = [p for p in present if (lab := Labour.lookup(p.labour)) and lab.has_capacity]
        if len(hands) <= 1:
            pool.append(C.NO_LABOUR.value)
        pool += [C.NO_SKILLS.value, C.NO_CAPITAL.value, C.TRANSPORT.value]
        pool = [c for c in pool if c != main]
        k = d.weighted(((0, 35), (1, 45), (2, 20)))
        home.secondary = sorted(d.sample(pool, k))
