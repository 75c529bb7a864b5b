"""What the demo generator's modules share: the seeded draw and the records built in memory.

The generator builds every household in memory first (`Home`, `Person`) so that the
causes, welfare, income, measures and visits can be made to agree with the people, and
only then writes rows: one transaction, one `insert_many` per entity.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from povdesk.codes import (
    Health,
    HouseholdCategory,
    PovertyCause,
    Presence,
    Relation,
    SchoolStatus,
)
from povdesk.rules.dates import age_on

T = TypeVar("T")

_NOT_STUDYING = (None, SchoolStatus.NOT_STUDENT.value, SchoolStatus.PRESCHOOL.value)


class Draw:
    """One seeded stream for content and ids alike: the same seed and `today` give the
    same village, row ids included (so two demo stores can be compared row by row)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def new_id(self) -> str:
        # Same text as '%032x' % getrandbits(128): a UUID-shaped hex key.
        return f"{self.rng.getrandbits(128):032x}"

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, items: Sequence[T]) -> T:
        return self.rng.choice(items)

    def weighted(self, table: Sequence[tuple[T, float]]) -> T:
        values = [v for v, _ in table]
        return self.rng.choices(values, weights=[w for _, w in table])[0]

    def between(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi], both ends included."""
        return self.rng.randint(lo, hi)

    def uniform(self, lo: float, hi: float) -> float:
        return self.rng.uniform(lo, hi)

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        """A day in [start, end]; `start` when the range is empty."""
        span = (end - start).days
        return start + dt.timedelta(days=self.rng.randint(0, span)) if span > 0 else start

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(items), min(k, len(items)))


class Shortfall(StrEnum):
    """The seed's short boards (短板), each of which blocks an exit."""

    INCOME = "income"  # per-capita net income not above the line
    HOUSE = "house"  # C/D dangerous house, rebuild not completed
    WATER = "water"  # unsafe drinking water
    DROPOUT = "dropout"  # a child aged 6-15 out of school
    NO_MEDICAL = "no_medical"  # a member without basic medical insurance
    NO_SERIOUS = "no_serious"  # a seriously ill member without 大病保险
    NO_KEYS = "no_keys"  # relocated household still without its keys


class Role(StrEnum):
    """Where a household stands, and how it got there (its status history)."""

    POOR = "poor"  # 未脱贫
    PROPOSED = "proposed"  # 未脱贫 -> 拟退出
    EXITED = "exited"  # 未脱贫 -> 拟退出 -> 已脱贫, honestly
    FALSE_EXIT = "false_exit"  # the same path, with a shortfall standing (虚假脱贫)
    RETURNED = "returned"  # exited earlier, fell back (返贫)


@dataclass(frozen=True)
class Place:
    """The village being filled, with the names addresses and units are written with."""

    code: str  # 12-digit village code
    province: str
    city: str
    county: str
    township: str
    village: str
    mountain: bool  # western Hubei mountains: Tujia surnames and ethnicity

    @property
    def county_code(self) -> str:
        return self.code[:6]

    def unit(self, suffix: str) -> str:
        """A county unit's full name, e.g. 巴东县教育局 (just 县教育局 if unnamed)."""
        return f"{self.county or '县'}{suffix}"


@dataclass(frozen=True)
class Plan:
    role: Role
    shortfalls: tuple[Shortfall, ...] = ()
    override: str | None = None  # "relocation" or "income": exit passed by a signed override


