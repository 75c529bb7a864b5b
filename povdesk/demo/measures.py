"""Assistance measures (帮扶措施): one to four per household, fitting its causes and facts.

Measures are chosen from what the household is: a sick member gets health aid, a student
education aid, a rebuilt house its 危房改造 record, a 低保 household its allowance. A
household with a shortfall gets the measure meant to remove it, still open (and now and
then overdue), except the fake exits: nothing is being done for them, which is exactly
why their exit is fake. Some measures pay the household a wage or a dividend; those
amounts are kept in `Home.benefits` so that its income includes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from povdesk.codes import (
    DangerGrade,
    FundSource,
    Labour,
    MeasureCategory,
    MeasureStatus,
    RebuildStatus,
    Relocation,
    SchoolStatus,
)
from povdesk.demo.base import Draw, Home, Person, Place, Role, Shortfall, yuan

C = MeasureCategory
SRC = FundSource

# How the money of a measure reaches the household (the ledger module pays accordingly).
ONCE, SPLIT, QUARTERLY = "once", "split", "quarterly"

INDUSTRY: tuple[tuple[str, int], ...] = (
    ("发展土鸡养殖100只", 2000),
    ("种植茶叶3亩", 1500),
    ("种植魔芋2亩", 1200),
    ("发展生猪养殖2头", 1600),
    ("种植中药材（玄参）2亩", 1600),
    ("发展山羊养殖5只", 2500),
    ("种植高山蔬菜3亩", 1500),
    ("种植核桃20株", 800),
    ("发展中蜂养殖5箱", 1500),
)


@dataclass
class Draft:
    """A measure before it is a row; `pay` says how its cost is disbursed."""

    category: MeasureCategory
    content: str
    cost: int  # fen
    source: FundSource
    unit: str
    pay: str = ONCE
    benefit: str | None = None  # the Home.benefits key of the money it pays, if any
    status: MeasureStatus = MeasureStatus.DONE
    year: int = 0
    start: dt.date | None = None
    due: dt.date | None = None
    done: dt.date | None = None
    acknowledged: bool = False
    acknowledged_on: dt.date | None = None
    cadre_id: str = ""
    id: str = ""

    def row(self, household_id: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "household_id": household_id,
            "year": self.year,
            "category": self.category.value,
            "content": self.content,
            "cost": self.cost,
            "fund_source": self.source.value,
            "responsible_unit": self.unit,
            "cadre_id": self.cadre_id,
            "start": self.start,
            "due": self.due,
            "done": self.done,
            "status": self.status.value,
            "evidence": _EVIDENCE[self.category] if self.status is MeasureStatus.DONE else "",
            "acknowledged": self.acknowledged,
            "acknowledged_on": self.acknowledged_on,
        }


# Benefits a measure creates (the allowances are known before the measures are chosen).
_EARNINGS = ("public_post", "dividend")

_EVIDENCE: dict[MeasureCategory, str] = {
    C.INDUSTRY: "产业奖补验收表、现场照片",
    C.JOBS: "岗位聘用协议、考勤表",
    C.RELOCATION: "搬迁协议、钥匙交接单",
    C.EDUCATION: "学籍证明、资助发放名册",
    C.HEALTH: "医疗费用结算单、救助审批表",
    C.HOUSING: "改造协议、竣工验收表、改造前后照片",
    C.ECOLOGY: "护林员聘用协议、巡护记录",
    C.FINANCE: "借款合同、放款回单",
    C.ASSET_INCOME: "分红花名册",
    C.SOCIAL_SECURITY: "审批表、发放花名册",
    C.OTHER: "验收单、现场照片",
}


class Measures:
    def __init__(self, draw: Draw, today: dt.date, place: Place) -> None:
        self.draw = draw
        self.today = today
        self.place = place
        self.y1 = today.year - 1  # the assessment year: last year's income and measures

    def benefits(self, home: Home) -> None:
        """低保 and 特困 support for the assessment year (fen), from the members' flags."""
        d = self.draw
        dibao = [p for p in home.present if p.dibao]
        if dibao:  # monthly per person, whole yuan; Hubei rural 低保 pays 200-350 a month
            home.benefits["dibao"] = yuan(d.between(200, 350)) * 12 * len(dibao)
        if any(p.tekun for p in home.present):
            home.benefits["tekun"] = yuan(d.between(540, 650)) * 12

    def choose(self, home: Home) -> list[Draft]:
        d = self.draw
        fake = home.plan.role is Role.FALSE_EXIT
        must = [] if fake else self._remedies(home)
        must += self._facts(home)
        pool = self._pool(home)
        if home.has(Shortfall.INCOME):  # a post's wage alone would lift it over the line
            pool = [m for m in pool if m.benefit != "public_post"]
        d.rng.shuffle(pool)
        target = min(4, max(d.between(1, 4), len(must)))
        chosen = must[:target]  # remedies first: they are what the household needs most
        chosen += pool[: target - len(chosen)]
        for draft in chosen:
            draft.id = d.new_id()
            if draft.start is None:
                self._schedule(home, draft)
            draft.cadre_id = home.cadre_on(draft.start or self.today)
            paid = draft.status is MeasureStatus.DONE and draft.year == self.y1
            if draft.benefit in _EARNINGS and paid:
                home.benefits[draft.benefit] = home.benefits.get(draft.benefit, 0) + draft.cost
        return chosen

    # -- what must be there ----------------------------------------------------------
    def _remedies(self, home: Home) -> list[Draft]:
        """The measure meant to remove each shortfall: this year's, open."""
        out = []
        for kind in home.plan.shortfalls:
            draft, started = self._remedy(home, kind)
            out.append(self._open(draft, started=started))
        return out

    def _remedy(self, home: Home, kind: Shortfall) -> tuple[Draft, bool]:
        """(the measure, whether work has started)."""
        d, v, unit = self.draw, home.values, self.place.unit
        present = home.present
        if kind is Shortfall.HOUSE:
            return self._rebuild(v), v["rebuild_status"] == RebuildStatus.BUILDING.value
        if kind is Shortfall.WATER:
            what = "安全饮水巩固提升：铺设入户管道，接通集中供水"
            cost = yuan(d.between(15, 30) * 100)
            return Draft(C.OTHER, what, cost, SRC.FISCAL, unit("水利局")), d.chance(0.5)
        if kind is Shortfall.DROPOUT:
            child = next(p for p in present if p.school_child)
            what = f"控辍保学：劝返{child.name}复学，落实教育资助"
            return Draft(C.EDUCATION, what, 0, SRC.SECTOR, unit("教育局")), True
        if kind is Shortfall.NO_MEDICAL:
            p = next(p for p in present if not p.ins_medical)
            what = f"动员{p.name}参加城乡居民基本医疗保险，个人缴费由医疗救助资助"
            return Draft(C.HEALTH, what, yuan(380), SRC.SECTOR, unit("医保局")), False
        if kind is Shortfall.NO_SERIOUS:
            p = next(p for p in present if p.serious and not p.ins_serious)
            what = f"为{p.name}办理大病保险，申请大病医疗救助"
            return Draft(C.HEALTH, what, 0, SRC.SECTOR, unit("医保局")), False
        if kind is Shortfall.NO_KEYS:
            what = "易地扶贫搬迁集中安置，人均住房补助2万元"
            cost = yuan(20000) * min(home.size, 6)
            return Draft(C.RELOCATION, what, cost, SRC.FISCAL, unit("发改局"), pay=SPLIT), True
        what, base = d.pick(INDUSTRY)  # Shortfall.INCOME
        what = f"{what}，给予产业奖补{base}元"
        return Draft(C.INDUSTRY, what, yuan(base), SRC.FISCAL, unit("农业农村局")), d.chance(0.6)

    def _rebuild(self, v: dict[str, Any]) -> Draft:
        """危房改造: rebuilding a D-grade house, or repairing a C-grade one."""
        d = self.draw
        if v["danger_grade"] == DangerGrade.D.value:
            what, cost = "D级危房拆除重建", yuan(d.between(30, 35) * 1000)
        else:
            what, cost = "C级危房维修加固", yuan(d.between(10, 15) * 1000)
        content = f"{what}，补助{cost // 100}元"
        return Draft(C.HOUSING, content, cost, SRC.SECTOR, self.place.unit("住建局"), pay=SPLIT)

    def _facts(self, home: Home) -> list[Draft]:
        """What the record already shows was done: a rebuilt house, a relocation, the
        allowances of the assessment year, the hospital aid of a household fallen back."""
        d, v, unit, out = self.draw, home.values, self.place.unit, []
        if v.get("rebuild_status") == RebuildStatus.DONE.value:
            out.append(self._past(home, self._rebuild(v)))
        if v.get("relocation", "0") != Relocation.NONE.value and v.get("relocation_keys"):
            what = f"易地扶贫搬迁，人均住房补助2万元，安置于{v['relocation_place']}"
            cost = yuan(20000) * min(home.size, 6)
            draft = Draft(C.RELOCATION, what, cost, SRC.FISCAL, unit("发改局"), pay=SPLIT)
            out.append(self._past(home, draft))
        for key, what in (
            ("dibao", "纳入农村低保，按月发放低保金"),
            ("tekun", "特困人员分散供养，按月发放基本生活费"),
        ):
            if key in home.benefits:
                cost = home.benefits[key]
                draft = Draft(
                    C.SOCIAL_SECURITY,
                    what,
                    cost,
                    SRC.SECTOR,
                    unit("民政局"),
                    pay=QUARTERLY,
                    benefit=key,
                )
                out.append(self._yearly(draft))
        if home.plan.role is Role.RETURNED:
            sick = next(p for p in home.present if p.serious)
            what, cost = f"{sick.name}住院费用大病医疗救助", yuan(d.between(8, 20) * 1000)
            draft = Draft(C.HEALTH, what, cost, SRC.SECTOR, unit("医保局"), pay=SPLIT)
            out.append(self._open(draft, started=True))
        return out

    # -- what may be there -----------------------------------------------------------
    def _pool(self, home: Home) -> list[Draft]:
        """Measures that fit the household's people and land, to choose from."""
        d, unit, on = self.draw, self.place.unit, self.today
        present = home.present
        able = (Labour.ORDINARY.value, Labour.SKILLED.value)
        hands = [p for p in present if p.labour in able and 18 <= p.age(on) <= 60]
        at_home = [p for p in hands if p.migrant_months == 0]
        away = [p for p in hands if p.migrant_months > 0]
        sick = [p for p in present if p.sick]
        disabled = [p for p in present if p.disabled]
        students = [p for p in present if p.student]
        pool: list[Draft] = []
        if sick:
            what = "家庭医生签约服务，落实“先诊疗后付费”"
            pool.append(Draft(C.HEALTH, what, 0, SRC.SECTOR, unit("卫健局")))
            what, cost = f"{sick[0].name}住院费用大病医疗救助", yuan(d.between(2, 15) * 1000)
            pool.append(Draft(C.HEALTH, what, cost, SRC.SECTOR, unit("医保局"), pay=SPLIT))
        if disabled:
            what, cost = f"{disabled[0].name}残疾人两项补贴", yuan(d.between(70, 100) * 12)
            pool.append(
                Draft(C.SOCIAL_SECURITY, what, cost, SRC.SECTOR, unit("民政局"), pay=QUARTERLY)
            )
        pool += [self._school_aid(p) for p in students[:2]]
        if at_home:  # a public-welfare post is for someone who stays in the village
            p = at_home[0]
            what, cost = f"公益性岗位：{p.name}任村保洁员", yuan(500 * 12)
            pool.append(
                Draft(
                    C.JOBS,
                    what,
                    cost,
                    SRC.FISCAL,
                    unit("人社局"),
                    pay=QUARTERLY,
                    benefit="public_post",
                )
            )
            what, cost = f"选聘{p.name}为生态护林员", yuan(d.between(8, 10) * 1000)
            pool.append(
                Draft(
                    C.ECOLOGY,
                    what,
                    cost,
                    SRC.SECTOR,
                    unit("林业局"),
                    pay=QUARTERLY,
                    benefit="public_post",
                )
            )
        if hands:
            what, cost = f"{hands[0].name}参加种养殖实用技术培训", yuan(d.between(8, 15) * 100)
            pool.append(Draft(C.JOBS, what, cost, SRC.SECTOR, unit("人社局")))
        if away:
            what = f"转移就业：{away[0].name}赴{away[0].migrant_place}务工，发放一次性交通补贴"
            pool.append(Draft(C.JOBS, what, yuan(500), SRC.FISCAL, unit("人社局")))
        if home.values.get("land_cultivated", 0) >= 1 and hands:
            for project, base in d.sample(INDUSTRY, 2):
                what = f"{project}，给予产业奖补{base}元"
                pool.append(Draft(C.INDUSTRY, what, yuan(base), SRC.FISCAL, unit("农业农村局")))
        if 18 <= home.head.age(on) <= 65 and hands:  # micro-credit: borrower aged 18-65
            pool.append(self._loan())
        cost = yuan(d.between(5, 10) * 100)
        pool.append(
            Draft(
                C.ASSET_INCOME,
                "村级光伏电站收益分红",
                cost,
                SRC.FISCAL,
                unit("扶贫办"),
                benefit="dividend",
            )
        )
        if d.chance(0.5):
            what, cost = "结对帮扶单位春节慰问（大米、食用油、慰问金）", yuan(d.between(3, 5) * 100)
            pool.append(Draft(C.OTHER, what, cost, SRC.SOCIAL, "结对帮扶单位"))
        return pool

    def _school_aid(self, p: Person) -> Draft:
        s, pl = p.school, self.place
        unit = pl.unit("教育局")
        if s in (SchoolStatus.VOCATIONAL.value, SchoolStatus.HIGHER_VOCATIONAL.value):
            return Draft(
                C.EDUCATION,
                f"雨露计划：{p.name}职业教育补助",
                yuan(3000),
                SRC.FISCAL,
                unit,
                pay=SPLIT,
            )
        if s == SchoolStatus.SENIOR.value:
            return Draft(
                C.EDUCATION,
                f"普通高中国家助学金：{p.name}",
                yuan(2000),
                SRC.SECTOR,
                unit,
                pay=SPLIT,
            )
        if s == SchoolStatus.COLLEGE.value:
            return Draft(C.EDUCATION, f"{p.name}大学新生入学资助", yuan(5000), SRC.SOCIAL, unit)
        return Draft(
            C.EDUCATION,
            f"义务教育寄宿生生活补助：{p.name}",
            yuan(1000),
            SRC.SECTOR,
            unit,
            pay=SPLIT,
        )

    def _loan(self) -> Draft:
        d = self.draw
        amount = d.pick((50000, 50000, 30000, 20000))
        use = d.pick(("发展茶叶种植", "扩大生猪养殖", "购买农用车跑运输", "发展中药材种植"))
        draft = Draft(
            C.FINANCE,
            f"扶贫小额信贷{amount // 10000}万元，3年期，免抵押免担保，财政全额贴息，用于{use}",
            yuan(amount),
            SRC.CREDIT,
            self.place.unit("农商行"),
        )
        if d.chance(0.05):  # the household decided against borrowing
            draft.status = MeasureStatus.CANCELLED
            draft.content += "（户主不愿贷款，已取消）"
        return draft

    # -- dates and status ------------------------------------------------------------
    def _schedule(self, home: Home, draft: Draft) -> None:
        """Most measures were carried out in the last two years; some are under way."""
        d = self.draw
        # Allowances, posts and dividends are paid for a whole year: always a past year.
        yearly = draft.pay == QUARTERLY or draft.benefit is not None
        if draft.status is MeasureStatus.CANCELLED or yearly or d.chance(0.72):
            first = max(home.identified_year + 1, self.today.year - 2)
            if home.exit_year is not None and home.plan.role is Role.EXITED:
                first = min(first, home.exit_year)  # help came before the exit
            year = d.between(min(first, self.y1), self.y1)
            self._in_year(draft, year)
        else:
            self._open(draft, started=d.chance(0.8), overdue=d.chance(0.04))

    def _in_year(self, draft: Draft, year: int) -> None:
        d = self.draw
        draft.year = year
        draft.start = dt.date(year, d.between(2, 8), d.between(1, 28))
        draft.due = draft.start + dt.timedelta(days=d.between(60, 150))
        draft.done = min(
            draft.start + dt.timedelta(days=d.between(20, 120)), dt.date(year, 12, 28), self.today
        )
        if draft.status is MeasureStatus.CANCELLED:
            draft.done = None
            return
        draft.status = MeasureStatus.DONE
        draft.acknowledged = d.chance(0.92)
        if draft.acknowledged:
            draft.acknowledged_on = min(
                draft.done + dt.timedelta(days=d.between(0, 15)), self.today
            )

    def _past(self, home: Home, draft: Draft) -> Draft:
        """A measure finished before now (a rebuilt house, a relocation)."""
        last = home.exit_year - 1 if home.exit_year is not None else self.y1
        last = max(min(last, self.y1), home.identified_year)
        self._in_year(draft, self.draw.between(min(home.identified_year + 1, last), last))
        return draft

    def _yearly(self, draft: Draft) -> Draft:
        """A benefit paid all through the assessment year, quarter by quarter."""
        y = self.y1
        draft.year = y
        draft.start, draft.due = dt.date(y, 1, 1), dt.date(y, 12, 31)
        draft.done = dt.date(y, 12, 25)
        draft.status = MeasureStatus.DONE
        draft.acknowledged = True
        draft.acknowledged_on = dt.date(y, 12, 28)
        return draft

    def _open(self, draft: Draft, *, started: bool, overdue: bool | None = None) -> Draft:
        """This year's measure, under way or planned; remedies are overdue now and then."""
        d, today = self.draw, self.today
        if overdue is None:
            overdue = d.chance(0.2)
        draft.year = today.year
        draft.status = MeasureStatus.IN_PROGRESS if started else MeasureStatus.PLANNED
        if overdue:
            draft.due = today - dt.timedelta(days=d.between(5, 60))
            draft.start = draft.due - dt.timedelta(days=d.between(60, 150))
        elif started:
            draft.start = today - dt.timedelta(days=d.between(5, 120))
            draft.due = today + dt.timedelta(days=d.between(20, 180))
        else:  # planned: starts soon
            draft.start = today + dt.timedelta(days=d.between(3, 40))
            draft.due = draft.start + dt.timedelta(days=d.between(60, 180))
        return draft
