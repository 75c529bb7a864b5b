"""Poverty lines and reference incomes, and the rule context built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from povdesk.codes import Presence
from povdesk.errors import ValidationError
from povdesk.models import PovertyLineData, ReferenceIncomeData
from povdesk.rules.facts import RuleContext
from povdesk.rules.idcard import mask
from povdesk.services.base import Service, as_data, fetch
from povdesk.services.villages import check_village_code
from povdesk.store import defaults
from povdesk.store.tx import Tx, table

ID_MASK_KEY = "id_mask"
DEFAULT_ID_MASK = (6, 4)


@dataclass
class Settings:
    """What the settings window saves together (amounts in fen)."""

    poverty_lines: list[tuple[int, int, str]] = field(default_factory=list)
    reference_incomes: list[tuple[int, str, int, str]] = field(default_factory=list)
    village_id: str | None = None
    village: dict[str, Any] = field(default_factory=dict)
    id_mask: tuple[int, int] = DEFAULT_ID_MASK


def _check_mask(keep_start: int, keep_end: int) -> None:
    # Showing more than 10 of 18 characters would let a neighbour reconstruct the birth
    # date and sequence; the field's own rule is "mask the middle".
    if keep_start < 0 or keep_end < 0 or keep_start + keep_end > 10:
        raise ValidationError(
            [
                (
                    "id_mask",
                    "显示位数不合理：前后合计最多 10 位",
                    "At most 10 characters may be shown",
                )
            ]
        )


class Config(Service):
    entity = "poverty_line"

    # -- ID masking on public documents and shared screens ------------------------------
    def id_mask(self) -> tuple[int, int]:
        """(shown at the start, shown at the end); default first 6 and last 4 (domain.md)."""
        raw = self.store.meta().get(ID_MASK_KEY, "")
        start, _, end = raw.partition(",")
        if start.isdigit() and end.isdigit():
            return int(start), int(end)
        return DEFAULT_ID_MASK

    def set_id_mask(self, keep_start: int, keep_end: int) -> None:
        _check_mask(keep_start, keep_end)
        with self.store.tx() as tx:
            tx.set_meta(ID_MASK_KEY, f"{keep_start},{keep_end}")

    def mask_id(self, number: str) -> str:
        """An ID number masked by the configured pattern (the one place that applies it)."""
        start, end = self.id_mask()
        return mask(number, start, end)

    def seed_defaults(self, tx: Tx) -> None:
        """Write the default tables into a new store (only years not yet present)."""
        have = {r.year for r in tx.conn.execute(select(table("poverty_line").c.year))}
        tx.insert_many(
            "poverty_line",
            [
                {"year": y, "amount": yuan * 100, "note": "domain.md §3 现价标准"}
                for y, yuan in defaults.POVERTY_LINES_YUAN.items()
                if y not in have
            ],
        )
        r = table("reference_income")
        have_ref = {(x.year, x.area_code) for x in tx.conn.execute(select(r.c.year, r.c.area_code))}
        tx.insert_many(
            "reference_income",
            [
                {
                    "year": y,
                    "area_code": defaults.HUBEI,
                    "area_name": "湖北省",
                    "amount": yuan * 100,
                    "note": "湖北省统计公报 农村常住居民人均可支配收入",
                }
                for y, yuan in defaults.HUBEI_RURAL_INCOME_YUAN.items()
                if (y, defaults.HUBEI) not in have_ref
            ],
        )

    def poverty_lines(self) -> dict[int, int]:
        t = table("poverty_line")
        with self.store.read() as conn:
            return {r.year: r.amount for r in conn.execute(select(t.c.year, t.c.amount))}

    def poverty_line_rows(self) -> list[PovertyLineData]:
        t = table("poverty_line")
        with self.store.read() as conn:
            return fetch(conn, select(t).order_by(t.c.year), PovertyLineData)

    def set_poverty_line(self, year: int, amount_fen: int, note: str = "") -> PovertyLineData:
        with self.store.tx() as tx:
            return self._poverty_line(tx, year, amount_fen, note)

    @staticmethod
    def _poverty_line(tx: Tx, year: int, amount_fen: int, note: str) -> PovertyLineData:
        if amount_fen <= 0 or not 2000 <= year <= 2100:
            raise ValidationError([("amount", "年度或金额不合理", "implausible year or amount")])
        t = table("poverty_line")
        row = tx.conn.execute(select(t.c.id).where(t.c.year == year)).first()
        values = {"year": year, "amount": amount_fen, "note": note}
        data = (
            tx.insert("poverty_line", values)
            if row is None
            else tx.update("poverty_line", row.id, values)
        )
        return as_data(PovertyLineData, data)

    def reference_incomes(self) -> dict[tuple[int, str], int]:
        t = table("reference_income")
        with self.store.read() as conn:
            return {
                (r.year, r.area_code): r.amount
                for r in conn.execute(select(t.c.year, t.c.area_code, t.c.amount))
            }

    def reference_income_rows(self) -> list[ReferenceIncomeData]:
        t = table("reference_income")
        with self.store.read() as conn:
            return fetch(conn, select(t).order_by(t.c.year, t.c.area_code), ReferenceIncomeData)

    def set_reference_income(
        self, year: int, area_code: str, amount_fen: int, area_name: str = "", note: str = ""
    ) -> ReferenceIncomeData:
        with self.store.tx() as tx:
            return self._reference_income(tx, year, area_code, amount_fen, area_name, note)

    @staticmethod
    def _reference_income(
        tx: Tx, year: int, area_code: str, amount_fen: int, area_name: str = "", note: str = ""
    ) -> ReferenceIncomeData:
        if amount_fen <= 0 or not area_code.isdigit() or len(area_code) not in (2, 4, 6):
            raise ValidationError(
                [("amount", "地区代码或金额不合理", "implausible area code or amount")]
            )
        t = table("reference_income")
        row = tx.conn.execute(
            select(t.c.id).where(t.c.year == year, t.c.area_code == area_code)
        ).first()
        values = {
            "year": year,
            "area_code": area_code,
            "amount": amount_fen,
            "area_name": area_name,
            "note": note,
        }
        data = (
            tx.insert("reference_income", values)
            if row is None
            else tx.update("reference_income", row.id, values)
        )
        return as_data(ReferenceIncomeData, data)

    def save_settings(self, settings: Settings) -> None:
        """Everything the settings window edits, in one transaction: a bad row anywhere
        leaves every table and the village as they were."""
        _check_mask(*settings.id_mask)
        with self.store.tx() as tx:
            for year, amount, note in settings.poverty_lines:
                self._poverty_line(tx, year, amount, note)
            for year, area, amount, name in settings.reference_incomes:
                self._reference_income(tx, year, area, amount, name)
            if settings.village_id is not None and settings.village:
                village = dict(settings.village)
                if "code" in village:
                    check_village_code(str(village["code"]))
                tx.update("village", settings.village_id, village)
            tx.set_meta(ID_MASK_KEY, "{},{}".format(*settings.id_mask))

    def context(
        self,
        *,
        today: dt.date | None = None,
        year: int | None = None,
        village_code: str | None = None,
    ) -> RuleContext:
        """The rule context. The assessment year defaults to last year: the income the
        national system records is the previous year's (上年度收入)."""
        today = today or dt.date.today()
        cadres = {c.id: c for c in self.store.cadres.all()}
        code = village_code or self.store.meta().get("area_code", "")
        m = table("member")
        with self.store.read() as conn:
            dupes = (
                conn.execute(
                    select(m.c.id_number)
                    .where(m.c.presence == Presence.PRESENT.value, m.c.id_number != "")
                    .group_by(m.c.id_number)
                    .having(func.count() > 1)
                )
                .scalars()
                .all()
            )
        return RuleContext(
            today=today,
            year=year or today.year - 1,
            poverty_lines=self.poverty_lines(),
            reference_incomes=self.reference_incomes(),
            county_code=code[:6],
            cadres=cadres,
            cadre_id_numbers=frozenset(c.id_number for c in cadres.values() if c.id_number),
            duplicate_id_numbers=frozenset(dupes),
        )
