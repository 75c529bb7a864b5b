"""The exit standard (脱贫标准, domain.md §3): income, 两不愁, 三保障 and safe water.

Every finding here with blocking=True keeps the household from exiting. The 2016 review
(domain.md §1) found fake exits exactly where these facts were ignored: unsafe water, a
child out of compulsory school, a dangerous house, a sick member without 大病保险. So the
recorded *facts* decide; a checklist assessment marked "met" cannot outvote them, while
an assessment marked "unmet" blocks on its own (the team saw a problem at the door).

====================================  ==============  ========  ========
code                                  dimension       blocking  severity
====================================  ==============  ========  ========
income_missing                        income          yes       error
income_no_members                     income          yes       error
income_below_line                     income          yes       error
below_70_percent                      income          no        warning
food_clothing_unmet                   food_clothing   yes       error
food_clothing_unverified              food_clothing   yes       error
dropout                               education       yes       error
dropout_excused                       education       no        info
education_unmet                       education       yes       error
education_unverified                  education       no        warning
no_medical_insurance                  medical         yes       error
no_serious_illness_insurance          medical         yes       error
medical_unmet                         medical         yes       error
medical_unverified                    medical         no        warning
dangerous_house                       housing         yes       error
relocation_no_keys                    housing         yes       error
housing_unmet                         housing         yes       error
housing_unverified                    housing         no        warning
water_unsafe                          water           yes       error
water_unverified                      water           yes       error
water_difficult                       water           yes       error
water_unmet                           water           yes       error
water_assessment_unverified           water           no        warning
====================================  ==============  ========  ========

`water_unverified` is the household record's "饮水是否安全" left empty (blocking: nobody
has established that the water is safe); the missing water *assessment* is therefore
`water_assessment_unverified`, so one code never means two things.

A year with no poverty line gives no income finding about the line: that is a missing
standard (`povdesk.rules.standards`), which the exit guard reports instead.
"""

from __future__ import annotations

from povdesk.codes import (
    ChecklistItem,
    CheckStatus,
    DangerGrade,
    Dimension,
    Health,
    RebuildStatus,
    Relocation,
    SchoolStatus,
    Severity,
)
from povdesk.kinds import yuan
from povdesk.models import AssessmentData, MemberData
from povdesk.rules.codetable import CodeTable
from povdesk.rules.common import finding, name_of, who_en, who_zh
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import age_of, has_labour_capacity, is_disabled
from povdesk.rules.income import net_above_line, net_income, net_seventy_percent, per_capita_net

__all__ = ["COMPULSORY_AGES", "exit_findings"]

COMPULSORY_AGES = range(6, 16)  # domain.md §3: "no child aged 6–15 out of school"

_ERR = Severity.ERROR

# Plain strings and dict lookups: every household of a village goes through each of
# these, and an enum member's .value is a descriptor call each time.
_MET = CheckStatus.MET.value
_UNMET = CheckStatus.UNMET.value
_NOT_STUDENT = SchoolStatus.NOT_STUDENT.value
_SERIOUS = Health.SERIOUS.value
_REBUILT = RebuildStatus.DONE.value
_NOT_RELOCATED = Relocation.NONE.value
_ITEM_CODES = {item: (item.value, f"{item.value}_unmet") for item in ChecklistItem}
_DANGER_GRADES = CodeTable(DangerGrade)
_REBUILD_STATUSES = CodeTable(RebuildStatus)
_RELOCATIONS = CodeTable(Relocation)


def _block(
    file: HouseholdFile,
    code: str,
    dim: Dimension,
    zh: str,
    en: str,
    *,
    member: MemberData | None = None,
    field: str | None = None,
) -> Finding:
    """A blocking exit-standard finding (always severity error)."""
    return finding(file, code, dim, _ERR, zh, en, blocking=True, member=member, field=field)


def exit_findings(
    file: HouseholdFile, ctx: RuleContext, *, present: list[MemberData] | None = None
) -> list[Finding]:
    """`present` may be passed to reuse `file.present` (rebuilt on every read)."""
    if present is None:
        present = file.present
    latest = file.latest_assessments()
    return [
        *_income(file, ctx, present),
        *_food_clothing(file, latest),
        *_education(file, ctx, present, latest),
        *_medical(file, present, latest),
        *_housing(file, latest),
        *_water(file, latest),
    ]


