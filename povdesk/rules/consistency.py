"""Consistency rules from the national data-cleaning checklist (domain.md §3).

None of these blocks an exit by itself: they say the record contradicts itself, and a
record that contradicts itself cannot be trusted to prove anything (精准, domain.md §1).
Severity error = a hard contradiction (the facts cannot all be true, or a required fact
is absent); warning = a soft one (possible, but almost always a typing or stale entry,
so someone must look).

=============================  ===========  ========  ============================================
code                           dimension    severity  rule (for a warning: why it is soft)
=============================  ===========  ========  ============================================
cause_illness_no_sick          consistency  warning   main cause 因病 but nobody present is ill
                                                      (soft: that member may have died, recovered)
cause_schooling_no_student     consistency  warning   因学 but nobody present is a student beyond
                                                      pre-school (soft: the child may have finished)
cause_disability_no_disabled   consistency  warning   因残 but nobody present is disabled (soft)
secondary_has_main             consistency  error     secondary causes contain the main cause
dibao_no_member                consistency  error     低保 category, nobody present receives 低保
ordinary_has_dibao             consistency  error     一般贫困户 with a member receiving 低保
tekun_no_member                consistency  error     特困 category, nobody present gets 特困供养
dibao_and_tekun                consistency  error     one person receives both 低保 and 特困供养
healthy_lost_labour            consistency  error     aged 16–59, healthy, yet 丧失劳动力
migrant_months_range           consistency  error     migrant months outside 0–12
migrant_no_capacity            consistency  error     migrant months > 0 without labour capacity
production_no_costs            consistency  warning   production income > 0 but costs 0 (soft: tiny
                                                      side income may truly cost nothing)
income_not_positive            consistency  warning   per-capita net income ≤ 0 (soft: a disaster
                                                      year can do it, but usually data is missing)
income_implausible             consistency  error     per-capita net income > 100,000 yuan (almost
                                                      always yuan typed into a fen field, or a slip)
head_spouse_same_sex           consistency  error     head and spouse have the same sex
child_senior_school            consistency  error     aged ≤ 14 yet in senior school or above
land_per_person                consistency  warning   cultivated land > 50 亩 per person (soft:
                                                      large plots exist in some areas)
no_head                        consistency  error     no present member is the head
several_heads                  consistency  error     more than one present head
no_cadre                       plan         error     no assistance cadre paired today
cadre_is_member                consistency  error     a present member is an assistance cadre
=============================  ===========  ========  ============================================

Only present members are checked: those who died or left are history, not the household.
"""

from __future__ import annotations

from povdesk.codes import (
    Dimension,
    HouseholdCategory,
    Labour,
    PovertyCause,
    Relation,
    SchoolStatus,
    Severity,
    Sex,
)
from povdesk.kinds import yuan
from povdesk.models import MemberData
from povdesk.rules.codetable import CodeTable
from povdesk.rules.common import finding, name_of, who_en, who_zh
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.groups import (
    age_of,
    has_labour_capacity,
    is_disabled,
    is_healthy,
    is_sick,
    sex_of,
)
from povdesk.rules.identity import normalized_id
from povdesk.rules.income import net_income, per_capita_net

__all__ = ["MAX_LAND_PER_PERSON_MU", "MAX_PER_CAPITA_FEN", "consistency_findings"]

MAX_PER_CAPITA_FEN = 100_000 * 100  # national checklist: per-capita net ≤ 100,000 yuan
MAX_LAND_PER_PERSON_MU = 50.0  # national checklist: land per person ≤ 50 亩

_C = Dimension.CONSISTENCY
_ERR = Severity.ERROR
_WARN = Severity.WARNING


def _err(
    file: HouseholdFile,
    code: str,
    zh: str,
    en: str,
    *,
    member: MemberData | None = None,
    field: str | None = None,
) -> Finding:
    return finding(file, code, _C, _ERR, zh, en, member=member, field=field)


def _warn(
    file: HouseholdFile,
    code: str,
    zh: str,
    en: str,
    *,
    member: MemberData | None = None,
    field: str | None = None,
) -> Finding:
    return finding(file, code, _C, _WARN, zh, en, member=member, field=field)


_DIBAO_CATEGORIES = {HouseholdCategory.DIBAO.value, HouseholdCategory.DIBAO_TEKUN.value}
_TEKUN_CATEGORIES = {HouseholdCategory.TEKUN.value, HouseholdCategory.DIBAO_TEKUN.value}

# Plain strings and dict lookups: every member of every household in a village goes
# through these, and an enum member's .value is a descriptor call each time.
_ORDINARY = HouseholdCategory.ORDINARY.value
_LOST_LABOUR = Labour.LOST.value
_HEAD = Relation.HEAD.value
_SPOUSE = Relation.SPOUSE.value
_NOT_STUDENTS = frozenset({None, "", SchoolStatus.NOT_STUDENT.value, SchoolStatus.PRESCHOOL.value})
_CAUSES = CodeTable(PovertyCause)
_CATEGORIES = CodeTable(HouseholdCategory)
_LABOUR = CodeTable(Labour)
_SCHOOL_STATUSES = CodeTable(SchoolStatus)
_SEXES = CodeTable(Sex)


