"""Running the rules over the store: findings, readiness, priority, the village summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from povdesk.bulk import gc_paused
from povdesk.codes import HouseholdStatus, Relation
from povdesk.models import HouseholdData, table
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import household_groups
from povdesk.rules.priority import priority
from povdesk.rules.readiness import EXIT_DIMENSIONS, FALSE_EXIT, Readiness, findings_for, readiness
from povdesk.services.base import Service, sibling
from povdesk.services.config import Config
from povdesk.services.households import NEWEST_ASSESSMENT, Households

# What the rules read of a household file; visits and the status history are for people.
RULE_PARTS = (
    "members",
    "incomes",
    "assessments",
    "measures",
    "funds",
    "pairings",
    "overrides",
    "monitors",
    "monitor_steps",
)

# Households loaded and checked at a time by `evaluate_chunks`: a whole file costs a few
# kilobytes, so 100,000 of them at once would take gigabytes; 500 keep it near 20 MB.
CHUNK = 500
# Households named by id per `evaluate` call for callers that check many of them (the
# county): one bound parameter each, and SQLite caps them.
SCOPED = 500
_HEAD = Relation.HEAD.value


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


# One finding as stored: code, dimension, blocking, severity, member id, field.
FindingKey = tuple[str, str, bool, str, str | None, str | None]


class Listed(NamedTuple):
    """The part of a stored check the list, its filters and the overview read: equal for
    about nine households in ten of their neighbours, so a village's are decoded once per
    distinct value (povdesk/services/stored.py keeps it apart for that)."""

    status: str
    group: str
    category: str | None
    size: int
    ready: bool
    blocked: bool
    undetermined: bool
    blocking: int
    priority: int
    shortfalls: frozenset[str]
    groups: frozenset[str]
    codes: tuple[str, ...]  # its findings' codes, sorted, each as often as it was found


class Brief(NamedTuple):
    """What is kept of one household's check (povdesk/services/stored.py): everything
    the list, its filters and the overview read, and each finding without its texts
    (the detail pane checks its one household again, with the texts)."""

    status: str
    group: str
    category: str | None
    head: str
    size: int
    ready: bool
    blocked: bool
    undetermined: bool
    blocking: int
    priority: int
    shortfalls: frozenset[str]  # exit dimensions with a blocking finding
    groups: frozenset[str]
    findings: tuple[FindingKey, ...]

    @classmethod
    def of(cls, c: HouseholdCheck) -> Brief:
        h, r = c.household, c.readiness
        return cls(
            h.status,
            h.group,
            h.category,
            c.head_name,
            c.size,
            r.ready,
            r.blocked,
            r.undetermined,
            len(r.blocking),
            c.priority,
            frozenset(d for d, found in r.by_dimension.items() if found),
            c.groups,
            tuple(
                (f.code, f.dimension.value, f.blocking, f.severity.value, f.member_id, f.field)
                for f in c.findings
            ),
        )

    @property
    def codes(self) -> list[str]:
        return [f[0] for f in self.findings]

    @property
    def listed(self) -> Listed:
        return Listed(
            self.status,
            self.group,
            self.category,
            self.size,
            self.ready,
            self.blocked,
            self.undetermined,
            self.blocking,
            self.priority,
            self.shortfalls,
            self.groups,
            tuple(sorted(self.codes)),
        )


class Checks(Service):
    entity = "household"

    def evaluate(
        self,
        *,
        ctx: RuleContext | None = None,
        village_id: str | None = None,
        household_ids: list[str] | None = None,
    ) -> list[HouseholdCheck]:
        ctx = ctx or sibling(self.store, "config", Config).context()
        with gc_paused():
            files = self.load(ctx, village_id=village_id, household_ids=household_ids)
            return [self.check_file(f, ctx) for f in files]

    def evaluate_chunks(
        self, *, ctx: RuleContext, village_id: str | None = None, size: int = CHUNK
    ) -> Iterator[tuple[list[HouseholdFile], list[HouseholdCheck]]]:
        """The whole village checked a chunk of households at a time (in id order), with
        the files the rules read: memory stays bounded by the chunk, however large the
        village, and a caller can keep only what it needs of each chunk."""
        ids = sibling(self.store, "households", Households).ids(village_id=village_id, by_id=True)
        for start in range(0, len(ids), size):
            span = (ids[start], ids[min(start + size, len(ids)) - 1])
            with gc_paused():
                files = self.load(ctx, village_id=village_id, id_range=span)
                checks = [self.check_file(f, ctx) for f in files]
            yield files, checks
            del files, checks  # freed before the next chunk is loaded, if the caller let go

    def load(
        self,
        ctx: RuleContext,
        *,
        village_id: str | None = None,
        household_ids: list[str] | None = None,
        id_range: tuple[str, str] | None = None,
    ) -> list[HouseholdFile]:
        """Just what the rules read: the assessment year's income, the newest assessment
        per item, the pairings in force, unsorted (loading is most of a village check).
        `id_range` (first, last household id) loads just the households in that range."""
        income, pairing = table("income"), table("pairing")
        return sibling(self.store, "households", Households).files(
            village_id=village_id,
            household_ids=household_ids,
            id_range=id_range,
            parts=RULE_PARTS,
            filters={
                "incomes": income.c.year == ctx.year,
                "pairings": (pairing.c.start <= ctx.today)
                & (pairing.c.end.is_(None) | (pairing.c.end >= ctx.today)),
            },
            newest={"assessments": NEWEST_ASSESSMENT},
            ordered=False,
        )

    def household(self, key: str, ctx: RuleContext | None = None) -> HouseholdCheck:
        ctx = ctx or sibling(self.store, "config", Config).context()
        return self.check_file(sibling(self.store, "households", Households).file(key), ctx)

    def check_file(self, file: HouseholdFile, ctx: RuleContext) -> HouseholdCheck:
        """All rules on one loaded household file."""
        found = findings_for(file, ctx)
        groups = household_groups(file, ctx.today)
        present = file.present  # `head` and `size` would each rebuild it
        head = next((m for m in present if m.relation == _HEAD), None)
        return HouseholdCheck(
            household=file.household,
            head_name=head.name if head else "",
            size=len(present),
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
    # Nothing of their own blocks, but a standard of the year is missing (domain.md §8).
    undetermined: int
    proposed_not_ready: int
    false_exits: int
    shortfalls: dict[str, int]  # exit dimension -> households failing it
    key_groups: dict[str, int]  # group -> households with such a member
    overdue_measures: int
    overrides: int
    # Marked 风险消除 while the guard refuses it, and eliminations let through in writing.
    false_eliminations: int = 0
    elimination_overrides: int = 0


def summarise(checks: Iterable[HouseholdCheck], today: dt.date) -> Summary:
    tally = Tally()
    tally.add(checks)
    return tally.summary()


class TallyPart(NamedTuple):
    """What one household adds to the village summary: kept per household by a view of
    the village, so that when one household changes its old part is taken away and its
    new one added, without checking the others again. Equal parts can share one object."""

    status: str
    size: int
    ready: bool
    undetermined: bool
    proposed_not_ready: bool
    false_exit: bool
    overdue: int
    overrides: int
    shortfalls: frozenset[str]
    groups: frozenset[str]
    false_elimination: bool = False
    elimination_override: bool = False

    @classmethod
    def of(cls, c: HouseholdCheck) -> TallyPart:
        return cls.of_brief(Brief.of(c))

    @classmethod
    def of_brief(cls, b: Brief | Listed) -> TallyPart:
        codes = b.codes
        return cls(
            b.status,
            b.size,
            b.ready,
            b.undetermined,
            b.status == HouseholdStatus.PROPOSED.value and b.blocked,
            FALSE_EXIT in codes,
            codes.count("measure_overdue"),
            codes.count("exit_override"),
            b.shortfalls,
            b.groups,
            "false_elimination" in codes,
            "elimination_override" in codes,
        )


class Tally:
    """The village summary counted a chunk of checks at a time (see `evaluate_chunks`),
    so the checks need not all be kept."""

    def __init__(self) -> None:
        self.households = self.members = self.ready = self.proposed_not_ready = 0
        self.false_exits = self.overdue = self.overrides = self.undetermined = 0
        self.false_eliminations = self.elimination_overrides = 0
        self.by_status: Counter[str] = Counter()
        self.shortfalls: Counter[str] = Counter()
        self.groups: Counter[str] = Counter()

    def add(self, checks: Iterable[HouseholdCheck]) -> None:
        for c in checks:
            self.count(TallyPart.of(c))

    def count(self, part: TallyPart, sign: int = 1) -> None:
        """Add one household's part (`sign` -1: take it away again)."""
        self.households += sign
        self.by_status[part.status] += sign
        self.members += sign * part.size
        self.ready += sign * part.ready
        self.undetermined += sign * part.undetermined
        self.proposed_not_ready += sign * part.proposed_not_ready
        self.false_exits += sign * part.false_exit
        self.overdue += sign * part.overdue
        self.overrides += sign * part.overrides
        self.false_eliminations += sign * part.false_elimination
        self.elimination_overrides += sign * part.elimination_override
        for dim in part.shortfalls:
            self.shortfalls[dim] += sign
        for group in part.groups:
            self.groups[group] += sign

    def copy(self) -> Tally:
        out = Tally()
        out.__dict__.update(self.__dict__)
        out.by_status, out.shortfalls = self.by_status.copy(), self.shortfalls.copy()
        out.groups = self.groups.copy()
        return out

    def summary(self) -> Summary:
        return Summary(
            households=self.households,
            members=self.members,
            by_status={s.value: self.by_status.get(s.value, 0) for s in HouseholdStatus},
            ready=self.ready,
            undetermined=self.undetermined,
            proposed_not_ready=self.proposed_not_ready,
            false_exits=self.false_exits,
            shortfalls={d.value: self.shortfalls.get(d.value, 0) for d in EXIT_DIMENSIONS},
            key_groups=dict(sorted((g, n) for g, n in self.groups.items() if n)),
            overdue_measures=self.overdue,
            overrides=self.overrides,
            false_eliminations=self.false_eliminations,
            elimination_overrides=self.elimination_overrides,
        )
