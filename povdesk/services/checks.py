"""Running the rules over the store: findings, readiness, priority, the village summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from povdesk.codes import HouseholdStatus
from povdesk.models import HouseholdData
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import household_groups
from povdesk.rules.priority import priority
from povdesk.rules.readiness import EXIT_DIMENSIONS, FALSE_EXIT, Readiness, findings_for, readiness
from povdesk.services.base import Service
from povdesk.services.households import newest_assessments
from povdesk.store.tx import gc_paused, table

# What the rules read of a household file; visits and the status history are for people.
RULE_PARTS = ("members", "incomes", "assessments", "measures", "funds", "pairings", "overrides")


@dataclass(frozen=True)
class HouseholdCheck:
    household: HouseholdData
    head_name: str
    size: int
    findings: tuple[Finding, ...]
    readiness: Readiness
    priority: int
    groups: frozenset[str]

    @property
    def blocking_count(self) -> int:
        return len(self.readiness.blocking)


class Checks(Service):
    entity = "household"

    def evaluate(
        self,
        *,
        ctx: RuleContext | None = None,
        village_id: str | None = None,
        household_ids: list[str] | None = None,
    ) -> list[HouseholdCheck]:
        ctx = ctx or self.store.config.context()
        with gc_paused():
            files = self.load(ctx, village_id=village_id, household_ids=household_ids)
            return [self.check_file(f, ctx) for f in files]

    def load(
        self,
        ctx: RuleContext,
        *,
        village_id: str | None = None,
        household_ids: list[str] | None = None,
    ) -> list[HouseholdFile]:
        """Just what the rules read: the assessment year's income, the newest assessment
        per item, the pairings in force, unsorted (loading is most of a village check)."""
        income, pairing = table("income"), table("pairing")
        return self.store.households.files(
            village_id=village_id,
            household_ids=household_ids,
            parts=RULE_PARTS,
            filters={
                "incomes": income.c.year == ctx.year,
                "assessments": newest_assessments(),
                "pairings": (pairing.c.start <= ctx.today)
                & (pairing.c.end.is_(None) | (pairing.c.end >= ctx.today)),
            },
            ordered=False,
        )

    def household(self, key: str, ctx: RuleContext | None = None) -> HouseholdCheck:
        ctx = ctx or self.store.config.context()
        return self.check_file(self.store.households.file(key), ctx)

    def check_file(self, file: HouseholdFile, ctx: RuleContext) -> HouseholdCheck:
        """All rules on one loaded household file."""
        found = findings_for(file, ctx)
        groups = household_groups(file, ctx.today)
        head = file.head
        return HouseholdCheck(
            household=file.household,
            head_name=head.name if head else "",
            size=file.size,
            findings=tuple(found),
            readiness=readiness(file, ctx, found),
            priority=priority(file, ctx, found, groups=groups),
            groups=groups,
        )


@dataclass(frozen=True)
class Summary:
    households: int
    members: int
    by_status: dict[str, int]
    ready: int
    proposed_not_ready: int
    false_exits: int
    shortfalls: dict[str, int]  # exit dimension -> households failing it
    key_groups: dict[str, int]  # group -> households with such a member
    overdue_measures: int
    overrides: int


def summarise(checks: list[HouseholdCheck], today: dt.date) -> Summary:
    by_status: Counter[str] = Counter()
    shortfalls: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    ready = proposed_not_ready = false_exits = overdue = overrides = members = 0
    for c in checks:
        by_status[c.household.status] += 1
        members += c.size
        ready += c.readiness.ready
        if c.household.status == HouseholdStatus.PROPOSED.value and not c.readiness.ready:
            proposed_not_ready += 1
        codes = {f.code for f in c.findings}
        false_exits += FALSE_EXIT in codes
        overdue += sum(1 for f in c.findings if f.code == "measure_overdue")
        overrides += sum(1 for f in c.findings if f.code == "exit_override")
        for dim, found in c.readiness.by_dimension.items():
            shortfalls[dim] += bool(found)
        groups.update(c.groups)
    return Summary(
        households=len(checks),
        members=members,
        by_status={s.value: by_status.get(s.value, 0) for s in HouseholdStatus},
        ready=ready,
        proposed_not_ready=proposed_not_ready,
        false_exits=false_exits,
        shortfalls={d.value: shortfalls.get(d.value, 0) for d in EXIT_DIMENSIONS},
        key_groups=dict(sorted(groups.items())),
        overdue_measures=overdue,
        overrides=overrides,
    )