def consistency_findings(
    file: HouseholdFile, ctx: RuleContext, *, present: list[MemberData] | None = None
) -> list[Finding]:
    """`present` may be passed to reuse `file.present` (rebuilt on every read)."""
    if present is None:
        present = file.present
    return [
        *_causes(file, present),
        *_welfare(file, present),
        *_members(file, ctx, present),
        *_income(file, ctx, len(present)),
        *_household(file, ctx, present),
    ]


def _is_student(m: MemberData) -> bool:
    # 因学 means schooling costs money; pre-school (学前) is not what the cause refers to.
    return m.school_status not in _NOT_STUDENTS


# The main causes a present member must explain: (code, test, zh need, en need).
_NEEDS = {
    PovertyCause.ILLNESS: (
        "cause_illness_no_sick",
        is_sick,
        "患病（慢性病或大病）",
        "chronically or seriously ill",
    ),
    PovertyCause.SCHOOLING: (
        "cause_schooling_no_student",
        _is_student,
        "在校学生",
        "in school (beyond pre-school)",
    ),
    PovertyCause.DISABILITY: ("cause_disability_no_disabled", is_disabled, "残疾", "disabled"),
}


def _causes(file: HouseholdFile, present: list[MemberData]) -> list[Finding]:
    h = file.household
    main = _CAUSES.get(h.main_cause)
    out: list[Finding] = []
    if main is not None and main in _NEEDS:
        code, test, zh_need, en_need = _NEEDS[main]
        if not any(test(m) for m in present):
            out.append(
                _warn(
                    file,
                    code,
                    f"主要致贫原因为{main.zh}，但无在户成员{zh_need}",
                    f"Main cause is {main.en.lower()}, but no member present is {en_need}",
                    field="main_cause",
                )
            )
    if h.main_cause and h.main_cause in h.secondary_causes:
        label = main.zh if main is not None else h.main_cause
        out.append(
            _err(
                file,
                "secondary_has_main",
                f"次要致贫原因中含有主要致贫原因（{label}）",
                f"The secondary causes repeat the main cause ({main.en if main else h.main_cause})",
                field="secondary_causes",
            )
        )
    return out


def _welfare(file: HouseholdFile, present: list[MemberData]) -> list[Finding]:
    h = file.household
    out: list[Finding] = []
    cat = _CATEGORIES.get(h.category)
    if h.category in _DIBAO_CATEGORIES and not any(m.dibao for m in present):
        out.append(
            _err(
                file,
                "dibao_no_member",
                f"贫困户属性为{cat.zh if cat else h.category}，但无成员享受低保",
                "Household is registered as receiving 低保, but no member present receives it",
                field="category",
            )
        )
    if h.category == _ORDINARY:
        for m in present:
            if m.dibao:
                out.append(
                    _err(
                        file,
                        "ordinary_has_dibao",
                        f"一般贫困户成员 {name_of(m)} 享受低保",
                        f"{name_of(m)} receives 低保 although the household is an ordinary one",
                        member=m,
                        field="dibao",
                    )
                )
    if h.category in _TEKUN_CATEGORIES and not any(m.tekun for m in present):
        out.append(
            _err(
                file,
                "tekun_no_member",
                f"贫困户属性为{cat.zh if cat else h.category}，但无成员享受特困供养",
                "Household is registered as destitute-support, but no member present receives it",
                field="category",
            )
        )
    for m in present:
        if m.dibao and m.tekun:
            out.append(
                _err(
                    file,
                    "dibao_and_tekun",
                    f"{name_of(m)} 同时享受低保和特困供养",
                    f"{name_of(m)} receives both 低保 and destitute support (特困供养)",
                    member=m,
                    field="tekun",
                )
            )
    return out


def _members(file: HouseholdFile, ctx: RuleContext, present: list[MemberData]) -> list[Finding]:
    out: list[Finding] = []
    on = ctx.today
    for m in present:
        age = age_of(m, on)
        if m.labour == _LOST_LABOUR and age is not None and 16 <= age <= 59 and is_healthy(m):
            out.append(
                _err(
                    file,
                    "healthy_lost_labour",
                    f"{who_zh(m, on)} 身体健康，却登记为丧失劳动力",
                    f"{who_en(m, on)} is healthy and of working age, yet recorded as having "
                    "lost labour capacity",
                    member=m,
                    field="labour",
                )
            )
        if not 0 <= m.migrant_months <= 12:
            out.append(
                _err(
                    file,
                    "migrant_months_range",
                    f"{name_of(m)} 务工时间 {m.migrant_months} 个月，应在 0–12 之间",
                    f"{name_of(m)}: {m.migrant_months} months of migrant work, must be 0–12",
                    member=m,
                    field="migrant_months",
                )
            )
        if m.migrant_months > 0 and not has_labour_capacity(m):
            lab = _LABOUR.get(m.labour)
            out.append(
                _err(
                    file,
                    "migrant_no_capacity",
                    f"{name_of(m)} 有务工时间，但劳动技能为{lab.zh if lab else '未填'}",
                    f"{name_of(m)} has migrant work months but labour capacity is "
                    f"{lab.en.lower() if lab else 'not recorded'}",
                    member=m,
                    field="migrant_months",
                )
            )
        status = _SCHOOL_STATUSES.get(m.school_status)
        if age is not None and age <= 14 and status is not None and status.senior_or_above:
            out.append(
                _err(
                    file,
                    "child_senior_school",
                    f"{who_zh(m, on)} 在校生状况为{status.zh}，年龄不符",
                    f"{who_en(m, on)} is recorded in {status.en.lower()}, impossible at that age",
                    member=m,
                    field="school_status",
                )
            )
    return out


