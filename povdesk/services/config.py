"""Poverty lines and reference incomes, and the rule context built from them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from povdesk.codes import Presence
from povdesk.errors import ValidationError
from povdesk.models import PovertyLineData, ReferenceIncomeData
from povdesk.rules.facts import RuleContext
from povdesk.rules.idcard import mask
from povdesk.services.base import Service, as_data, fetch
from povdesk.store import defaults
from povdesk.store.tx import Tx, table

ID_MASK_KEY = "id_mask"
DEFAULT_ID_MASK = (6, 4)


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
        # Showing more than 10 of 18 characters would let a neighbour reconstruct the
        # birth date and sequence; the field's own rule is "mask the middle".
        if keep_start < 0 or keep_end < 0 or keep_start + keep_end > 10:
            raise ValidationError(
                [
                    (
                        "id_mask",
                        "显示位数不合理:前后合计最多 10 位",
                        "At most 10 characters may be shown in all",
                    )
                ]
            )
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
        if amount_fen <= 0 or not 2000 <= year <= 2100:
            raise ValidationError([("amount", "年度或金额不合理", "implausible year or amount")])
        t = table("poverty_line")
        with self.store.tx() as tx:
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
        if amount_fen <= 0 or not area_code.isdigit() or len(area_code) not in (2, 4, 6):
            raise ValidationError(
                [("amount", "地区代码或金额不合理", "implausible area code or amount")]
            )
        t = table("reference_income")
        with self.store.tx() as tx:
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
