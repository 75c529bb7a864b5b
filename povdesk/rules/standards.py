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
    "notice",
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


def notice(found: tuple[StandardGap, ...], *, county: bool) -> tuple[str, str] | None:
    """The one sentence (zh, en) that tells whoever can fix it what is missing; None when
    nothing is. The county enters the figures; a village asks for them (they arrive in
    the county's next return bundle) and may enter its own in the meantime."""
    if not found:
        return None
    years = sorted({g.year for g in found})
    year = "、".join(str(y) for y in years)
    names_zh = "、".join(KINDS[g.kind][0] for g in found)
    names_en = ", ".join(KINDS[g.kind][1] for g in found)
    judged = "；".join(dict.fromkeys(KINDS[g.kind][2] for g in found))
    blocks = any(g.blocks_exit for g in found)
    stop_zh = "，在录入前不能办理退出" if blocks else ""
    stop_en = "; no exit can be certified until it is entered" if blocks else ""
    if county:
        fix_zh = "请在“设置 › 扶贫标准”中录入省里公布的数字（命令行：povdesk standards set）"
        fix_en = (
            "enter the province's figures in Settings › Standards "
            "(command line: povdesk standards set)"
        )
    else:
        fix_zh = "县扶贫办录入后会随回传数据包下发；等待期间可在“设置 › 扶贫标准”中暂录本村数字"
        fix_en = (
            "the county office enters them and sends them in its return bundle; meanwhile "
            "a provisional figure can be entered in Settings › Standards"
        )
    return (
        f"未设置 {year} 年度{names_zh}：{judged}{stop_zh}。"
        f"这是设置问题，不是农户的问题；{fix_zh}。",
        f"No {names_en} set for {year}: {'; '.join(KINDS[g.kind][3] for g in found)}"
        f"{stop_en}. This is a missing setting, not a household's problem; {fix_en}.",
    )


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