def _income(file: HouseholdFile, ctx: RuleContext, size: int) -> list[Finding]:
    inc = file.income_for(ctx.year)
    if inc is None:
        return []  # income_missing (exit standard) already says so
    out: list[Finding] = []
    if inc.production > 0 and inc.production_costs <= 0:
        out.append(
            _warn(
                file,
                "production_no_costs",
                f"{ctx.year} 年生产经营性收入 {yuan(inc.production)} 元，但生产经营性支出为0",
                f"{ctx.year}: farm and business income {yuan(inc.production)} yuan with no "
                "production costs",
                field="production_costs",
            )
        )
    if size == 0:
        return out
    net = net_income(inc)
    pc = per_capita_net(net, size)
    if net <= 0:
        out.append(
            _warn(
                file,
                "income_not_positive",
                f"{ctx.year} 年人均纯收入 {yuan(pc)} 元，不大于0",
                f"{ctx.year}: per-capita net income {yuan(pc)} yuan is not above zero",
            )
        )
    elif net > MAX_PER_CAPITA_FEN * size:  # exact: net / size > max ⇔ net > max × size
        out.append(
            _err(
                file,
                "income_implausible",
                f"{ctx.year} 年人均纯收入 {yuan(pc)} 元，超过10万元，请核实",
                f"{ctx.year}: per-capita net income {yuan(pc)} yuan is above 100,000 yuan",
            )
        )
    return out


def _household(file: HouseholdFile, ctx: RuleContext, present: list[MemberData]) -> list[Finding]:
    h = file.household
    out: list[Finding] = []
    heads = [m for m in present if m.relation == _HEAD]
    if not heads:
        out.append(_err(file, "no_head", "无户主", "The household has no head", field="relation"))
    elif len(heads) > 1:
        names = "、".join(name_of(m) for m in heads)
        out.append(
            _err(
                file,
                "several_heads",
                f"有 {len(heads)} 名户主：{names}",
                f"The household has {len(heads)} heads: {', '.join(name_of(m) for m in heads)}",
                field="relation",
            )
        )
    if len(heads) == 1:
        head_sex = sex_of(heads[0], ctx.today)
        for m in present:
            if m.relation != _SPOUSE:
                continue
            sex = sex_of(m, ctx.today)
            if head_sex is not None and sex == head_sex:
                label = _SEXES.get(sex)  # sex == head_sex, so not empty
                out.append(
                    _err(
                        file,
                        "head_spouse_same_sex",
                        f"户主 {name_of(heads[0])} 与配偶 {name_of(m)} 性别相同"
                        f"（{label.zh if label else sex}）",
                        f"Head {name_of(heads[0])} and spouse {name_of(m)} have the same sex",
                        member=m,
                        field="sex",
                    )
                )
    if present and h.land_cultivated > MAX_LAND_PER_PERSON_MU * len(present):
        out.append(
            _warn(
                file,
                "land_per_person",
                f"人均耕地 {h.land_cultivated / len(present):.1f} 亩，超过 50 亩",
                f"Cultivated land per person {h.land_cultivated / len(present):.1f} mu, over 50",
                field="land_cultivated",
            )
        )
    if file.current_pairing(ctx.today) is None:
        out.append(
            finding(
                file,
                "no_cadre",
                Dimension.PLAN,
                _ERR,
                "当前没有结对帮扶责任人",
                "No assistance cadre is paired with the household now",
            )
        )
    out += _cadre_members(file, ctx, present)
    return out


def _cadre_members(
    file: HouseholdFile, ctx: RuleContext, present: list[MemberData]
) -> list[Finding]:
    out: list[Finding] = []
    cadres = ctx.cadre_id_numbers
    if not cadres:  # nobody can match: skip normalising every ID number
        return out
    for m in present:
        raw = m.id_number.strip()
        # An 18-character ASCII number normalises to its upper-cased self (parsed or
        # not), so the first test already covers it: no parse for the usual number.
        plain = len(raw) == 18 and raw.isascii()
        if raw and (
            raw.upper() in cadres or (not plain and normalized_id(raw, ctx.today) in cadres)
        ):
            out.append(
                _err(
                    file,
                    "cadre_is_member",
                    f"{name_of(m)} 是帮扶干部，不能同时是建档立卡贫困人口",
                    f"{name_of(m)} is an assistance cadre and cannot be a registered poor person",
                    member=m,
                    field="id_number",
                )
            )
    return out
