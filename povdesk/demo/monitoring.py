"""The demo village's 防止返贫动态监测 (domain.md §7): who is watched, and one lie to catch.

Built after the registered households, from its own seeded stream, so that adding it
changed none of them. Ordinary households (一般农户) join the village, some near the
monitoring range; monitoring objects of each type went through the whole procedure
(lead, home check and consent, review, a seven-day notice, township, county) within 15
days; their measures name the record and the risk. Some were marked risk eliminated
honestly (half a year monitored, home checks above the range for half a year, a measure
done); ONE was marked eliminated while its medical costs still ate its income, which the
guard catches as `false_elimination`; two leads wait past their deadline. A few other
households got ill or hit by disaster, or paid large medical costs, so the candidate scan
has something to show. The rows are written directly, as the demo writes everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from povdesk.codes import (
    ChecklistItem,
    CheckStatus,
    HouseholdStatus,
    LeadSource,
    LifeEventKind,
    MeasureCategory,
    MeasureStatus,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    Presence,
    RiskType,
    StepOutcome,
    VisitPurpose,
)
from povdesk.demo.base import Draw, Home, Place, Plan, Role
from povdesk.demo.homes import living
from povdesk.demo.people import Families
from povdesk.demo.visits import CHINA, EVIDENCE

SEED_OFFSET = 16_016  # this module's own stream: Draw(seed + SEED_OFFSET)
_STEPS = [s.value for s in MonitorStep]  # the procedure, in order
_HOME, _REVIEW, _NOTICE, _TOWN, _COUNTY = _STEPS
_ABLE = ("1", "2", "3")  # Labour codes with a capacity to work


@dataclass(frozen=True)
class MonitoringStats:
    non_poor: int
    objects: int  # monitoring records of households included (any state but lead/refused)
    by_type: dict[str, int]  # MonitorType code -> records
    eliminated: int
    false_eliminations: int
    overdue_leads: int
    leads: int  # still waiting for the county's decision


def add_monitoring(
    seed: int,
    rows: dict[str, list[dict[str, Any]]],
    place: Place,
    groups: list[str],
    today: dt.date,
    ranges: dict[int, int],
    width: int,
    *,
    small: bool = False,
) -> MonitoringStats:
    """Add the picture to `rows` (entity -> rows, as the generator inserts them); `small`:
    only a record or two on the register's own exited households, none added."""
    picture = _Picture(Draw(seed + SEED_OFFSET), rows, place, groups, today, ranges, width)
    return picture.build_small() if small else picture.build()


