"""The standards (poverty lines, monitoring ranges, reference incomes; domain.md §8), the
ID mask, and the rule context built from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection

from povdesk.codes import Presence, StoreRole
from povdesk.errors import UserError, ValidationError
from povdesk.models import Meta, MonitoringRangeData, PovertyLineData, ReferenceIncomeData, table
from povdesk.rules.facts import MonitorSettings, RuleContext
from povdesk.rules.idcard import mask
from povdesk.rules.identity import normalized_id
from povdesk.rules.standards import KINDS, StandardGap, gaps
from povdesk.services import defaults
from povdesk.services.base import D, Service, as_data, fetch, sibling
from povdesk.services.cadres import Cadres
from povdesk.services.village_code import check_village_code

if TYPE_CHECKING:
    from povdesk.services.base import Tx


ID_MASK_KEY = "id_mask"
# The note on the lines that ship with povdesk (domain.md §3), which tells them apart from
# figures somebody entered.
SHIPPED_NOTE = "国家扶贫标准（现价），随软件提供"
SHIPPED_REFERENCE_NOTE = "湖北省统计公报：农村常住居民人均可支配收入"
# The same rows as written by earlier versions.
_SHIPPED = frozenset(
    {
        SHIPPED_NOTE,
        SHIPPED_REFERENCE_NOTE,
        "domain.md §3 现价标准",
        "湖北省统计公报 农村常住居民人均可支配收入",
    }
)


@dataclass(frozen=True)
class Standard:
    """One standard for one year, as `povdesk standards list` and the settings show it.

    `source` says where the figure came from: "shipped" (the national lines in the app),
    "own" (entered in this store: at a village, a provisional figure until the county's
    arrives) or "county" (received from the county in a return bundle)."""

    kind: str  # poverty_line | monitoring_range | reference_income
    year: int
    amount: int  # fen
    note: str
    source: str
    area_code: str = ""


DEFAULT_ID_MASK = (6, 4)

MONITOR_KEY = "monitor_settings"
# MonitorSettings field -> (lowest, highest, zh name, en name). The notice may be longer
# than §7's five days, never shorter.
MONITOR_LIMITS: dict[str, tuple[int, int, str, str]] = {
    "margin_pct": (0, 200, "接近监测范围的幅度（%）", "margin above the range (%)"),
    "drop_pct": (1, 100, "收入下降幅度（%）", "income drop (%)"),
    "rigid_pct": (1, 500, "刚性支出占纯收入比例（%）", "rigid expenditure share of income (%)"),
    "decide_days": (1, 90, "线索办结时限（天）", "days to decide a lead"),
    "notice_days": (5, 30, "公示天数", "notice days"),
}


@dataclass
class Settings:
    """What the settings window saves together (amounts in fen)."""

    poverty_lines: list[tuple[int, int, str]] = field(default_factory=list)
    monitoring_ranges: list[tuple[int, int, str]] = field(default_factory=list)
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


# A yearly per-person standard: far above any real one (the 2024 monitoring ranges were
# about 8,800 yuan), and the bound keeps a typing slip from judging a village by it.
MAX_STANDARD_FEN = 100_000_00  # 100,000 yuan, domain.md §3's bound on per-capita income


def _check_year_amount(year: int, amount_fen: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError([("year", f"年度不合理：{year}", f"implausible year: {year}")])
    if not 0 < amount_fen <= MAX_STANDARD_FEN:
        raise ValidationError(
            [
                (
                    "amount",
                    "金额应大于 0、不超过 100000 元",
                    "the amount must be above 0 and at most 100,000 yuan",
                )
            ]
        )


def _upsert(tx: Tx, kind: str, key: dict[str, Any], values: dict[str, Any], cls: type[D]) -> D:
    """Write one year's standard (a new row, or the one with the same `key`).

    A village never changes a figure the county sent (domain.md §8: standards are set
    above the village); saving it unchanged keeps it as sent. Its own provisional figure
    it may change until the county's arrives and replaces it."""
    t = table(kind)
    row = tx.conn.execute(select(t).where(*(t.c[k] == v for k, v in key.items()))).first()
    if row is not None and row.origin != tx.store_id and _role(tx) == StoreRole.VILLAGE.value:
        if row.amount == values["amount"]:
            return as_data(cls, row._mapping)
        year, (name, name_en) = key["year"], KINDS[kind][:2]
        raise UserError(
            f"{year} 年度{name}由县扶贫办下发，村里不能修改；如有出入，请与县扶贫办核对。",
            f"The {year} {name_en} was set by the county office and cannot be changed "
            "at the village; if it looks wrong, check with the county office.",
            code="county_standard",
        )
    data = tx.insert(kind, {**key, **values}) if row is None else tx.update(kind, row.id, values)
    return as_data(cls, data)


