"""Income by component, and the fund ledger (资金台账). All money is integer fen.

Income is drawn around the poverty line: most households comfortably above it, some just
above, the planned income shortfalls below. The components follow the people (pensions
for the old, 低保 for the covered, wages for those who work away, farm income for the
land) and are then scaled to the household's level, so the figures look like a register
and not like a random number split into parts.

The ledger pays each measure's cost in the way it is paid in practice (once, in two
tranches, quarterly); a done measure's entries add up to its cost exactly. A few entries
were typed wrong and corrected the only legal way: an equal and opposite reversing entry
(红字冲销, note "冲销:…") and a correct re-entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from povdesk.codes import MeasureStatus
from povdesk.demo.base import Draw, Home, Role, Shortfall, yuan
from povdesk.demo.measures import ONCE, QUARTERLY, SPLIT, Draft

_ABLE = ("1", "2")  # Labour codes of ordinary and skilled labour
_TRANSFERS = (
    "transfer_dibao",
    "transfer_tekun",
    "transfer_pension",
    "transfer_family_planning",
    "transfer_eco",
    "transfer_other",
)


def poverty_line(lines: Mapping[int, int], year: int) -> int:
    """The line of `year`; the nearest year's when the table has none (demo only)."""
    if year in lines:
        return lines[year]
    return lines[min(lines, key=lambda y: abs(y - year))]