def _income(file: HouseholdFile, ctx: RuleContext, present: list[MemberData]) -> list[Finding]:
    dim = Dimension.INCOME
    inc = file.income_for(ctx.year)  # that year's income only: an older one proves nothing
    line = ctx.poverty_lines.get(ctx.year)
    out: list[Finding] = []
    if inc is None:
        out.append(
            _block(
                file,
                "income_missing",
                dim,
                f"未录入 {ctx.year} 年度收入",
                f"No income recorded for {ctx.year}",
            )
        )
    # No line for the year is a gap in configuration (rules/standards.py): the guard
    # refuses an exit for it, but it is not this household's problem.
    if inc is None:
        return out
    size = len(present)
    if size == 0:
        out.append(
            _block(
                file,
                "income_no_members",
                dim,
                "无在户成员，无法计算人均纯收入",
                "No member present: per-capita income cannot be computed",
            )
        )
        return out
    net = net_income(inc)
    pc = per_capita_net(net, size)
    if line is not None and not net_above_line(net, size, line):
        out.append(
            _block(
                file,
                "income_below_line",
                dim,
                f"人均纯收入 {yuan(pc)} 元，未高于 {ctx.year} 年扶贫标准 {yuan(line)} 元",
                f"Per-capita net income {yuan(pc)} yuan is not above the {ctx.year} poverty "
                f"line of {yuan(line)} yuan",
            )
        )
    ref = ctx.reference_income(ctx.year)
    # "Two 70%" goal (domain.md §1) concerns households *with labour capacity* only.
    labour = any(has_labour_capacity(m) for m in present)
    if ref is not None and labour and not net_seventy_percent(net, size, ref):
        out.append(
            finding(
                file,
                "below_70_percent",
                dim,
                Severity.WARNING,
                f"有劳动力户人均纯收入 {yuan(pc)} 元，低于当地农村居民人均可支配收入 "
                f"{yuan(ref)} 元的70%",
                f"Household with labour capacity: per-capita income {yuan(pc)} yuan is below 70% "
                f"of the local rural average of {yuan(ref)} yuan",
            )
        )
    return out


def _assessment(
    file: HouseholdFile,
    latest: dict[str, AssessmentData],
    item: ChecklistItem,
    dim: Dimension,
    *,
    unverified_code: str,
    unverified_blocks: bool,
) -> list[Finding]:
    """The newest checklist assessment of `item`: unmet blocks; missing/unknown is flagged."""
    key, unmet_code = _ITEM_CODES[item]
    a = latest.get(key)
    if a is not None and a.status == _UNMET:
        return [
            _block(
                file,
                unmet_code,
                dim,
                f"{item.zh}核查结果为未保障（{a.date.isoformat()}）",
                f"{item.en}: assessed as not met on {a.date.isoformat()}",
            )
        ]
    if a is None or a.status != _MET:
        when = f"（{a.date.isoformat()}核查为未核实）" if a is not None else ""
        sev = _ERR if unverified_blocks else Severity.WARNING
        return [
            finding(
                file,
                unverified_code,
                dim,
                sev,
                f"{item.zh}尚未核实{when}",
                f"{item.en}: not yet verified",
                blocking=unverified_blocks,
            )
        ]
    return []


def _food_clothing(file: HouseholdFile, latest: dict[str, AssessmentData]) -> list[Finding]:
    # 两不愁 has no other recorded fact: the assessment is the only evidence, so an
    # unverified one blocks.
    item = ChecklistItem.FOOD_CLOTHING
    return _assessment(
        file,
        latest,
        item,
        Dimension.FOOD_CLOTHING,
        unverified_code="food_clothing_unverified",
        unverified_blocks=True,
    )


