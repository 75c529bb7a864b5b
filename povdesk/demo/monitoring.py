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
    HouseholdStatus,
    LeadSource,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    Presence,
    RiskType,
)
from povdesk.demo.base import Draw, Home, Place, Plan, Role
from povdesk.demo.homes import living
from povdesk.demo.monitor_rows import NON_POOR, Writer, net_of

SEED_OFFSET = 16_016  # this module's own stream: Draw(seed + SEED_OFFSET)
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


class _Picture(Writer):
    """Who is watched, since when, and how it ended (the module docstring)."""

    # -- the whole picture ------------------------------------------------------------
    def build(self) -> MonitoringStats:
        d, n, T = self.d, self.n, self.today
        self._lift_exited(keep=max(4, round(0.08 * n)))
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
            non_poor=sum(1 for h in self.rows["household"] if h["status"] == NON_POOR),
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
            self._identify(rec, hid, lead, 1.0, upto=2)  # reviewed: its notice can be printed
            leads += 1
        return MonitoringStats(0, objects, counts, 0, 0, 0, leads)

    # -- households ---------------------------------------------------------------------
    def _lift_exited(self, keep: int) -> None:
        """Five years on, most exited households live well above the range (the
        register's incomes follow the poverty line they exited over, less than half the
        range): all but `keep` of those below it get an income of the year 1.15 to 2.4
        times the range, the rest are the households this picture is about."""
        lift = set(self._exited_below_range()[keep:])
        size: dict[str, int] = {}
        for m in self.rows["member"]:
            if m["presence"] == Presence.PRESENT.value:
                size[m["household_id"]] = size.get(m["household_id"], 0) + 1
        per_person = self.range_of(self.year)
        for i in self.rows["income"]:
            if i["household_id"] in lift and i["year"] == self.year:
                target = per_person * self.d.between(115, 240) // 100 * size[i["household_id"]]
                i["wages"] += (target - net_of(i)) // 100 * 100 + 100

    def _exited_below_range(self, limit: float = 1.0) -> list[str]:
        """Exited households whose income of the year is not above `limit` times the
        range, shuffled."""
        size: dict[str, int] = {}
        for m in self.rows["member"]:
            if m["presence"] == Presence.PRESENT.value:
                size[m["household_id"]] = size.get(m["household_id"], 0) + 1
        net = {i["household_id"]: net_of(i) for i in self.rows["income"] if i["year"] == self.year}
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
                "status": NON_POOR,
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
                "status": NON_POOR,
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
        self._step(rid, hid, phase, MonitorStep.HOME_CHECK.value, first, per_capita_income=pc)
        self._visit(hid, first)
        check = out - dt.timedelta(days=14)
        end = self._procedure(rid, hid, phase, check, pc + 50_000)
        self._assessed(hid, self._visit(hid, check))
        rec = self._rec(rid)
        rec["state"], rec["eliminated_on"] = MonitorState.ELIMINATED.value, end