@dataclass
class Person:
    id: str
    name: str
    sex: str
    birth: dt.date
    relation: str
    ethnicity: str
    id_number: str
    health: list[str] = field(default_factory=lambda: [Health.HEALTHY.value])
    illness: str = ""  # the illness or disability by name, for visit notes
    disability_cert: bool = False
    education: str | None = None
    school: str | None = None
    dropout_reason: str = ""
    labour: str | None = None
    migrant_place: str = ""
    migrant_months: int = 0
    ins_medical: bool = True
    ins_serious: bool = False
    ins_commercial: bool = False
    ins_pension: bool = False
    dibao: bool = False
    tekun: bool = False
    presence: str = Presence.PRESENT.value
    must_study: bool = False  # the student a 因学 cause rests on
    school_child: bool = False  # the child a dropout shortfall is about
    event: str | None = None  # LifeEventKind value
    event_date: dt.date | None = None
    event_note: str = ""

    def age(self, on: dt.date) -> int:
        return age_on(self.birth, on)

    @property
    def present(self) -> bool:
        return self.presence == Presence.PRESENT.value

    @property
    def sick(self) -> bool:
        return Health.CHRONIC.value in self.health or Health.SERIOUS.value in self.health

    @property
    def serious(self) -> bool:
        return Health.SERIOUS.value in self.health

    @property
    def disabled(self) -> bool:
        return Health.DISABLED.value in self.health or self.disability_cert

    @property
    def student(self) -> bool:
        """In school beyond pre-school: what 因学 and education aid are about."""
        return self.school not in _NOT_STUDYING

    def row(self, household_id: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "household_id": household_id,
            "name": self.name,
            "sex": self.sex,
            "id_number": self.id_number,
            "birth_date": self.birth,
            "ethnicity": self.ethnicity,
            "relation": self.relation,
            "education": self.education,
            "school_status": self.school,
            "dropout_reason": self.dropout_reason,
            "health": list(self.health),
            "disability_cert": self.disability_cert,
            "labour": self.labour,
            "migrant_place": self.migrant_place,
            "migrant_months": self.migrant_months,
            "ins_medical": self.ins_medical,
            "ins_serious": self.ins_serious,
            "ins_commercial": self.ins_commercial,
            "ins_pension": self.ins_pension,
            "dibao": self.dibao,
            "tekun": self.tekun,
            "presence": self.presence,
        }


@dataclass
class Home:
    """One household as it is being built."""

    plan: Plan
    id: str
    number: str
    group: str
    surname: str
    identified_year: int
    kind: str = ""  # family composition, see people.KINDS
    people: list[Person] = field(default_factory=list)
    main_cause: str = PovertyCause.OTHER.value
    secondary: list[str] = field(default_factory=list)
    category: str = HouseholdCategory.ORDINARY.value
    values: dict[str, Any] = field(default_factory=dict)  # the household row's other fields
    exit_year: int | None = None
    exit_on: dt.date | None = None  # the day the county certified the exit
    proposed_on: dt.date | None = None  # the day of the (latest) 拟退出 decision
    # (cadre id, start, end): the pairing history, oldest first; the last one is current.
    pairings: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)
    benefits: dict[str, int] = field(default_factory=dict)  # fen a year: dibao, tekun, ...

    @property
    def present(self) -> list[Person]:
        return [p for p in self.people if p.present]

    @property
    def head(self) -> Person:
        return next(p for p in self.people if p.relation == Relation.HEAD.value)

    def has(self, shortfall: Shortfall) -> bool:
        return shortfall in self.plan.shortfalls

    @property
    def size(self) -> int:
        return len(self.present)

    def cadre_on(self, day: dt.date) -> str:
        """The cadre paired on `day`; the earliest one before any pairing began."""
        for cadre_id, start, end in reversed(self.pairings):
            if start <= day and (end is None or day <= end):
                return cadre_id
        return self.pairings[0][0]


def at_age(draw: Draw, today: dt.date, age: int) -> dt.date:
    """A birth date giving exactly `age` completed years on `today`."""
    day = min(today.day, 28) if today.month == 2 else today.day
    anchor = dt.date(today.year - age, today.month, day)
    # Up to 364 days back: never a whole year, so the age stays `age` even across 29 Feb.
    return anchor - dt.timedelta(days=draw.between(0, 364))


def yuan(amount: float) -> int:
    """Whole yuan as fen: amounts are entered in yuan on the paper forms."""
    return round(amount) * 100
