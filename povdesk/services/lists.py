"""The lists a team works from: filters over checked households, and the named lists of
the spring offensive (春季攻势: 短中之短) — each one click in the GUI, one flag on the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import NamedTuple

from povdesk.codes import HouseholdStatus
from povdesk.rules.readiness import FALSE_EXIT
from povdesk.services.checks import Brief, HouseholdCheck, Listed

KEY_GROUPS = ("elderly", "child", "woman", "disabled")


class ListFacts(NamedTuple):
    """What the filters read of a checked household, and no more: the window keeps these
    for a whole township (a full check, with its findings' texts, is a hundred times
    larger), and equal facts can share one object."""

    group: str
    category: str | None
    status: str
    ready: bool
    blocked: bool  # a household problem blocks the exit (a missing standard is none)
    shortfalls: frozenset[str]  # exit dimensions with a blocking finding
    key_groups: frozenset[str]
    codes: frozenset[str]  # the codes of its findings

    @classmethod
    def of(cls, c: HouseholdCheck) -> ListFacts:
        return cls.of_brief(Brief.of(c))

    @classmethod
    def of_brief(cls, b: Brief | Listed) -> ListFacts:
        return cls(
            b.group,
            b.category,
            b.status,
            b.ready,
            b.blocked,
            b.shortfalls,
            b.groups,
            frozenset(b.codes),
        )


@dataclass(frozen=True)
class HouseholdFilter:
    """All given conditions must hold; None / False means "any"."""

    group: str | None = None
    category: str | None = None
    status: str | None = None
    # True: may exit now; False: a household problem blocks it. A household whose only
    # obstacle is a missing standard is neither (domain.md §8: not its problem).
    ready: bool | None = None
    shortfall: str | None = None  # an exit dimension with a blocking finding
    key_group: str | None = None  # elderly / child / woman / disabled
    finding: frozenset[str] = frozenset()  # has any finding with one of these codes
    overdue: bool = False  # has an overdue measure
    no_visit_days: int | None = None  # no visit in the last N days (or never)

    def matches(self, c: HouseholdCheck, last_visit: dt.date | None, today: dt.date) -> bool:
        return self.matches_facts(ListFacts.of(c), last_visit, today)

    def matches_facts(self, f: ListFacts, last_visit: dt.date | None, today: dt.date) -> bool:
        if self.group is not None and f.group != self.group:
            return False
        if self.category is not None and f.category != self.category:
            return False
        if self.status is not None and f.status != self.status:
            return False
        if self.ready is not None and (f.ready if self.ready else f.blocked) is not True:
            return False
        if self.shortfall is not None and self.shortfall not in f.shortfalls:
            return False
        if self.key_group is not None and self.key_group not in f.key_groups:
            return False
        codes = f.codes
        if self.finding and not (self.finding & codes):
            return False
        if self.overdue and "measure_overdue" not in codes:
            return False
        cutoff = self.visited_since(today)
        return cutoff is None or last_visit is None or last_visit < cutoff

    def visited_since(self, today: dt.date) -> dt.date | None:
        """A household visited on or after this date is left out (None: any)."""
        if self.no_visit_days is None:
            return None
        return today - dt.timedelta(days=self.no_visit_days)


@dataclass(frozen=True)
class Preset:
    name: str
    zh: str
    en: str
    filter: HouseholdFilter

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


# The seed's fake-exit signs and the spring offensive's weak links, each a ready list.
PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "dropout",
            "义务教育阶段失学辍学",
            "Compulsory-age children out of school",
            HouseholdFilter(finding=frozenset({"dropout"})),
        ),
        Preset(
            "dangerous_house",
            "住危房（C/D级未改造）",
            "Dangerous houses not rebuilt",
            HouseholdFilter(finding=frozenset({"dangerous_house"})),
        ),
        Preset(
            "unsafe_water",
            "饮水不安全",
            "Unsafe or difficult drinking water",
            HouseholdFilter(shortfall="water"),
        ),
        Preset(
            "no_insurance",
            "未参保（基本医疗或大病保险）",
            "Members without medical cover",
            HouseholdFilter(
                finding=frozenset({"no_medical_insurance", "no_serious_illness_insurance"})
            ),
        ),
        Preset(
            "below_line",
            "收入低于扶贫标准",
            "Income below the poverty line",
            HouseholdFilter(finding=frozenset({"income_below_line"})),
        ),
        Preset(
            "false_exit",
            "已脱贫但未达标（疑似虚假脱贫）",
            "Exited with a shortfall",
            HouseholdFilter(finding=frozenset({FALSE_EXIT})),
        ),
        Preset(
            "false_elimination",
            "已标记风险消除但不符合条件（疑似虚假消除）",
            "Marked risk eliminated with a condition failing",
            HouseholdFilter(finding=frozenset({"false_elimination"})),
        ),
        Preset(
            "elimination_overrides",
            "书面放行风险消除",
            "Risk eliminations let through by an override",
            HouseholdFilter(finding=frozenset({"elimination_override"})),
        ),
        Preset(
            "proposed_not_ready",
            "拟退出但未达标",
            "Proposed for exit but not ready",
            HouseholdFilter(status=HouseholdStatus.PROPOSED.value, ready=False),
        ),
        Preset(
            "overrides",
            "书面放行退出",
            "Exits let through by an override",
            HouseholdFilter(finding=frozenset({"exit_override"})),
        ),
        Preset(
            "overdue", "帮扶措施逾期", "Overdue assistance measures", HouseholdFilter(overdue=True)
        ),
        Preset(
            "no_visit_90", "90天未走访", "No visit in 90 days", HouseholdFilter(no_visit_days=90)
        ),
        *(
            Preset(f"group_{g}", zh, en, HouseholdFilter(key_group=g))
            for g, zh, en in (
                ("elderly", "有老年人的户", "Households with elderly members"),
                ("child", "有儿童的户", "Households with children"),
                ("woman", "有妇女的户", "Households with women"),
                ("disabled", "有残疾人的户", "Households with disabled members"),
            )
        ),
    )
}


def select(
    checks: list[HouseholdCheck],
    flt: HouseholdFilter,
    last_visits: dict[str, dt.date],
    today: dt.date,
) -> list[HouseholdCheck]:
    return [c for c in checks if flt.matches(c, last_visits.get(c.household.id), today)]


def combine(a: HouseholdFilter, b: HouseholdFilter) -> HouseholdFilter:
    """`b`'s conditions added to `a`'s (b wins where both set the same condition)."""
    changes = {k: v for k, v in vars(b).items() if v not in (None, False, frozenset())}
    return replace(a, **changes)
