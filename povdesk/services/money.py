"""Income, assistance measures and the fund ledger (all amounts integer fen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from povdesk.codes import MeasureStatus, RiskType
from povdesk.errors import UserError, ValidationError
from povdesk.models import FundEntryData, IncomeData, MeasureData
from povdesk.rules.income import Standing, standing
from povdesk.services.base import Service, as_data, fetch, sibling
from povdesk.services.config import Config
from povdesk.services.members import Members


class Incomes(Service):
    entity = "income"

    def set(self, household_id: str, year: int, values: dict[str, Any]) -> IncomeData:
        """Record or correct one household's income for a year (one row per year)."""
        negative = [k for k, v in values.items() if isinstance(v, int) and v < 0]
        if negative:
            raise ValidationError(
                [(k, "金额不能为负", "amount cannot be negative") for k in negative]
            )
        t = self.t
        with self.store.tx() as tx:
            row = tx.conn.execute(
                select(t.c.id).where(t.c.household_id == household_id, t.c.year == year)
            ).first()
            if row is None:
                data = tx.insert("income", {**values, "household_id": household_id, "year": year})
            else:
                data = tx.update("income", row.id, values)
        return as_data(IncomeData, data)

    def standing(self, household_id: str, year: int, values: dict[str, Any]) -> Standing:
        """What `values` (a year's income as typed, not yet saved) would mean against that
        year's line and the 70% reference: the form shows it while the cadre types."""
        ctx = sibling(self.store, "config", Config).context(year=year)
        size = len(sibling(self.store, "members", Members).of(household_id, present_only=True))
        inc = IncomeData(household_id=household_id, year=year, **values)
        return standing(inc, size, ctx.poverty_lines.get(year), ctx.reference_income(year))

    def of(self, household_id: str) -> list[IncomeData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(
                conn,
                select(t).where(t.c.household_id == household_id).order_by(t.c.year),
                IncomeData,
            )


class Measures(Service):
    entity = "measure"

    def add(self, household_id: str, values: dict[str, Any]) -> MeasureData:
        if int(values.get("cost", 0) or 0) < 0:
            raise ValidationError([("cost", "金额不能为负", "amount cannot be negative")])
        with self.store.tx() as tx:
            if tx.get("household", household_id) is None:
                raise UserError(
                    f"找不到户：{household_id}",
                    f"No household found: {household_id}",
                    code="not_found",
                )
            _check_monitoring(tx.get, household_id, values)
            return as_data(
                MeasureData, tx.insert("measure", {**values, "household_id": household_id})
            )

    def update(self, measure_id: str, values: dict[str, Any]) -> MeasureData:
        values = dict(values)
        if values.get("status") == MeasureStatus.DONE.value:
            values.setdefault("done", dt.date.today())
        with self.store.tx() as tx:
            if "monitoring_id" in values or "risk" in values:
                current = tx.get("measure", measure_id) or {}
                _check_monitoring(
                    tx.get, str(current.get("household_id", "")), {**current, **values}
                )
            return as_data(MeasureData, tx.update("measure", measure_id, values))

    def acknowledge(self, measure_id: str, on: dt.date) -> MeasureData:
        """The household head signed for the measure (户主签字确认)."""
        return self.update(measure_id, {"acknowledged": True, "acknowledged_on": on})

    def of(self, household_id: str) -> list[MeasureData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(
                conn,
                select(t).where(t.c.household_id == household_id).order_by(t.c.year, t.c.start),
                MeasureData,
            )

    def overdue(self, on: dt.date) -> list[MeasureData]:
        t = self.t
        open_ = (MeasureStatus.PLANNED.value, MeasureStatus.IN_PROGRESS.value)
        with self.store.read() as conn:
            return fetch(
                conn,
                select(t).where(t.c.status.in_(open_), t.c.due < on).order_by(t.c.due),
                MeasureData,
            )


def _check_monitoring(
    get: Callable[[str, str], dict[str, Any] | None], household_id: str, values: dict[str, Any]
) -> None:
    """A measure for a monitoring object names a record of the same household and a
    risk type of the code list (a bundle or form could otherwise name anything)."""
    record_id, risk = values.get("monitoring_id"), values.get("risk")
    problems = []
    if record_id:
        record = get("monitoring_record", str(record_id))
        if record is None or record["household_id"] != household_id:
            problems.append(("monitoring_id", "监测记录不属于该户", "not this household's record"))
    if risk and RiskType.lookup(risk) is None:
        problems.append(("risk", f"风险类型“{risk}”不在代码表中", f"unknown risk type: {risk}"))
    if problems:
        raise ValidationError(problems)


class Funds(Service):
    """资金台账: only `record` and `reverse` exist; there is no edit and no delete."""

    entity = "fund_entry"

    def record(self, values: dict[str, Any]) -> FundEntryData:
        values = dict(values)
        if int(values.get("amount", 0) or 0) <= 0:
            raise ValidationError(
                [
                    (
                        "amount",
                        "支出金额必须大于零；更正请用冲销",
                        "an amount must be above zero; correct with a reversal",
                    )
                ]
            )
        values.pop("reverses_id", None)
        with self.store.tx() as tx:
            self._check_links(tx, values)
            values.setdefault("recorded_by", tx.actor)
            return as_data(FundEntryData, tx.insert("fund_entry", values))

    def reverse(self, entry_id: str, reason: str, on: dt.date | None = None) -> FundEntryData:
        """Cancel an entry by an equal and opposite one (红字冲销); both stay on record."""
        if not reason.strip():
            raise ValidationError([("note", "冲销必须写明原因", "a reversal needs a reason")])
        t = self.t
        with self.store.tx() as tx:
            target = tx.get("fund_entry", entry_id)
            if target is None:
                raise UserError(
                    f"找不到资金记录：{entry_id}",
                    f"No fund entry found: {entry_id}",
                    code="not_found",
                )
            if target["reverses_id"] is not None:
                raise UserError(
                    "冲销分录不能再冲销", "A reversing entry cannot be reversed", code="invalid"
                )
            done = tx.conn.execute(select(func.count()).where(t.c.reverses_id == entry_id))
            if done.scalar_one():
                raise UserError(
                    "该记录已冲销过", "This entry was already reversed", code="already_reversed"
                )
            copy = {
                k: target[k]
                for k in ("household_id", "measure_id", "source", "category", "voucher")
            }
            row = tx.insert(
                "fund_entry",
                {
                    **copy,
                    "amount": -target["amount"],
                    "reverses_id": entry_id,
                    "date": on or dt.date.today(),
                    "recorded_by": tx.actor,
                    "note": f"冲销：{reason}",
                },
            )
        return as_data(FundEntryData, row)

    def entries(self, household_id: str | None = None) -> list[FundEntryData]:
        t = self.t
        stmt = select(t).order_by(t.c.date, t.c.rev)
        if household_id is not None:
            stmt = stmt.where(t.c.household_id == household_id)
        with self.store.read() as conn:
            return fetch(conn, stmt, FundEntryData)

    def total(self, household_id: str | None = None) -> int:
        t = self.t
        stmt = select(func.coalesce(func.sum(t.c.amount), 0))
        if household_id is not None:
            stmt = stmt.where(t.c.household_id == household_id)
        with self.store.read() as conn:
            return int(conn.execute(stmt).scalar_one())

    def totals_by(self, column: str) -> dict[str, int]:
        """The ledger summed per funding source or per category (reversals included, so
        the figures add up to `total()` to the fen)."""
        if column not in ("source", "category"):
            raise ValueError(column)
        t = self.t
        key = t.c[column]
        with self.store.read() as conn:
            rows = conn.execute(select(key, func.sum(t.c.amount)).group_by(key).order_by(key))
            return {k: int(v) for k, v in rows}

    def _check_links(self, tx: Any, values: dict[str, Any]) -> None:
        hid, mid = values.get("household_id"), values.get("measure_id")
        if hid is None and mid is None:
            raise ValidationError(
                [
                    (
                        "household_id",
                        "资金必须落到户或措施",
                        "an entry must name a household or a measure",
                    )
                ]
            )
        if mid is not None:
            measure = tx.get("measure", mid)
            if measure is None:
                raise UserError(
                    f"找不到帮扶措施：{mid}", f"No measure found: {mid}", code="not_found"
                )
            if hid is None:
                values["household_id"] = measure["household_id"]
            elif hid != measure["household_id"]:
                raise ValidationError(
                    [("measure_id", "措施不属于该户", "the measure belongs to another household")]
                )
            values.setdefault("category", measure["category"])
