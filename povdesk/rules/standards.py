"""Missing standards (domain.md §8): a gap in configuration, never a household's problem.

Poverty lines, monitoring ranges and the local rural reference income are set above the
village, per year. When the assessment year has none, income cannot be judged for that
year: certifying an exit (and marking a risk eliminated) stays blocked, and the guard
says why, but no household gets a finding for it. It is not counted in any shortfall,
never makes a `false_exit`, and is reported once per store and year to whoever can enter
the figure (the banner in the window, one line on stderr, a row in the report's notes).

=================  ===========================  ============================
kind               what cannot be judged        blocks
=================  ===========================  ============================
poverty_line       income against the line      proposing/certifying an exit
reference_income   the 70% indicator            nothing (it is a warning)
monitoring_range   income against the range     marking a risk eliminated
=================  ===========================  ============================

The monitoring range replaces the poverty line as the yardstick after 2020 (domain.md
§7), so it is reported missing only for years after 2020.
"""

from __future__ import annotations

from dataclasses import dataclass

from povdesk.codes import Dimension, Severity
from povdesk.rules.facts import RuleContext
from povdesk.rules.findings import Finding

__all__ = [
    "KINDS",
    "MONITORING_FROM",
    "STANDARD_MISSING",
    "StandardGap",
    "exit_gaps",
    "gap_reason",
    "gaps",
]

STANDARD_MISSING = "standard_missing"  # the guard's reason code; never a household finding
MONITORING_FROM = 2021  # 防止返贫动态监测 began in 2021 (domain.md §7)

# kind -> (zh name, en name, zh what it judges, en what it judges)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "poverty_line": ("扶贫标准", "poverty line", "无法判断收入是否达标", "income cannot be judged"),
    "monitoring_range": (
        "监测范围",
        "monitoring range",
        "无法判断收入是否高于监测范围",
        "income cannot be judged against the range",
    ),
    "reference_income": (
        "农村居民人均可支配收入（参考收入）",
        "rural reference income",
        "无法计算 70% 指标",
        "the 70% indicator cannot be computed",
    ),
}


@dataclass(frozen=True)
class StandardGap:
    kind: str  # a key of KINDS
    year: int
    blocks_exit: bool

    @property
    def zh(self) -> str:
        name, _, judged, _ = KINDS[self.kind]
        return f"未设置 {self.year} 年度{name}，{judged}"

    @property
    def en(self) -> str:
        _, name, _, judged = KINDS[self.kind]
        return f"No {name} is set for {self.year}: {judged}"

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "year": self.year,
            "blocks_exit": self.blocks_exit,
            "zh": self.zh,
            "en": self.en,
        }


def gaps(ctx: RuleContext) -> tuple[StandardGap, ...]:
    """Every standard missing for the context's assessment year, in the order of KINDS."""
    out = []
    if ctx.year not in ctx.poverty_lines:
        out.append(StandardGap("poverty_line", ctx.year, blocks_exit=True))
    if ctx.year >= MONITORING_FROM and ctx.year not in ctx.monitoring_ranges:
        out.append(StandardGap("monitoring_range", ctx.year, blocks_exit=False))
    if ctx.reference_income(ctx.year) is None:
        out.append(StandardGap("reference_income", ctx.year, blocks_exit=False))
    return tuple(out)


def exit_gaps(ctx: RuleContext) -> tuple[StandardGap, ...]:
    """The gaps that keep every household of the store from exiting this year."""
    return tuple(g for g in gaps(ctx) if g.blocks_exit)


def gap_reason(gap: StandardGap, household_id: str) -> Finding:
    """The guard's reason for one household: worded as a setting to enter, not as the
    household's shortfall, and never counted (only the guard returns it)."""
    name = KINDS[gap.kind][0]
    return Finding(
        code=STANDARD_MISSING,
        dimension=Dimension.INCOME,
        blocking=True,
        severity=Severity.ERROR,
        household_id=household_id,
        zh=f"{gap.zh}；录入 {gap.year} 年度{name}后才能办理（由县扶贫办录入并随回传数据包下发）",
        en=f"{gap.en}; it can be done once the {gap.year} {KINDS[gap.kind][1]} is entered "
        "(the county office enters it and sends it back in the return bundle)",
    )