class _Picture:
    def __init__(
        self,
        d: Draw,
        rows: dict[str, list[dict[str, Any]]],
        place: Place,
        groups: list[str],
        today: dt.date,
        ranges: dict[int, int],
        width: int,
    ) -> None:
        self.d, self.rows, self.place, self.groups = d, rows, place, groups
        self.today, self.year, self.ranges, self.width = today, today.year - 1, ranges, width
        self.n = len(rows["household"])
        self.cadres = [c["id"] for c in rows["cadre"] if c.get("active", True)]
        self.county_body = f"{place.county or '县'}防止返贫监测帮扶工作领导小组"
        self.fam = Families(d, today, place.county_code, place.mountain)
        self.fam.reserve(m["id_number"] for m in rows["member"] if m.get("id_number"))
        self.vouchers = 0
        for key in ("monitoring_record", "monitoring_step"):
            rows.setdefault(key, [])

    def range_of(self, day: dt.date | int) -> int:
        year = day if isinstance(day, int) else day.year
        return self.ranges.get(year) or self.ranges[max(self.ranges)]

    # -- the whole picture ------------------------------------------------------------
    def build(self) -> MonitoringStats:
        d, n, T = self.d, self.n, self.today
        exited = self._exited_below_range()
        taken: set[str] = set()
        counts = {t.value: 0 for t in MonitorType}
        eliminated = leads = 0

        def record(hid: str, kind: MonitorType, risks: list[str], lead: dt.date, **kw: Any) -> str:
            counts[kind.value] += 1
            taken.add(hid)
            return self._record(hid, kind, risks, lead, **kw)

        # 脱贫不稳定户: exited households whose income fell back under the range.
        for hid in exited[: max(1, round(0.025 * n))]:
            ident = T - dt.timedelta(days=d.between(40, 300))
            risk = d.pick((RiskType.JOBS, RiskType.INDUSTRY, RiskType.ILLNESS)).value
            rec = record(hid, MonitorType.UNSTABLE, [risk], ident - dt.timedelta(days=14))
            self._identify(rec, hid, ident - dt.timedelta(days=14), 0.8)
            self._measures(rec, hid, risk, ident, done=False)
            self._follow_up(rec, hid, ident, 0.9)
        # 边缘易致贫户 under monitoring: ordinary households near the line.
        for _ in range(max(1, round(0.02 * n))):
            hid = self._ordinary(0.8, 1.15)
            ident = T - dt.timedelta(days=d.between(30, 170))
            risk = d.pick((RiskType.JOBS, RiskType.INDUSTRY, RiskType.NO_LABOUR)).value
            rec = record(hid, MonitorType.EDGE, [risk], ident - dt.timedelta(days=14))
            self._identify(rec, hid, ident - dt.timedelta(days=14), 0.9)
            self._measures(rec, hid, risk, ident, done=False)
            self._follow_up(rec, hid, ident, 1.05)
        # Eliminated honestly: income back above the range for half a year, a measure done.
        for _ in range(max(1, round(0.02 * n))):
            hid = self._ordinary(1.6, 1.9, before=0.85)
            self._eliminated(record, hid)
            eliminated += 1
        # The one false elimination: the medical bills still eat the income.
        hid = self._ordinary(1.6, 1.8, before=0.85, medical=0.75)
        self._eliminated(record, hid, risk=RiskType.ILLNESS.value)
        eliminated += 1
        # 突发严重困难户: a serious illness or a disaster in a comfortable household.
        for i in range(max(1, round(0.01 * n))):
            illness = i % 2 == 0
            hid = self._ordinary(1.8, 2.5, medical=0.9 if illness else 0.0)
            ident = T - dt.timedelta(days=d.between(30, 120))
            lead = ident - dt.timedelta(days=14)
            self._event(hid, lead - dt.timedelta(days=d.between(5, 25)), illness)
            risk = (RiskType.ILLNESS if illness else RiskType.DISASTER).value
            rec = record(hid, MonitorType.SUDDEN, [risk], lead, source=LeadSource.SELF)
            self._identify(rec, hid, lead, 1.1)
            self._measures(rec, hid, risk, ident, done=False)
        # Two leads past the 15 days, and (in a bigger village) a fresh one.
        for _ in range(2):
            hid = self._ordinary(0.85, 1.1)
            lead = T - dt.timedelta(days=d.between(18, 35))
            rec = record(hid, MonitorType.EDGE, [RiskType.JOBS.value], lead)
            self._identify(rec, hid, lead, 0.9, upto=2)
            leads += 1
        if n >= 40 and len(exited) > max(1, round(0.025 * n)):
            hid = exited[-1]
            lead = T - dt.timedelta(days=d.between(2, 8))
            rec = record(hid, MonitorType.UNSTABLE, [RiskType.JOBS.value], lead)
            self._identify(rec, hid, lead, 0.8, upto=1)
            leads += 1
            # A lead the village review refused: the income was well above the range.
            hid = self._ordinary(1.9, 2.2)
            lead = T - dt.timedelta(days=d.between(60, 120))
            rec = self._record(hid, MonitorType.EDGE, [RiskType.OTHER.value], lead)
            self._identify(rec, hid, lead, 2.0, upto=2, refused=True)
        # Households the scan should point at: near the range, ill, hit, in debt to doctors.
        for _ in range(max(2, round(0.04 * n))):
            self._ordinary(1.05, 1.45)
        for _ in range(max(2, round(0.03 * n))):
            self._ordinary(1.8, 3.0)
        others = [h for h in exited if h not in taken]
        for hid in others[: max(1, round(0.015 * n))]:
            self._medical(hid, 0.6)
        for i, hid in enumerate(others[max(1, round(0.015 * n)) :][: max(2, round(0.02 * n))]):
            self._event(hid, T - dt.timedelta(days=d.between(20, 200)), i % 2 == 0)
        recs = self.rows["monitoring_record"]
        included = [r for r in recs if r.get("identified_on") is not None]
        return MonitoringStats(
            non_poor=sum(1 for h in self.rows["household"] if h["status"] == _NON_POOR),
            objects=len(included),
            by_type=counts,
            eliminated=eliminated,
            false_eliminations=1,
            overdue_leads=2,
            leads=leads,
        )

    def build_small(self) -> MonitoringStats:
        """A village of a handful of households: one exited household fallen back near
        the range under monitoring, and a lead about another if there is one."""
        d, T = self.d, self.today
        exited = self._exited_below_range(limit=1.5)
        counts = {t.value: 0 for t in MonitorType}
        objects = leads = 0
        if exited:
            hid = exited[0]
            ident = T - dt.timedelta(days=d.between(40, 120))
            risk = RiskType.JOBS.value
            rec = self._record(hid, MonitorType.UNSTABLE, [risk], ident - dt.timedelta(days=14))
            self._identify(rec, hid, ident - dt.timedelta(days=14), 0.9)
            self._measures(rec, hid, risk, ident, done=False)
            counts[MonitorType.UNSTABLE.value] += 1
            objects += 1
        if len(exited) > 1:
            hid, lead = exited[1], T - dt.timedelta(days=d.between(2, 8))
            rec = self._record(hid, MonitorType.UNSTABLE, [RiskType.OTHER.value], lead)
            self._identify(rec, hid, lead, 1.0, upto=1)
            leads += 1
        return MonitoringStats(0, objects, counts, 0, 0, 0, leads)

    # -- households ---------------------------------------------------------------------
    def _exited_below_range(self, limit: float = 1.0) -> list[str]:
        """Exited households whose income of the year is not above `limit` times the
        range, shuffled."""
        size: dict[str, int] = {}
        for m in self.rows["member"]:
            if m["presence"] == Presence.PRESENT.value:
                size[m["household_id"]] = size.get(m["household_id"], 0) + 1
        net = {i["household_id"]: _net(i) for i in self.rows["income"] if i["year"] == self.year}
        line = round(limit * self.range_of(self.year))
        out = [
            h["id"]
            for h in self.rows["household"]
            if h["status"] == HouseholdStatus.EXITED.value
            and size.get(h["id"])
            and h["id"] in net
            and net[h["id"]] // size[h["id"]] <= line
        ]
        return self.d.sample(out, len(out))

    def _ordinary(
        self, lo: float, hi: float, *, before: float | None = None, medical: float = 0.0
    ) -> str:
        """A new 一般农户 with someone able to work; per-capita income of the year at
        lo..hi times the range (the year before at `before` times its range, if given)."""
        d = self.d
        number = f"{self.place.code}{self.n + 1:0{self.width}d}"
        self.n += 1
        group = d.pick(self.groups)
        home = Home(Plan(Role.EXITED), d.new_id(), number, group, self.fam.surname(), 0)
        while True:
            home.people.clear()
            self.fam.build(home)
            self.fam.finish(home)
            if any(p.labour in _ABLE for p in home.present):
                break
        living(d, home, self.place, d.between(60, 140))
        self.rows["household"].append(
            {
                **home.values,
                "id": home.id,
                "number": number,
                "group": group,
                "category": None,
                "identified_year": None,
                "status": _NON_POOR,
                "main_cause": None,
                "secondary_causes": [],
            }
        )
        self.rows["member"] += [p.row(home.id) for p in home.people]
        self.rows["status_record"].append(
            {
                "id": d.new_id(),
                "household_id": home.id,
                "year": self.year - 1,
                "status": _NON_POOR,
                "date": dt.date(self.year - 1, 3, d.between(1, 28)),
                "reason": "一般农户，纳入防止返贫动态监测排查范围",
                "decided_by": "村两委",
            }
        )
        # Every household has a cadre to call on (网格化管理), not only the register's.
        self.rows["pairing"].append(
            {
                "id": d.new_id(),
                "household_id": home.id,
                "cadre_id": d.pick(self.cadres),
                "start": dt.date(self.year - 1, d.between(1, 12), d.between(1, 28)),
                "end": None,
            }
        )
        size = home.size
        now = round(d.uniform(lo, hi) * self.range_of(self.year)) * size
        then = now * d.between(92, 104) // 100
        if before is not None:
            then = round(before * self.range_of(self.year - 1)) * size
        self._income(home.id, self.year - 1, then, 0)
        self._income(home.id, self.year, now, round(medical * now))
        return home.id

    def _income(self, hid: str, year: int, net: int, medical: int) -> None:
        d = self.d
        net = net // 100 * 100  # whole yuan, as the forms are filled in
        costs = net * d.between(5, 12) // 100 // 100 * 100
        wages = net * d.between(55, 80) // 100 // 100 * 100
        self.rows["income"].append(
            {
                "id": d.new_id(),
                "household_id": hid,
                "year": year,
                "wages": wages,
                "production": net - wages + costs,
                "production_costs": costs,
                "expense_medical": medical // 100 * 100,
            }
        )

    def _medical(self, hid: str, share: float) -> None:
        for i in self.rows["income"]:
            if i["household_id"] == hid and i["year"] == self.year:
                i["expense_medical"] = round(share * max(_net(i), 0)) // 100 * 100 + 300_000

    def _event(self, hid: str, on: dt.date, illness: bool) -> None:
        present = [
            m
            for m in self.rows["member"]
            if m["household_id"] == hid and m["presence"] == Presence.PRESENT.value
        ]
        heads = [m for m in present if m["relation"] == "01"]
        who = self.d.pick(present) if illness else (heads or present)[0]
        if illness:
            note = self.d.pick(("突发脑梗住院治疗", "确诊恶性肿瘤，在州医院化疗", "车祸后多处骨折"))
        else:
            note = self.d.pick(("暴雨引发山体滑坡，房屋受损", "冰雹毁坏当季烟叶和玉米"))
        self.rows["life_event"].append(
            {
                "id": self.d.new_id(),
                "household_id": hid,
                "member_id": who["id"],
                "kind": (
                    LifeEventKind.SERIOUS_ILLNESS if illness else LifeEventKind.DISASTER
                ).value,
                "date": min(on, self.today),
                "note": note,
                "other_household_id": None,
            }
        )

    # -- records and steps -------------------------------------------------------------
    def _record(
        self,
        hid: str,
        kind: MonitorType,
        risks: list[str],
        lead: dt.date,
        source: LeadSource = LeadSource.VISIT,
    ) -> str:
        rid = self.d.new_id()
        self.rows["monitoring_record"].append(
            {
                "id": rid,
                "household_id": hid,
                "type": kind.value,
                "risks": risks,
                "lead_source": source.value,
                "lead_date": lead,
                "lead_by": "驻村工作队" if source is LeadSource.VISIT else "户主本人申报",
                "lead_note": _LEAD_NOTES[kind],
                "state": MonitorState.PENDING.value,
            }
        )
        return rid

    def _rec(self, rid: str) -> dict[str, Any]:
        return next(r for r in self.rows["monitoring_record"] if r["id"] == rid)

    def _step(self, rid: str, hid: str, phase: str, step: str, on: dt.date, **kw: Any) -> None:
        seq = 1 + sum(1 for s in self.rows["monitoring_step"] if s["record_id"] == rid)
        actor = {
            _HOME: "驻村工作队",
            _REVIEW: "村民代表大会",
            _NOTICE: "村两委",
            _TOWN: f"{self.place.township or '乡镇'}人民政府",
            _COUNTY: self.county_body,
        }[step]
        self.rows["monitoring_step"].append(
            {
                "id": self.d.new_id(),
                "record_id": rid,
                "household_id": hid,
                "phase": phase,
                "step": step,
                "seq": seq,
                "date": on,
                "actor": actor,
                "outcome": kw.pop("outcome", StepOutcome.PASSED.value),
                **kw,
            }
        )

    def _procedure(
        self, rid: str, hid: str, phase: str, start: dt.date, pc: int, upto: int = 5
    ) -> dt.date:
        """The five steps from `start` (a home check finding `pc` per person), the notice
        posted seven days; the day of the county's decision."""
        days = (0, 2, 3, 11, 14)
        for step, k in zip(_STEPS[:upto], days, strict=False):
            on = start + dt.timedelta(days=k)
            extra: dict[str, Any] = {}
            if step == _HOME:
                extra["per_capita_income"] = pc
            if step == _NOTICE:
                extra["notice_end"] = on + dt.timedelta(days=6)
            self._step(rid, hid, phase, step, on, **extra)
        return start + dt.timedelta(days=14)

    def _identify(
        self,
        rid: str,
        hid: str,
        lead: dt.date,
        level: float,
        upto: int = 5,
        refused: bool = False,
    ) -> None:
        rec = self._rec(rid)
        start = lead + dt.timedelta(days=1)
        rec["consent_date"] = start
        pc = round(level * self.range_of(start)) // 100 * 100
        done = self._procedure(rid, hid, MonitorPhase.IDENTIFY.value, start, pc, upto)
        if refused:
            last = self.rows["monitoring_step"][-1]
            last["outcome"] = StepOutcome.FAILED.value
            last["note"] = "经民主评议，家庭收入稳定高于监测范围，不予纳入"
            rec["state"] = MonitorState.NOT_INCLUDED.value
        elif upto == 5:
            rec["state"], rec["identified_on"] = MonitorState.MONITORING.value, done

    def _eliminated(self, record: Any, hid: str, risk: str = RiskType.JOBS.value) -> None:
        """Monitored 7 to 10 months, income checked above the range at a home check
        half a year before and again a month before the county marked the risk gone."""
        d, T = self.d, self.today
        out = T - dt.timedelta(days=d.between(20, 80))
        ident = out - dt.timedelta(days=d.between(200, 300))
        lead = ident - dt.timedelta(days=14)
        rid = record(hid, MonitorType.EDGE, [risk], lead)
        self._identify(rid, hid, lead, 0.85)
        self._measures(rid, hid, risk, ident, done=True)
        phase = MonitorPhase.ELIMINATE.value
        first = out - dt.timedelta(days=190)
        pc = round(1.5 * self.range_of(first)) // 100 * 100
        self._step(rid, hid, phase, _HOME, first, per_capita_income=pc)
        self._visit(hid, first)
        check = out - dt.timedelta(days=14)
        end = self._procedure(rid, hid, phase, check, pc + 50_000)
        self._assessed(hid, self._visit(hid, check))
        rec = self._rec(rid)
        rec["state"], rec["eliminated_on"] = MonitorState.ELIMINATED.value, end

    def _visit(self, hid: str, on: dt.date) -> dict[str, Any]:
        """The home check of the elimination procedure, as a visit: 两不愁三保障 and
        safe water found met, the income written down."""
        d = self.d
        local = dt.datetime(on.year, on.month, on.day, d.between(9, 16), 0, tzinfo=CHINA)
        visit = {
            "id": d.new_id(),
            "household_id": hid,
            "at": local.astimezone(dt.UTC),
            "cadre_ids": [d.pick(self.cadres)],
            "purposes": [VisitPurpose.VERIFY.value],
            "checklist": {item.value: CheckStatus.MET.value for item in ChecklistItem},
            "findings": "入户核实家庭收入和两不愁三保障情况，务工收入稳定，医疗报销已到位",
            "actions": "填写入户核实表，户主签字确认",
            "next_steps": "按程序提交村级民主评议",
            "acknowledged": True,
        }
        self.rows["visit"].append(visit)
        return visit

    def _assessed(self, hid: str, visit: dict[str, Any]) -> None:
        """两不愁三保障 and safe water checked and met at the home check."""
        self.rows["assessment"] += [
            {
                "id": self.d.new_id(),
                "household_id": hid,
                "item": item.value,
                "status": CheckStatus.MET.value,
                "evidence": EVIDENCE[item.value],
                "date": visit["at"].astimezone(CHINA).date(),
                "assessor_id": visit["cadre_ids"][0],
                "visit_id": visit["id"],
            }
            for item in ChecklistItem
        ]

    def _follow_up(self, rid: str, hid: str, ident: dt.date, level: float) -> None:
        """A monitored household is visited again: a home check of the elimination
        procedure, its income written down (the guard's evidence later)."""
        on = ident + dt.timedelta(days=self.d.between(45, 75))
        if on < self.today - dt.timedelta(days=3):
            pc = round(level * self.range_of(on)) // 100 * 100
            self._step(rid, hid, MonitorPhase.ELIMINATE.value, _HOME, on, per_capita_income=pc)

    def _measures(self, rid: str, hid: str, risk: str, start: dt.date, *, done: bool) -> None:
        d = self.d
        category, content, cost = _MEASURES[risk]
        begin = start + dt.timedelta(days=d.between(3, 15))
        finish = begin + dt.timedelta(days=d.between(30, 90))
        ended = done or finish < self.today - dt.timedelta(days=10)
        self.rows["measure"].append(
            {
                "id": d.new_id(),
                "household_id": hid,
                "year": begin.year,
                "category": category.value,
                "content": content,
                "cost": cost,
                "fund_source": "1",
                "responsible_unit": self.place.unit(_UNITS[category]),
                "cadre_id": d.pick(self.cadres) if self.cadres else "",
                "start": begin,
                "due": finish,
                "done": finish if ended else None,
                "status": (MeasureStatus.DONE if ended else MeasureStatus.IN_PROGRESS).value,
                "evidence": "审批表、发放花名册" if ended else "",
                "acknowledged": ended,
                "acknowledged_on": finish if ended else None,
                "monitoring_id": rid,
                "risk": risk,
            }
        )
        if ended:  # paid out in full when done, as the register's measures are
            self.vouchers += 1
            self.rows["fund_entry"].append(
                {
                    "id": d.new_id(),
                    "household_id": hid,
                    "measure_id": self.rows["measure"][-1]["id"],
                    "amount": cost,
                    "date": finish,
                    "source": "1",
                    "category": category.value,
                    "voucher": f"监{finish.year}-{self.vouchers:04d}",
                    "recorded_by": "村报账员",
                    "reverses_id": None,
                    "note": "防止返贫监测帮扶资金",
                }
            )