def _education(
    file: HouseholdFile,
    ctx: RuleContext,
    present: list[MemberData],
    latest: dict[str, AssessmentData],
) -> list[Finding]:
    dim = Dimension.EDUCATION
    out: list[Finding] = []
    for m in present:
        age = age_of(m, ctx.today)
        if age is None or age not in COMPULSORY_AGES:
            continue
        if m.school_status and m.school_status != _NOT_STUDENT:
            continue
        zh_state, en_state = (
            ("非在校生", "is not in school")
            if m.school_status
            else ("在校生状况未填", "has no school status recorded")
        )
        reason = m.dropout_reason.strip()
        # A valid reason is a severe disability with schooling at home (送教上门): the child
        # is then served by the education system, so it is noted, not blocked.
        if reason and is_disabled(m):
            out.append(
                finding(
                    file,
                    "dropout_excused",
                    dim,
                    Severity.INFO,
                    f"{who_zh(m, ctx.today)} {zh_state}（残疾，原因：{reason}），请核实送教上门",
                    f"{who_en(m, ctx.today)} {en_state} (disabled; reason: {reason}); "
                    "check home schooling",
                    member=m,
                    field="school_status",
                )
            )
            continue
        out.append(
            _block(
                file,
                "dropout",
                dim,
                f"{who_zh(m, ctx.today)} {zh_state}：义务教育未保障",
                f"{who_en(m, ctx.today)} {en_state}: compulsory education not assured",
                member=m,
                field="school_status",
            )
        )
    out += _assessment(
        file,
        latest,
        ChecklistItem.EDUCATION,
        dim,
        unverified_code="education_unverified",
        unverified_blocks=False,
    )
    return out


def _medical(
    file: HouseholdFile, present: list[MemberData], latest: dict[str, AssessmentData]
) -> list[Finding]:
    dim = Dimension.MEDICAL
    out: list[Finding] = []
    for m in present:
        if not m.ins_medical:
            out.append(
                _block(
                    file,
                    "no_medical_insurance",
                    dim,
                    f"{name_of(m)} 未参加城乡居民基本医疗保险",
                    f"{name_of(m)} has no basic medical insurance",
                    member=m,
                    field="ins_medical",
                )
            )
        if _SERIOUS in m.health and not m.ins_serious:
            out.append(
                _block(
                    file,
                    "no_serious_illness_insurance",
                    dim,
                    f"{name_of(m)} 患大病，未参加大病保险",
                    f"{name_of(m)} has a serious illness but no serious-illness insurance",
                    member=m,
                    field="ins_serious",
                )
            )
    out += _assessment(
        file,
        latest,
        ChecklistItem.MEDICAL,
        dim,
        unverified_code="medical_unverified",
        unverified_blocks=False,
    )
    return out


def _housing(file: HouseholdFile, latest: dict[str, AssessmentData]) -> list[Finding]:
    dim = Dimension.HOUSING
    h = file.household
    out: list[Finding] = []
    grade = _DANGER_GRADES.get(h.danger_grade)
    if grade is not None and grade.dangerous and h.rebuild_status != _REBUILT:
        status = _REBUILD_STATUSES.get(h.rebuild_status)
        zh_s = status.zh if status is not None else "改造进度未填"
        en_s = status.en.lower() if status is not None else "rebuild status not recorded"
        out.append(
            _block(
                file,
                "dangerous_house",
                dim,
                f"住房为{grade.zh}危房，改造未竣工（{zh_s}）",
                f"Dangerous house, {grade.en}; rebuild not completed ({en_s})",
                field="danger_grade",
            )
        )
    if h.relocation != _NOT_RELOCATED and not h.relocation_keys:
        mode = _RELOCATIONS.get(h.relocation)  # None for an empty one, as lookup gives
        out.append(
            _block(
                file,
                "relocation_no_keys",
                dim,
                f"易地扶贫搬迁户（{mode.zh if mode else h.relocation}）尚未交钥匙",
                f"Relocated household ({mode.en if mode else h.relocation}) has no keys yet",
                field="relocation_keys",
            )
        )
    out += _assessment(
        file,
        latest,
        ChecklistItem.HOUSING,
        dim,
        unverified_code="housing_unverified",
        unverified_blocks=False,
    )
    return out


def _water(file: HouseholdFile, latest: dict[str, AssessmentData]) -> list[Finding]:
    dim = Dimension.WATER
    h = file.household
    out: list[Finding] = []
    if h.water_safe is False:
        out.append(
            _block(
                file,
                "water_unsafe",
                dim,
                "饮水不安全",
                "Drinking water is not safe",
                field="water_safe",
            )
        )
    elif h.water_safe is None:
        out.append(
            _block(
                file,
                "water_unverified",
                dim,
                "饮水是否安全未填写",
                "Whether the drinking water is safe is not recorded",
                field="water_safe",
            )
        )
    if h.water_difficult:
        out.append(
            _block(
                file,
                "water_difficult",
                dim,
                "饮水困难",
                "Getting drinking water is difficult",
                field="water_difficult",
            )
        )
    out += _assessment(
        file,
        latest,
        ChecklistItem.WATER,
        dim,
        unverified_code="water_assessment_unverified",
        unverified_blocks=False,
    )
    return out