def _role(tx: Tx) -> str:
    m = Meta.__table__  # type: ignore[attr-defined]
    return str(tx.conn.execute(select(m.c.value).where(m.c.key == "role")).scalar() or "")


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
                {"year": y, "amount": yuan * 100, "note": SHIPPED_NOTE}
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
                    "note": SHIPPED_REFERENCE_NOTE,
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
        _check_year_amount(year, amount_fen)
        values = {"amount": amount_fen, "note": note}
        return _upsert(tx, "poverty_line", {"year": year}, values, PovertyLineData)

    def monitoring_ranges(self) -> dict[int, int]:
        t = table("monitoring_range")
        with self.store.read() as conn:
            return {r.year: r.amount for r in conn.execute(select(t.c.year, t.c.amount))}

    def monitoring_range_rows(self) -> list[MonitoringRangeData]:
        t = table("monitoring_range")
        with self.store.read() as conn:
            return fetch(conn, select(t).order_by(t.c.year), MonitoringRangeData)

    def set_monitoring_range(
        self, year: int, amount_fen: int, note: str = ""
    ) -> MonitoringRangeData:
        with self.store.tx() as tx:
            return self._monitoring_range(tx, year, amount_fen, note)

    @staticmethod
    def _monitoring_range(tx: Tx, year: int, amount_fen: int, note: str) -> MonitoringRangeData:
        _check_year_amount(year, amount_fen)
        values = {"amount": amount_fen, "note": note}
        return _upsert(tx, "monitoring_range", {"year": year}, values, MonitoringRangeData)

    def standards(self, year: int | None = None) -> list[Standard]:
        """Every standard in the store (or one year's), by year then kind."""
        own = self.store.store_id
        out: list[Standard] = []
        with self.store.read() as conn:
            for kind in ("poverty_line", "monitoring_range", "reference_income"):
                t = table(kind)
                stmt = select(t)
                if year is not None:
                    stmt = stmt.where(t.c.year == year)
                for r in conn.execute(stmt):
                    if r.note in _SHIPPED and r.origin == own:
                        source = "shipped"
                    else:
                        source = "own" if r.origin == own else "county"
                    area = getattr(r, "area_code", "")
                    out.append(Standard(kind, r.year, r.amount, r.note, source, area))
        order = {"poverty_line": 0, "monitoring_range": 1, "reference_income": 2}
        return sorted(out, key=lambda s: (s.year, order[s.kind], s.area_code))

    def gaps(self, ctx: RuleContext | None = None) -> tuple[StandardGap, ...]:
        """The standards missing for the assessment year (domain.md §8)."""
        return gaps(ctx or self.context())

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
        _check_year_amount(year, amount_fen)
        if not area_code.isdigit() or len(area_code) not in (2, 4, 6):
            raise ValidationError(
                [
                    (
                        "area_code",
                        f"地区代码不合理：{area_code}",
                        f"implausible area code: {area_code}",
                    )
                ]
            )
        key = {"year": year, "area_code": area_code}
        values = {"amount": amount_fen, "area_name": area_name, "note": note}
        return _upsert(tx, "reference_income", key, values, ReferenceIncomeData)

    def save_settings(self, settings: Settings) -> None:
        """Everything the settings window edits, in one transaction: a bad row anywhere
        leaves every table and the village as they were."""
        _check_mask(*settings.id_mask)
        with self.store.tx() as tx:
            for year, amount, note in settings.poverty_lines:
                self._poverty_line(tx, year, amount, note)
            for year, amount, note in settings.monitoring_ranges:
                self._monitoring_range(tx, year, amount, note)
            for year, area, amount, name in settings.reference_incomes:
                self._reference_income(tx, year, area, amount, name)
            if settings.village_id is not None and settings.village:
                village = dict(settings.village)
                if "code" in village:
                    check_village_code(str(village["code"]))
                tx.update("village", settings.village_id, village)
            tx.set_meta(ID_MASK_KEY, "{},{}".format(*settings.id_mask))

    def monitor_settings(self) -> MonitorSettings:
        """The monitoring figures (domain.md §7), the defaults until somebody sets them."""
        raw = self.store.meta().get(MONITOR_KEY, "")
        values: dict[str, int] = {}
        for part in raw.split(","):
            key, _, value = part.partition("=")
            if key in MONITOR_LIMITS and value.strip().isdigit():
                values[key] = int(value)
        return MonitorSettings(**values)

    def set_monitor_settings(self, **values: int) -> MonitorSettings:
        """Change some of the monitoring figures; each must lie within its bounds."""
        current = self.monitor_settings()
        merged = {k: getattr(current, k) for k in MONITOR_LIMITS}
        errors = []
        for key, value in values.items():
            low, high, zh, en = MONITOR_LIMITS[key]
            if not isinstance(value, int) or not low <= value <= high:
                errors.append((key, f"{zh}应在 {low} 到 {high} 之间", f"{en}: {low} to {high}"))
            merged[key] = value
        if errors:
            raise ValidationError(errors)
        with self.store.tx() as tx:
            tx.set_meta(MONITOR_KEY, ",".join(f"{k}={v}" for k, v in merged.items()))
        return MonitorSettings(**merged)

    def context(
        self,
        *,
        today: dt.date | None = None,
        year: int | None = None,
        village_code: str | None = None,
        households: Sequence[str] | None = None,
    ) -> RuleContext:
        """The rule context. The assessment year defaults to last year: the income the
        national system records is the previous year's (上年度收入).

        `households` (a few, by id): the context for checking just these, whose ID
        numbers used twice are only those the identity rule can match to their members:
        the whole county's numbers need not be counted for one household's edit."""
        today = today or dt.date.today()
        cadres = {c.id: c for c in sibling(self.store, "cadres", Cadres).all()}
        code = village_code or self.store.meta().get("area_code", "")
        m = table("member")
        stmt = (
            select(m.c.id_number)
            .where(m.c.presence == Presence.PRESENT.value, m.c.id_number != "")
            .group_by(m.c.id_number)
            .having(func.count() > 1)
        )
        with self.store.read() as conn:
            if households is not None:
                # Presence counted in HAVING, not filtered in WHERE: SQLite would read
                # every present member through the presence index instead of these few
                # numbers through theirs.
                stmt = (
                    select(m.c.id_number)
                    .where(m.c.id_number.in_(_matchable(conn, households, today)))
                    .group_by(m.c.id_number)
                    .having(
                        func.sum(case((m.c.presence == Presence.PRESENT.value, 1), else_=0)) > 1
                    )
                )
            dupes = conn.execute(stmt).scalars().all()
        return RuleContext(
            today=today,
            year=year or today.year - 1,
            poverty_lines=self.poverty_lines(),
            reference_incomes=self.reference_incomes(),
            monitoring_ranges=self.monitoring_ranges(),
            county_code=code[:6],
            cadres=cadres,
            cadre_id_numbers=frozenset(c.id_number for c in cadres.values() if c.id_number),
            duplicate_id_numbers=frozenset(dupes),
            monitor=self.monitor_settings(),
        )


def _matchable(conn: Connection, households: Sequence[str], today: dt.date) -> list[str]:
    """The stored ID numbers the identity rule would match to these households' present
    members (as typed, upper-cased, or in the 18-character form)."""
    m = table("member")
    rows = conn.execute(
        select(m.c.id_number, m.c.presence).where(m.c.household_id.in_(list(households)))
    )
    out: set[str] = set()
    for number, presence in rows:  # filtered here: see `context`
        if number and presence == Presence.PRESENT.value:
            out.update((number.strip().upper(), normalized_id(number, today)))
    return sorted(out)
