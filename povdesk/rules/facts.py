"""The plain inputs of the rules: one household's whole file, and the context around it.

Rules never touch the database: the store loads these (in bulk for a whole village)
and the rules are pure functions of them, so they are fast and easy to test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from povdesk.codes import Presence, Relation
from povdesk.models import (
    AssessmentData,
    CadreData,
    ExitOverrideData,
    FundEntryData,
    HouseholdData,
    IncomeData,
    LifeEventData,
    MeasureData,
    MemberData,
    MonitoringRecordData,
    MonitoringStepData,
    PairingData,
    StatusRecordData,
    VisitData,
)

# Plain strings: rules read these for every member of every household, and an enum
# member's .value is a descriptor call each time.
_PRESENT = Presence.PRESENT.value
_HEAD = Relation.HEAD.value


# The parts of a household's file, declared once: HouseholdFile attribute -> (entity,
# data class). The store loads a file by these, the checks, `show` and the printouts
# read them (issue 15 §3).
FILE_PARTS: dict[str, tuple[str, type[Any]]] = {
    "members": ("member", MemberData),
    "incomes": ("income", IncomeData),
    "assessments": ("assessment", AssessmentData),
    "measures": ("measure", MeasureData),
    "funds": ("fund_entry", FundEntryData),
    "pairings": ("pairing", PairingData),
    "visits": ("visit", VisitData),
    "overrides": ("exit_override", ExitOverrideData),
    "statuses": ("status_record", StatusRecordData),
    "events": ("life_event", LifeEventData),
    "monitors": ("monitoring_record", MonitoringRecordData),
    "monitor_steps": ("monitoring_step", MonitoringStepData),
}


@dataclass
class HouseholdFile:
    household: HouseholdData
    members: list[MemberData] = field(default_factory=list)  # everyone ever, see `present`
    incomes: list[IncomeData] = field(default_factory=list)
    assessments: list[AssessmentData] = field(default_factory=list)
    measures: list[MeasureData] = field(default_factory=list)
    funds: list[FundEntryData] = field(default_factory=list)
    pairings: list[PairingData] = field(default_factory=list)
    visits: list[VisitData] = field(default_factory=list)
    overrides: list[ExitOverrideData] = field(default_factory=list)
    statuses: list[StatusRecordData] = field(default_factory=list)
    events: list[LifeEventData] = field(default_factory=list)
    monitors: list[MonitoringRecordData] = field(default_factory=list)  # every spell, ever
    monitor_steps: list[MonitoringStepData] = field(default_factory=list)

    @property
    def present(self) -> list[MemberData]:
        """Members who count in the household now (not dead, moved or married out)."""
        return [m for m in self.members if m.presence == _PRESENT]

    @property
    def head(self) -> MemberData | None:
        for m in self.present:
            if m.relation == _HEAD:
                return m
        return None

    @property
    def size(self) -> int:
        return len(self.present)

    def income_for(self, year: int) -> IncomeData | None:
        for inc in self.incomes:
            if inc.year == year:
                return inc
        return None

    def latest_income(self, up_to: int) -> IncomeData | None:
        best: IncomeData | None = None
        for inc in self.incomes:
            if inc.year <= up_to and (best is None or inc.year > best.year):
                best = inc
        return best

    def latest_assessments(self) -> dict[str, AssessmentData]:
        """The newest assessment per checklist item (by date, then by rev)."""
        out: dict[str, AssessmentData] = {}
        for a in self.assessments:
            cur = out.get(a.item)
            if cur is None or (a.date, a.rev) > (cur.date, cur.rev):
                out[a.item] = a
        return out

    def current_pairing(self, on: dt.date) -> PairingData | None:
        live = [p for p in self.pairings if p.start <= on and (p.end is None or p.end >= on)]
        return max(live, key=lambda p: p.start) if live else None


@dataclass(frozen=True)
class MonitorSettings:
    """The configurable figures of 防止返贫动态监测 (domain.md §7: provinces differ).

    `margin_pct`: income "near" the range is below range × (1 + margin); `drop_pct`: a
    fall of per-capita income from last year by more than this share is a warning;
    `rigid_pct`: medical and school costs above this share of the net income are "large
    rigid expenditure"; `decide_days`: a lead not decided within this many days is
    overdue; `notice_days`: the shortest village notice."""

    # The range is already the province's margin above the old line; "near" it is a
    # little above (a wide margin would make half of a village a candidate).
    margin_pct: int = 10
    drop_pct: int = 30
    rigid_pct: int = 50
    decide_days: int = 15
    notice_days: int = 5


@dataclass(frozen=True)
class RuleContext:
    """Everything outside the household that a rule needs.

    `year` is the assessment year: the income of that year is compared with that year's
    poverty line. `reference_incomes` maps (year, area code) to fen; the county's code is
    looked up first, then its province's (first two digits). `monitoring_ranges` maps a
    year to the per-capita figure of 防止返贫动态监测 (domain.md §7). A year missing from
    these is a configuration gap (`povdesk.rules.standards`), not a household finding.
    """

    today: dt.date
    year: int
    poverty_lines: Mapping[int, int]
    reference_incomes: Mapping[tuple[int, str], int] = field(default_factory=dict)
    monitoring_ranges: Mapping[int, int] = field(default_factory=dict)
    county_code: str = ""
    cadres: Mapping[str, CadreData] = field(default_factory=dict)
    cadre_id_numbers: frozenset[str] = frozenset()
    duplicate_id_numbers: frozenset[str] = frozenset()
    monitor: MonitorSettings = field(default_factory=MonitorSettings)

    def reference_income(self, year: int) -> int | None:
        for code in (self.county_code[:6], self.county_code[:2]):
            if code and (year, code) in self.reference_incomes:
                return self.reference_incomes[(year, code)]
        return None
