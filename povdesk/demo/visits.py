"""Visits (入户走访) of the past twelve months, and the checklist assessments made on them.

The checklist as found agrees with the household's facts: a dropout shows as education
unmet, a D-grade house as housing unmet. Except for the fake exits: their visits and
assessments say "all met" — the paperwork of a numbers-only exit (数字脱贫, domain.md
§1) — while the member and house records say otherwise. povdesk trusts the facts over a
"met" tick, which is how it catches them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from povdesk.codes import ChecklistItem, CheckStatus, VisitPurpose
from povdesk.demo.base import Draw, Home, Role, Shortfall
from povdesk.demo.cadres import Team

CI, ST, P = ChecklistItem, CheckStatus, VisitPurpose
MET, UNMET = ST.MET.value, ST.UNMET.value
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")  # visits happen in the village's daytime

EVIDENCE: dict[str, str] = {
    CI.FOOD_CLOTHING.value: "入户查看粮食储备和衣被",
    CI.EDUCATION.value: "核对学籍信息，电话询问学校",
    CI.MEDICAL.value: "查看医保缴费凭证和参保信息",
    CI.HOUSING.value: "实地查看房屋结构和安全状况",
    CI.WATER.value: "查看水源和入户管道，询问取水情况",
}
_FINE_ACTIONS = (
    "宣讲医保缴费、教育资助、产业奖补等政策",
    "核对家庭成员和收入信息，更新扶贫手册",
    "帮助联系收购商销售农产品",
    "了解家庭生产生活情况，听取意见建议",
    "帮助办理医保报销手续",
)
_FINE_NEXT = (
    "继续跟踪产业发展，巩固脱贫成果。",
    "督促按时缴纳下一年度医保。",
    "定期走访，关注家中老人身体状况。",
    "落实下一年度帮扶计划。",
)


def as_found(home: Home) -> dict[str, str]:
    """The checklist as a visit finds it (see the module docstring for the fake exits)."""
    items = {i.value: MET for i in ChecklistItem}
    if home.plan.role is Role.FALSE_EXIT:
        return items
    if home.has(Shortfall.DROPOUT):
        items[CI.EDUCATION.value] = UNMET
    if home.has(Shortfall.NO_MEDICAL) or home.has(Shortfall.NO_SERIOUS):
        items[CI.MEDICAL.value] = UNMET
    if home.has(Shortfall.HOUSE) or home.has(Shortfall.NO_KEYS):
        items[CI.HOUSING.value] = UNMET
    if home.has(Shortfall.WATER):
        items[CI.WATER.value] = UNMET
    return items


class Fieldwork:
    def __init__(self, draw: Draw, today: dt.date, team: Team) -> None:
        self.draw = draw
        self.today = today
        self.team = team

    def rows(self, home: Home) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(visits, assessments) of one household, oldest first."""
        d, today = self.draw, self.today
        days = sorted(
            today - dt.timedelta(days=k) for k in d.sample(range(1, 366), d.between(2, 6))
        )
        verify_on = None
        if home.plan.role is Role.PROPOSED and home.proposed_on is not None:
            # The team verified at the home just before proposing the exit (domain.md §3).
            verify_on = max(
                home.proposed_on - dt.timedelta(days=d.between(1, 7)),
                today - dt.timedelta(days=365),
            )
            days = sorted({*days[1:], verify_on})
        checklist = as_found(home)
        visits: list[dict[str, Any]] = []
        for n, day in enumerate(days):
            visits.append(self._visit(home, day, n, verify=day == verify_on, checklist=checklist))
        assessments = self._assess(home, visits[-1], checklist)
        if len(visits) >= 3:
            assessments = self._assess(home, visits[0], checklist) + assessments
        return visits, assessments

    def _visit(
        self, home: Home, day: dt.date, n: int, *, verify: bool, checklist: dict[str, str]
    ) -> dict[str, Any]:
        d = self.draw
        cadre = home.cadre_on(day)
        cadres = [cadre]
        if d.chance(0.3):
            partner = d.pick(self.team.rows[:3])["id"]  # the work team joins now and then
            if partner != cadre:
                cadres.append(partner)
        if verify:
            purposes = [P.VERIFY.value, P.HANDBOOK.value]
        elif n == 0:
            purposes = [P.LEARN.value, P.HANDBOOK.value]
        else:
            purposes = sorted(
                d.sample(
                    [P.LEARN.value, P.POLICY.value, P.PROJECT.value, P.PLAN.value, P.VERIFY.value],
                    d.between(1, 2),
                )
            )
        if day.month in (1, 2) and P.CARE.value not in purposes:
            purposes.append(P.CARE.value)  # 春节慰问
        findings, actions, next_steps = self._notes(home, verify)
        if P.CARE.value in purposes:
            actions += "；春节慰问，送去米、油和慰问金"
        local = dt.datetime(
            day.year, day.month, day.day, d.between(8, 17), 10 * d.between(0, 5), tzinfo=CHINA
        )
        at = local.astimezone(dt.UTC)  # stored in UTC, like every povdesk timestamp
        return {
            "id": d.new_id(),
            "household_id": home.id,
            "at": at,
            "cadre_ids": cadres,
            "purposes": purposes,
            "checklist": dict(checklist),
            "findings": findings,
            "actions": actions,
            "next_steps": next_steps,
            "acknowledged": d.chance(0.9),
        }

    def _notes(self, home: Home, verify: bool) -> tuple[str, str, str]:
        d, on = self.draw, self.today
        present = home.present
        facts: list[str] = []
        todo: list[str] = []
        if home.plan.role is not Role.FALSE_EXIT:
            for kind in home.plan.shortfalls:
                fact, step = self._problem(home, kind)
                facts.append(fact)
                todo.append(step)
        if not facts:
            fine = ["家中粮食充足，四季衣被齐全，住房安全，饮水正常。"]
            sick = [p for p in present if p.sick]
            away = [p for p in present if p.migrant_months > 0]
            students = [p for p in present if p.student]
            if sick:
                fine.append(f"{sick[0].name}{sick[0].illness}病情稳定，按时服药，已签约家庭医生。")
            if away:
                fine.append(f"{away[0].name}在{away[0].migrant_place}务工，收入稳定。")
            if students:
                s = students[0]
                fine.append(f"{s.name}（{s.age(on)}岁）在校就读，表现良好，已享受教育资助。")
            facts = d.sample(fine, d.between(1, len(fine)))
            todo = [d.pick(_FINE_NEXT)]
        if verify:
            actions = "对照两不愁三保障和收入标准逐项入户核实，户主签字确认"
        else:
            actions = "；".join(d.sample(_FINE_ACTIONS, d.between(1, 2)))
        return "".join(facts), actions, "".join(todo)

    def _problem(self, home: Home, kind: Shortfall) -> tuple[str, str]:
        on, v = self.today, home.values
        present = home.present
        if kind is Shortfall.DROPOUT:
            c = next(p for p in present if p.school_child)
            return (
                f"{c.name}（{c.age(on)}岁）未在校就读，{c.dropout_reason}。",
                "联系学校和镇教育站，劝返复学，落实教育资助。",
            )
        if kind is Shortfall.NO_MEDICAL:
            p = next(p for p in present if not p.ins_medical)
            return (f"{p.name}未参加城乡居民基本医疗保险。", "动员参保，个人缴费申请医疗救助资助。")
        if kind is Shortfall.NO_SERIOUS:
            p = next(p for p in present if p.serious and not p.ins_serious)
            return (
                f"{p.name}患{p.illness}，未参加大病保险。",
                "协调医保部门办理大病保险，申请大病医疗救助。",
            )
        if kind is Shortfall.HOUSE:
            state = "改造正在施工" if v["rebuild_status"] == "2" else "改造尚未开工"
            return (
                f"住房为{v['danger_grade']}级危房，{state}。",
                "督促签订改造协议、加快施工，改造期间安排安全住处。",
            )
        if kind is Shortfall.WATER:
            return ("饮用山泉水，未经净化消毒，枯水期取水困难。", "协调水利部门接通集中供水管网。")
        if kind is Shortfall.NO_KEYS:
            return ("易地扶贫搬迁安置房尚未交付钥匙，仍住旧房。", "协调乡镇尽快交房入住。")
        return (
            f"家庭收入来源单一，{on.year - 1}年人均纯收入低于扶贫标准。",
            "落实产业奖补，推荐就近务工或公益性岗位。",
        )

    def _assess(
        self, home: Home, visit: dict[str, Any], checklist: dict[str, str]
    ) -> list[dict[str, Any]]:
        on = visit["at"].astimezone(CHINA).date()
        return [
            {
                "id": self.draw.new_id(),
                "household_id": home.id,
                "item": item,
                "status": status,
                "evidence": EVIDENCE[item],
                "date": on,
                "assessor_id": visit["cadre_ids"][0],
                "visit_id": visit["id"],
            }
            for item, status in checklist.items()
        ]
