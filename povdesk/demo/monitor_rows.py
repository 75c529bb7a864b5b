"""The rows of the demo's monitoring picture (demo/monitoring.py decides who and when):
incomes, life events, monitoring records and their procedure steps, the home-check
visits with their checklist assessments, and measures paid out as the register's are."""

from __future__ import annotations

import datetime as dt
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
from povdesk.demo.base import Draw, Place
from povdesk.demo.people import Families
from povdesk.demo.visits import CHINA, EVIDENCE

_STEPS = [s.value for s in MonitorStep]  # the procedure, in order
_HOME, _REVIEW, _NOTICE, _TOWN, _COUNTY = _STEPS


class Writer:
    """Writes the picture's rows into `rows` (entity -> rows), from the draw `d`."""

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

    # -- incomes and events -------------------------------------------------------------
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
                i["expense_medical"] = round(share * max(net_of(i), 0)) // 100 * 100 + 300_000

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


NON_POOR = HouseholdStatus.NON_POOR.value
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


def net_of(i: dict[str, Any]) -> int:
    """纯收入 of an income row (rules/income.py: the 其中 parts are inside their totals)."""
    transfers = sum(v for k, v in i.items() if k.startswith("transfer_"))
    gross = i.get("wages", 0) + i.get("production", 0) + i.get("property", 0) + transfers
    return int(gross - i.get("production_costs", 0))