_NON_POOR = HouseholdStatus.NON_POOR.value
_LEAD_NOTES = {
    MonitorType.UNSTABLE: "走访发现家庭收入下降，接近监测范围",
    MonitorType.EDGE: "走访排查发现家庭人均纯收入在监测范围附近",
    MonitorType.SUDDEN: "家中突遭变故，刚性支出大，户主申请纳入监测",
}
_MEASURES: dict[str, tuple[MeasureCategory, str, int]] = {
    RiskType.ILLNESS.value: (MeasureCategory.HEALTH, "落实医疗救助和大病保险二次报销", 800_000),
    RiskType.DISASTER.value: (MeasureCategory.HOUSING, "灾后住房修缮补助", 1_500_000),
    RiskType.JOBS.value: (
        MeasureCategory.JOBS,
        "推荐到县内企业稳定务工，落实一次性交通补贴",
        50_000,
    ),
    RiskType.INDUSTRY.value: (MeasureCategory.INDUSTRY, "产业奖补：发展中蜂养殖5箱", 150_000),
    RiskType.NO_LABOUR.value: (MeasureCategory.JOBS, "开发乡村公益性岗位（保洁员）", 600_000),
    RiskType.OTHER.value: (MeasureCategory.OTHER, "临时救助", 200_000),
}
_UNITS = {
    MeasureCategory.HEALTH: "医疗保障局",
    MeasureCategory.HOUSING: "住房和城乡建设局",
    MeasureCategory.JOBS: "人力资源和社会保障局",
    MeasureCategory.INDUSTRY: "农业农村局",
    MeasureCategory.OTHER: "民政局",
}


def _net(i: dict[str, Any]) -> int:
    """纯收入 of an income row (rules/income.py: the 其中 parts are inside their totals)."""
    transfers = sum(v for k, v in i.items() if k.startswith("transfer_"))
    gross = i.get("wages", 0) + i.get("production", 0) + i.get("property", 0) + transfers
    return int(gross - i.get("production_costs", 0))