class Incomes:
    def __init__(self, draw: Draw, today: dt.date, lines: Mapping[int, int]) -> None:
        self.draw = draw
        self.today = today
        self.lines = lines
        self.y1 = today.year - 1
        self.y0 = today.year - 2

    def rows(self, home: Home) -> list[dict[str, Any]]:
        d = self.draw
        size = home.size
        line1 = poverty_line(self.lines, self.y1)
        hands = sum(1 for p in home.present if p.labour in _ABLE)
        if home.has(Shortfall.INCOME):
            level = d.uniform(0.55, 0.93)
        elif hands == 0:
            level = d.uniform(1.03, 1.5)  # allowances and a little farming, no more
        elif d.chance(0.25):
            level = d.uniform(1.03, 1.15)  # just above: one bad harvest from the line
        else:
            level = d.uniform(1.3, 2.0 if hands == 1 else 3.0)
        inc = self._natural(home)
        self._scale(inc, int(level * line1) * size, below=level < 1)
        self._farm_cap(
            inc, home.values["land_cultivated"], to="wages" if hands else "transfer_other"
        )
        self._settle(inc, line1 * size, below=level < 1)
        last = self._year_before(home, inc)
        return [
            {"id": d.new_id(), "household_id": home.id, "year": self.y0, **last},
            {"id": d.new_id(), "household_id": home.id, "year": self.y1, **inc},
        ]

    def _natural(self, home: Home) -> dict[str, int]:
        """Components as the people and the land would give them, before scaling."""
        d, on, v = self.draw, self.today, home.values
        present = home.present
        b = home.benefits
        old = [p for p in present if p.age(on) >= 60]
        pension = sum(yuan(d.between(110, 160) * 12) for p in old if p.ins_pension)
        family_planning = yuan(960) * min(len(old), 2) if old and d.chance(0.1) else 0
        disabled = sum(yuan(d.between(70, 100) * 12) for p in present if p.disabled)
        farm_subsidy = yuan(v["land_cultivated"] * d.between(80, 110))
        wages = sum(yuan(p.migrant_months * d.between(2000, 4000)) for p in present)
        for p in present:
            if p.migrant_months == 0 and p.labour in _ABLE and d.chance(0.75):
                wages += yuan(d.between(3000, 15000))  # 本地务工, 打零工
            elif p.labour == "3" and p.age(on) < 65 and d.chance(0.3):
                wages += yuan(d.between(1000, 4000))
        gross = yuan(v["land_cultivated"] * d.between(600, 1500) + d.between(0, 4000))
        rent = yuan(d.between(300, 1500)) if d.chance(0.1) else 0
        return {
            "wages": wages + b.get("public_post", 0),
            "public_post_wages": b.get("public_post", 0),
            "production": gross,
            "property": b.get("dividend", 0) + rent,
            "asset_dividend": b.get("dividend", 0),
            "transfer_family_planning": family_planning,
            "transfer_dibao": b.get("dibao", 0),
            "transfer_tekun": b.get("tekun", 0),
            "transfer_pension": pension,
            "transfer_eco": yuan(v["land_forest"] * d.between(12, 18)),
            "transfer_other": disabled + farm_subsidy,
            "production_costs": int(gross * d.uniform(0.25, 0.45)) // 100 * 100,
        }

    def _scale(self, inc: dict[str, int], want: int, *, below: bool) -> None:
        """Scale the earned part (wages other than public posts, farm income) so that the
        net income is near `want`; the fixed part (transfers, property, posts) stays."""
        fixed = sum(inc[k] for k in _TRANSFERS) + inc["property"] + inc["public_post_wages"]
        earned = (
            inc["wages"] - inc["public_post_wages"] + inc["production"] - inc["production_costs"]
        )
        goal = want - fixed
        floor = max(yuan(300), want // 20)
        if goal < floor:
            if not below:
                goal = max(earned * 3 // 10, yuan(500))  # the allowances carry it already
            else:  # allowances alone would lift it: this household gets less of them
                factor = max(want - floor, 0) / max(fixed, 1)
                for k in (*_TRANSFERS, "property", "asset_dividend"):
                    inc[k] = int(inc[k] * factor) // 100 * 100
                inc["asset_dividend"] = min(inc["asset_dividend"], inc["property"])
                goal = floor
        factor = goal / max(earned, 1)
        for k in ("production", "production_costs"):
            inc[k] = max(yuan(300) if k == "production" else yuan(80), int(inc[k] * factor))
            inc[k] = inc[k] // 100 * 100
        inc["wages"] = int((inc["wages"] - inc["public_post_wages"]) * factor) // 100 * 100
        inc["wages"] += inc["public_post_wages"]

    def _farm_cap(self, inc: dict[str, int], land: float, *, to: str) -> None:
        """A few mu of mountain land earn only so much: the rest of a household's income
        is wages (its members work locally or away) or, for the old who cannot work,
        support from children living elsewhere (赡养费, a transfer), not a harvest."""
        cap = yuan(land * 2500 + 6000)
        if inc["production"] <= cap:
            return
        net_before = inc["production"] - inc["production_costs"]
        costs = inc["production_costs"] * cap // inc["production"] // 100 * 100
        inc["production"], inc["production_costs"] = cap, costs
        inc[to] += net_before - (cap - costs)

    def _settle(self, inc: dict[str, int], line_total: int, *, below: bool) -> None:
        """Make sure the household is on the intended side of the line after rounding."""
        net = _net(inc)
        if below and net >= line_total:
            cut = net - line_total + yuan(self.draw.between(50, 300))
            wage_cut = min(cut, inc["wages"] - inc["public_post_wages"])
            inc["wages"] -= wage_cut
            cut -= wage_cut
            for k in ("production", *_TRANSFERS, "property"):
                if cut <= 0:
                    break
                spare = inc[k] - (inc["production_costs"] + yuan(100) if k == "production" else 0)
                take = max(0, min(cut, spare))
                inc[k] -= take
                cut -= take
            inc["asset_dividend"] = min(inc["asset_dividend"], inc["property"])
        elif not below and net <= line_total:
            inc["production"] += line_total - net + yuan(self.draw.between(100, 600))

    def _year_before(self, home: Home, inc: dict[str, int]) -> dict[str, int]:
        """The year before: a little less income; exited households were above the line
        then too, except the one whose exit was passed by an income override."""
        d = self.draw
        growth = d.uniform(0.85, 0.97)
        last = {k: int(v * growth) // 100 * 100 for k, v in inc.items()}
        for k in ("transfer_dibao", "transfer_tekun", "public_post_wages", "asset_dividend"):
            last[k] = inc[k]
        last["wages"] = max(last["wages"], last["public_post_wages"])
        last["property"] = max(last["property"], last["asset_dividend"])
        last["production_costs"] = max(last["production_costs"], yuan(50))
        line0 = poverty_line(self.lines, self.y0) * home.size
        exited_by_then = home.exit_year is not None and home.exit_year <= self.y0
        if home.plan.override == "income" and home.exit_year == self.y0:
            target = line0 * d.between(95, 99) // 100
            last["production"] -= max(0, _net(last) - target)
            last["production"] = max(last["production"], last["production_costs"] + yuan(100))
        elif exited_by_then and home.plan.role is not Role.RETURNED and _net(last) <= line0:
            last["production"] += line0 - _net(last) + yuan(d.between(100, 500))
        return last


def _net(inc: Mapping[str, int]) -> int:
    """纯收入 as povdesk.rules.income counts it: the "of which" fields are not added."""
    total = inc["wages"] + inc["production"] + inc["property"] + sum(inc[k] for k in _TRANSFERS)
    return total - inc["production_costs"]


class Ledger:
    """Fund entries for the money actually paid out, vouchers numbered in date order."""

    def __init__(self, draw: Draw, today: dt.date, recorded_by: str) -> None:
        self.draw = draw
        self.today = today
        self.recorded_by = recorded_by
        self.entries: list[dict[str, Any]] = []

    def pay(self, home: Home, m: Draft) -> None:
        d = self.draw
        if m.cost <= 0 or m.start is None:
            return
        if m.status is MeasureStatus.DONE and m.done is not None:
            if m.pay == QUARTERLY:
                span = max((m.done - m.start).days, 4)
                parts = [m.cost // 4] * 3 + [m.cost - 3 * (m.cost // 4)]
                days = [m.start + dt.timedelta(days=span * (q + 1) // 4) for q in range(4)]
                notes = [f"{m.content}（第{q + 1}次发放，共4次）" for q in range(4)]
            elif m.pay == SPLIT:
                first = m.cost * d.between(50, 60) // 100 // 100 * 100
                parts = [first, m.cost - first]
                gap = max((m.done - m.start).days, 1)
                days = [m.start + dt.timedelta(days=d.between(1, gap)), m.done]
                days[0] = min(days[0], m.done)
                notes = [f"{m.content}（第1笔，共2笔）", f"{m.content}（第2笔，共2笔，验收后拨付）"]
            else:
                assert m.pay == ONCE
                parts, days, notes = [m.cost], [m.done], [m.content]
        elif m.status is MeasureStatus.IN_PROGRESS and m.pay == SPLIT:
            # Work under way: the first tranche is paid at the start, the rest on acceptance.
            parts = [m.cost * d.between(40, 60) // 100 // 100 * 100]
            days = [min(m.start + dt.timedelta(days=d.between(5, 30)), self.today)]
            notes = [f"{m.content}（首笔预拨）"]
        else:
            return
        for amount, day, note in zip(parts, days, notes, strict=True):
            self.entries.append(self._entry(home.id, m, amount, day, note))

    def _entry(
        self, household_id: str, m: Draft, amount: int, day: dt.date, note: str
    ) -> dict[str, Any]:
        return {
            "id": self.draw.new_id(),
            "household_id": household_id,
            "measure_id": m.id,
            "amount": amount,
            "date": day,
            "source": m.source.value,
            "category": m.category.value,
            "voucher": "",
            "recorded_by": self.recorded_by,
            "reverses_id": None,
            "note": note,
        }

    def add_mistakes(self) -> int:
        """2-3 entries typed with a wrong amount, each reversed and entered again."""
        d = self.draw
        big = [i for i, e in enumerate(self.entries) if e["amount"] >= yuan(1000)]
        chosen = sorted(d.sample(big, d.between(2, 3)), reverse=True)
        for i in chosen:
            right = self.entries[i]
            amount = right["amount"]
            digits = str(amount // 100)
            swapped = int(digits[1] + digits[0] + digits[2:]) * 100 if len(digits) > 1 else 0
            wrong_amount = swapped if swapped not in (0, amount) and d.chance(0.5) else amount * 10
            how = "多录一位" if wrong_amount == amount * 10 else "数字颠倒"
            wrong = {**right, "id": d.new_id(), "amount": wrong_amount}
            when = min(right["date"] + dt.timedelta(days=d.between(3, 20)), self.today)
            reversal = {
                **wrong,
                "id": d.new_id(),
                "amount": -wrong_amount,
                "date": when,
                "reverses_id": wrong["id"],
                "note": f"冲销：金额录入错误（{how}，误录{wrong_amount // 100}元，"
                f"应为{amount // 100}元）",
            }
            note = f"{right['note']}（更正后重新入账）"
            again = {**right, "id": d.new_id(), "date": when, "note": note}
            self.entries[i : i + 1] = [wrong, reversal, again]
        return len(chosen)

    def rows(self) -> list[dict[str, Any]]:
        """In date order (a reversal always after its target), vouchers numbered per year;
        a reversal carries its target's voucher, as povdesk's own reversal does."""
        order = sorted(range(len(self.entries)), key=lambda i: (self.entries[i]["date"], i))
        out = [self.entries[i] for i in order]
        seq: dict[int, int] = {}
        voucher: dict[str, str] = {}
        for e in out:
            if e["reverses_id"] is not None:
                e["voucher"] = voucher[e["reverses_id"]]
                continue
            year = e["date"].year
            seq[year] = seq.get(year, 0) + 1
            e["voucher"] = f"记{year}-{seq[year]:04d}"
            voucher[e["id"]] = e["voucher"]
        return out
