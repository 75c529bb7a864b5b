"""Builders for the rule tests: a fully compliant household that each test then breaks.

With --import-mode=importlib test modules cannot import each other, so the builders are
handed out as fixtures (`mk`, `ctx`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from povdesk.codes import (
    ChecklistItem,
    CheckStatus,
    DangerGrade,
    Health,
    HouseholdCategory,
    HouseholdStatus,
    Labour,
    MeasureCategory,
    MeasureStatus,
    PovertyCause,
    RebuildStatus,
    Relation,
    SchoolStatus,
    Sex,
)
from povdesk.models import (
    AssessmentData,
    CadreData,
    FundEntryData,
    HouseholdData,
    IncomeData,
    MeasureData,
    MemberData,
    PairingData,
)
from povdesk.rules import idcard
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding

TODAY = dt.date(2020, 6, 1)
YEAR = 2019
LINE = 374_700  # 2019: 3,747 yuan (domain.md §3)
COUNTY = "422823"  # 巴东
REFERENCE = 1_200_000  # county rural average, 12,000 yuan
CADRE_ID = idcard.make("420101", dt.date(1980, 3, 3), 111)


class Maker:
    """Makes members and households; every default is compliant with every rule."""

    def __init__(self) -> None:
        self._seq = itertools.count(1)

    def id_number(self, birth: dt.date, sex: str) -> str:
        n = next(self._seq) % 500
        seq = 2 * n + 1 if sex == Sex.MALE.value else 2 * n
        return idcard.make(COUNTY, birth, seq)

    def member(
        self,
        name: str = "王大山",
        *,
        age: int = 45,
        sex: str = Sex.MALE.value,
        relation: str = Relation.HEAD.value,
        household_id: str = "h1",
        **kw: Any,
    ) -> MemberData:
        # Born on 15 January: on TODAY (1 June) the member is exactly `age`.
        birth = dt.date(TODAY.year - age, 1, 15)
        fields: dict[str, Any] = {
            "household_id": household_id,
            "name": name,
            "sex": sex,
            "birth_date": birth,
            "id_number": self.id_number(birth, sex),
            "relation": relation,
            "school_status": SchoolStatus.NOT_STUDENT.value,
            "health": [Health.HEALTHY.value],
            "labour": Labour.ORDINARY.value if age >= 16 else None,
            "ins_medical": True,
            "ins_serious": True,
        }
        fields.update(kw)
        return MemberData(**fields)

    def file(self, **household: Any) -> HouseholdFile:
        hid = "h1"
        h: dict[str, Any] = {
            "id": hid,
            "village_id": "v1",
            "number": "001",
            "category": HouseholdCategory.ORDINARY.value,
            "status": HouseholdStatus.POOR.value,
            "main_cause": PovertyCause.NO_SKILLS.value,
            "secondary_causes": [PovertyCause.NO_CAPITAL.value],
            "land_cultivated": 5.0,
            "danger_grade": DangerGrade.A.value,
            "rebuild_status": RebuildStatus.NOT_NEEDED.value,
            "water_safe": True,
            "water_difficult": False,
        }
        h.update(household)
        members = [
            self.member("王大山", age=45),
            self.member("李秀英", age=43, sex=Sex.FEMALE.value, relation=Relation.SPOUSE.value),
            self.member(
                "王小明",
                age=13,
                relation=Relation.SON.value,
                school_status=SchoolStatus.JUNIOR.value,
            ),
        ]
        # Net 3,000,000 fen for 3 people: 10,000 yuan each, above the line and ≥ 70% of
        # the reference (8,400 yuan).
        income = IncomeData(
            household_id=hid,
            year=YEAR,
            wages=2_600_000,
            production=500_000,
            production_costs=100_000,
        )
        assessments = [
            AssessmentData(
                household_id=hid,
                item=item.value,
                status=CheckStatus.MET.value,
                date=dt.date(2020, 5, 1),
            )
            for item in ChecklistItem
        ]
        measure = MeasureData(
            id="m1",
            household_id=hid,
            year=YEAR,
            category=MeasureCategory.INDUSTRY.value,
            content="养殖山羊",
            cost=100_000,
            status=MeasureStatus.DONE.value,
            due=dt.date(2020, 3, 1),
            acknowledged=True,
        )
        funds = [
            FundEntryData(id="f1", household_id=hid, measure_id="m1", amount=100_000),
            FundEntryData(id="f2", household_id=hid, amount=50_000),
            FundEntryData(id="f3", household_id=hid, amount=-50_000, reverses_id="f2"),
        ]
        pairing = PairingData(household_id=hid, cadre_id="c1", start=dt.date(2019, 1, 1))
        return HouseholdFile(
            household=HouseholdData(**h),
            members=members,
            incomes=[income],
            assessments=assessments,
            measures=[measure],
            funds=funds,
            pairings=[pairing],
        )


@pytest.fixture
def mk() -> Iterator[Maker]:
    yield Maker()


@pytest.fixture
def ctx() -> RuleContext:
    return RuleContext(
        today=TODAY,
        year=YEAR,
        poverty_lines={YEAR: LINE},
        reference_incomes={(YEAR, COUNTY): REFERENCE},
        county_code=COUNTY,
        cadres={"c1": CadreData(id="c1", name="张干部", id_number=CADRE_ID)},
        cadre_id_numbers=frozenset({CADRE_ID}),
    )


# Helpers the rule tests share: a mutation turns a compliant household into one that
# breaks exactly one rule.
Mutate = Callable[[HouseholdFile, RuleContext], RuleContext]


def codes(findings: Iterable[Finding]) -> set[str]:
    return {f.code for f in findings}


def set_fields(obj: Any, **kw: Any) -> None:
    for k, v in kw.items():
        setattr(obj, k, v)


def edit(get: Callable[[HouseholdFile], Any], **kw: Any) -> Mutate:
    """Set fields on the object `get` picks out of the file."""

    def go(f: HouseholdFile, c: RuleContext) -> RuleContext:
        set_fields(get(f), **kw)
        return c

    return go


def do(action: Callable[[HouseholdFile], object]) -> Mutate:
    def go(f: HouseholdFile, c: RuleContext) -> RuleContext:
        action(f)
        return c

    return go
