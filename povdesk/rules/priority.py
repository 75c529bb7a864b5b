"""Hardest first (先难后易, domain.md §1): a 0–100 score for ordering the work list.

The score is the sum of the parts below; each exit dimension counts only its heaviest
item, so the maximum is exactly 100 and no cap is needed. The heaviest items are the four
facts the 2016 review found behind fake exits (domain.md §1): a dangerous house, a child
out of compulsory school, a serious illness without 大病保险, unsafe water.

==========================================  ======  ==================================
part                                        points  from
==========================================  ======  ==================================
housing: grade D house not rebuilt          15      dangerous_house, grade D
housing: grade C house not rebuilt          10      dangerous_house, grade C
housing: other blocking                     6       relocation_no_keys, housing_unmet
education: dropout                          15      dropout
education: other blocking                   6       education_unmet
medical: serious illness, no 大病保险        15      no_serious_illness_insurance
medical: no basic medical insurance         10      no_medical_insurance
medical: other blocking                     6       medical_unmet
water: unsafe                               12      water_unsafe
water: other blocking                       6       water_unverified, water_difficult,
                                                    water_unmet
food and clothing: unmet                    10      food_clothing_unmet
food and clothing: not verified             4       food_clothing_unverified
income below the line                       1–10    ceil(10 × gap ÷ (line × size)),
                                                    gap = line × size − net
income not established                      5       income_missing, income_no_members
key groups present (老人/妇女/儿童/残疾人)     2 each  groups.household_groups (≤ 8)
no labour capacity                          6       nobody present has labour capacity
category 特困供养 (incl. 低保特困)            4       household.category
category 低保                               3       household.category
no paired cadre                             5       no_cadre
==========================================  ======  ==================================

Maximum: 15 + 15 + 15 + 12 + 10 + 10 + 8 + 6 + 4 + 5 = 100.
"""

from __future__ import annotations

from povdesk.codes import DangerGrade, HouseholdCategory
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import GROUP_ZH, GROUPS, groups_of, has_labour_capacity
from povdesk.rules.income import net_income
from povdesk.rules.readiness import findings_for

__all__ = ["explain_priority", "priority"]

# Plain strings, read for every household: an enum member's .value is a descriptor call.
_TEKUN_CATEGORIES = (HouseholdCategory.TEKUN.value, HouseholdCategory.DIBAO_TEKUN.value)
_DIBAO = HouseholdCategory.DIBAO.value

# Per exit dimension after housing: (finding code, zh label, points), heaviest first; the
# first one present counts, so a dimension never counts twice.
_DIMENSIONS: tuple[tuple[tuple[str, str, int], ...], ...] = (
    (("dropout", "义务教育阶段辍学", 15), ("education_unmet", "义务教育未保障", 6)),
    (
        ("no_serious_illness_insurance", "患大病未参加大病保险", 15),
        ("no_medical_insurance", "未参加基本医疗保险", 10),
        ("medical_unmet", "基本医疗未保障", 6),
    ),
    (
        ("water_unsafe", "饮水不安全", 12),
        ("water_unverified", "饮水安全未保障", 6),
        ("water_difficult", "饮水安全未保障", 6),
        ("water_unmet", "饮水安全未保障", 6),
    ),
    (("food_clothing_unmet", "吃穿未保障", 10), ("food_clothing_unverified", "两不愁未核实", 4)),
)
_INCOME_UNKNOWN = frozenset({"income_missing", "income_no_members"})
_HOUSING_OTHER = frozenset({"relocation_no_keys", "housing_unmet"})


def explain_priority(
    file: HouseholdFile,
    ctx: RuleContext,
    findings: list[Finding] | None = None,
    *,
    groups: frozenset[str] | None = None,
) -> list[tuple[str, int]]:
    """The parts of the score as (zh label, points), in the order of the module's table;
    only parts with points > 0 are listed, and they add up to `priority(...)`.

    `findings` may be passed to reuse a list already computed by `findings_for`, and
    `groups` one computed by `groups.household_groups(file, ctx.today)`."""
    found = findings_for(file, ctx) if findings is None else findings
    present = file.present  # computed by the file on each read: once here
    codes = {f.code for f in found}
    parts: list[tuple[str, int]] = []
    housing = _housing(file, codes)
    if housing is not None:
        parts.append(housing)
    for items in _DIMENSIONS:
        for code, label, points in items:
            if code in codes:
                parts.append((label, points))
                break
    if "income_below_line" in codes:
        parts.append(_income_gap(file, ctx))
    elif not codes.isdisjoint(_INCOME_UNKNOWN):
        parts.append(("收入未核实", 5))
    if groups is None:
        groups = groups_of(present, ctx.today)  # household_groups(file, ctx.today)
    if groups:
        names = "、".join(GROUP_ZH[g] for g in GROUPS if g in groups)
        parts.append((f"重点群体：{names}", 2 * len(groups)))
    if present and not any(has_labour_capacity(m) for m in present):
        parts.append(("无劳动能力", 6))
    cat = file.household.category
    if cat in _TEKUN_CATEGORIES:
        parts.append(("特困供养户", 4))
    elif cat == _DIBAO:
        parts.append(("低保户", 3))
    if "no_cadre" in codes:
        parts.append(("无帮扶责任人", 5))
    return parts


def _housing(file: HouseholdFile, codes: set[str]) -> tuple[str, int] | None:
    """A whole-house danger (D) outweighs a partial one (C), which outweighs the rest."""
    if "dangerous_house" in codes:
        if DangerGrade.lookup(file.household.danger_grade or "") is DangerGrade.D:
            return ("D级危房未改造", 15)
        return ("C级危房未改造", 10)
    if not codes.isdisjoint(_HOUSING_OTHER):
        return ("住房安全未保障", 6)
    return None


def priority(
    file: HouseholdFile,
    ctx: RuleContext,
    findings: list[Finding] | None = None,
    *,
    groups: frozenset[str] | None = None,
) -> int:
    """先难后易 score, 0 (nothing to do) to 100 (hardest); see the module's table.

    `findings` and `groups` may be passed to reuse them, as for `explain_priority`."""
    return sum(points for _, points in explain_priority(file, ctx, findings, groups=groups))


def _income_gap(file: HouseholdFile, ctx: RuleContext) -> tuple[str, int]:
    """Scaled by how far below the line: 10 × gap ÷ (line × size), rounded up, 1–10."""
    inc = file.income_for(ctx.year)
    line = ctx.poverty_lines.get(ctx.year)
    size = file.size
    if inc is None or line is None or size == 0 or line <= 0:
        return ("收入低于扶贫标准", 10)  # findings passed in disagree with the file
    need = line * size
    gap = need - net_income(inc)
    points = min(10, max(1, -(-10 * gap // need)))  # ceiling division, integers only
    pct = min(100, max(0, -(-100 * gap // need)))
    return (f"收入低于扶贫标准（差{pct}%）", points)
