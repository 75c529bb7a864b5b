"""The demo village: a believable register that every screen and printout can show.

`generate` fills an initialised village store; `init_and_generate` initialises one
first. The village is built in memory, then written in one transaction with one
`insert_many` per entity (10,000 households take seconds, not minutes). The same seed and
`today` give the same village, row ids included.

What it holds, and why, is described module by module: plan.py (who is poor, proposed,
exited, and which shortfalls they have), people.py and events.py (families), homes.py
(living conditions), measures.py and money.py (help, income, ledger), visits.py (field
work), records.py (status history, pairings, overrides).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from povdesk.codes import PovertyCause, StoreRole
from povdesk.demo import names
from povdesk.demo.base import Draw, Home, Place, Role
from povdesk.demo.cadres import make_team
from povdesk.demo.events import add_life_events
from povdesk.demo.homes import living, phone
from povdesk.demo.measures import Measures
from povdesk.demo.money import Incomes, Ledger
from povdesk.demo.monitoring import MonitoringStats, add_monitoring
from povdesk.demo.people import Families
from povdesk.demo.plan import plan_households
from povdesk.demo.records import (
    FINAL_STATUS,
    event_rows,
    pair_all,
    pairing_rows,
    status_rows,
    timeline,
)
from povdesk.demo.visits import Fieldwork
from povdesk.errors import UserError
from povdesk.models import VillageData
from povdesk.services import defaults
from povdesk.store.tx import Tx, gc_paused, table

if TYPE_CHECKING:
    from povdesk.store.store import Store

__all__ = ["DemoStats", "default_code", "generate", "init_and_generate", "village_name"]

DEFAULT_CODE = "422823107205"  # 巴东县 (422823), 野三关镇 (107, plausible), a village (205)
LINE_NOTE = "演示数据：按2020年标准逐年递增3%估算，非官方标准"
RANGE_NOTE = "演示数据：按演示扶贫标准的两倍估算，非官方监测范围"
REFERENCE_NOTE = "演示数据：按湖北省2020年农村居民人均可支配收入的75%、逐年递增6%估算，非官方统计"
DEMO_ACTOR = "demo"
# The monitoring picture (demo/monitoring.py) adds a dozen ordinary households and more:
# believable beside a register of this size, not beside a handful of households (there a
# record or two on the register's own households, and no household added).
MONITORING_FROM = 50


# Insert order: every table after the ones it references (models.ENTITIES order).
ENTITY_ORDER = (
    "cadre",
    "household",
    "member",
    "pairing",
    "exit_override",
    "status_record",
    "life_event",
    "income",
    "monitoring_record",
    "monitoring_step",
    "measure",
    "fund_entry",
    "visit",
    "assessment",
)


@dataclass(frozen=True)
class DemoStats:
    """What was generated; `with_shortfalls` counts households with a planned shortfall
    (each of which povdesk's rules report as a blocking finding)."""

    households: int
    members: int  # everyone on record, including the dead and the married out
    cadres: int
    measures: int
    fund_entries: int
    reversals: int
    visits: int
    assessments: int
    life_events: int
    with_shortfalls: int  # households with at least one planned shortfall
    share_with_shortfalls: float
    false_exits: int
    proposed: int
    exited: int  # honestly exited (false exits not included)
    overrides: int
    # 防止返贫动态监测 (povdesk/demo/monitoring.py): the ordinary households added
    # beside the register (not in `households`) and the monitoring records.
    monitoring: MonitoringStats | None = None


def default_code() -> str:
    """A 12-digit village code under 巴东县 (恩施州), a Tujia mountain county."""
    return DEFAULT_CODE


def village_name(seed: int) -> str:
    return names.VILLAGE_NAMES[(seed - 1) % len(names.VILLAGE_NAMES)]


def group_count(households: int) -> int:
    """About a dozen poor households per group, three to eight groups."""
    return min(len(names.GROUP_NAMES), max(3, households // 12))


def init_and_generate(
    store: Store,
    *,
    households: int = 120,
    seed: int = 1,
    code: str | None = None,
    today: dt.date | None = None,
) -> DemoStats:
    """Initialise `store` as the demo village's store, then fill it."""
    code = code or default_code()
    county = names.COUNTIES.get(code[:6])
    d = Draw(seed)  # its own stream: the village office is not part of `generate`'s content
    area = county.area_phone if county else "0718"
    chair = d.weighted(names.surname_table(True)) + d.pick(names.GIVEN_NAMES[(1960, "1")])
    values: dict[str, Any] = {
        "province": county.province if county else "湖北省",
        "city": county.city if county else "",
        "county": county.county if county else "",
        "township": county.townships.get(code[6:9], "") if county else "",
        "groups": list(names.GROUP_NAMES[: group_count(households)]),
        "contact_phone": f"{area}-{d.between(4000000, 4999999)}",
        "objection_contact": f"村务监督委员会主任 {chair} {phone(d)}",
    }
    store.villages.init_store(StoreRole.VILLAGE, code, village_name(seed), **values)
    return generate(store, households=households, seed=seed, today=today)


@gc_paused()
def generate(
    store: Store, *, households: int = 120, seed: int = 1, today: dt.date | None = None
) -> DemoStats:
    """Fill an initialised village store (role village, home village set, no households)."""
    if households < 1:
        raise ValueError("households must be at least 1")
    today = today or dt.date.today()
    village = _home_village(store)
    place = _place(village)
    d = Draw(seed)
    with store.tx(actor=DEMO_ACTOR) as tx:
        if _household_count(tx, village.id):
            raise UserError(
                f"{village.name} 已有农户数据，演示数据只能生成到新建的村数据库中。",
                f"{village.name} already has households; demo data goes into a new store only.",
                code="not_empty",
            )
        lines = _poverty_lines(tx, d, today)
        _reference_incomes(tx, d, today, place)
        groups = list(village.groups)
        if not groups:
            groups = list(names.GROUP_NAMES[: group_count(households)])
            tx.update("village", village.id, {"groups": groups})
        built = _build(d, place, groups, households, today, lines)
        # From its own stream, after the register: the register's households stay what
        # they were. The ranges are those _monitoring_ranges below leaves in the store.
        have = _ranges(tx)
        ranges = {y: have.get(y, 2 * demo_line(y)) for y in range(2021, today.year + 1)}
        width = max(4, len(str(households)))
        small = households < MONITORING_FROM
        mon = add_monitoring(seed, built.rows, place, groups, today, ranges, width, small=small)
        built.stats = replace(built.stats, monitoring=mon)
        for row in built.rows["household"]:
            row["village_id"] = village.id
        for entity in ENTITY_ORDER:
            tx.insert_many(entity, built.rows[entity], trusted=True)
        # Last, so the draws above (and so every household) stay what they were.
        _monitoring_ranges(tx, d, today)
    return built.stats


@dataclass
class _Built:
    rows: dict[str, list[dict[str, Any]]]  # entity -> rows, ready for insert_many
    stats: DemoStats


def _build(
    d: Draw,
    place: Place,
    groups: list[str],
    n: int,
    today: dt.date,
    lines: dict[int, int],
) -> _Built:
    plans = plan_households(d, n)
    team = make_team(d, place, today)
    fam = Families(d, today, place.county_code, place.mountain)
    width = max(4, len(str(n)))  # 4-digit sequence; wider only past 9,999 households
    clans = {g: [fam.surname(), fam.surname()] for g in groups}  # villages have big clans
    last_year = today.year - 2
    homes: list[Home] = []
    for i, plan in enumerate(plans):
        group = groups[i * len(groups) // n]
        surname = d.pick(clans[group]) if d.chance(0.4) else fam.surname()
        year = d.weighted(((2014, 60), (2015, 25), (2016, 15)))
        home = Home(
            plan, d.new_id(), f"{place.code}{i + 1:0{width}d}", group, surname, min(year, last_year)
        )
        fam.build(home)
        homes.append(home)
    add_life_events(fam, homes)
    # A few records are stale (the sick got well, the cause was not updated): real
    # registers have such entries, and the consistency checks should have some to show.
    stale = [h for h in homes if _can_go_stale(h)]
    for home in d.sample(stale, max(1, round(0.01 * n))):
        fam.recover(home)
    house_no: dict[str, int] = {}
    for home in homes:
        fam.finish(home)
        house_no[home.group] = house_no.get(home.group, 0) + d.between(1, 3)
        living(d, home, place, house_no[home.group])
        timeline(d, home, today)
    pair_all(d, homes, team, today)

    measures = Measures(d, today, place)
    incomes = Incomes(d, today, lines)
    ledger = Ledger(d, today, team.bookkeeper["name"])
    fieldwork = Fieldwork(d, today, team)
    rows: dict[str, list[dict[str, Any]]] = {e: [] for e in ENTITY_ORDER}
    rows["cadre"] = team.rows
    for home in homes:
        measures.benefits(home)
        drafts = measures.choose(home)
        income = incomes.rows(home)
        for m in drafts:  # allowances are paid as the income record says
            if m.benefit in ("dibao", "tekun") and m.year == today.year - 1:
                m.cost = income[-1][f"transfer_{m.benefit}"]
            ledger.pay(home, m)
        overrides, statuses = status_rows(d, home, place, team, today)
        visits, assessments = fieldwork.rows(home)
        rows["household"].append(_household_row(home))
        rows["member"] += [p.row(home.id) for p in home.people]
        rows["pairing"] += pairing_rows(d, home)
        rows["exit_override"] += overrides
        rows["status_record"] += statuses
        rows["life_event"] += event_rows(d, home)
        rows["income"] += income
        rows["measure"] += [m.row(home.id) for m in drafts]
        rows["visit"] += visits
        rows["assessment"] += assessments
    reversals = ledger.add_mistakes()
    rows["fund_entry"] = ledger.rows()
    stats = _stats(homes, rows, reversals)
    return _Built(rows, stats)


def _can_go_stale(home: Home) -> bool:
    plain = home.plan.role is Role.POOR and not home.plan.shortfalls
    return (
        plain
        and home.main_cause == PovertyCause.ILLNESS.value
        and not any(p.event for p in home.people)
    )


def _household_row(home: Home) -> dict[str, Any]:
    return {
        **home.values,
        "id": home.id,
        "number": home.number,
        "group": home.group,
        "category": home.category,
        "identified_year": home.identified_year,
        "status": FINAL_STATUS[home.plan.role].value,
        "main_cause": home.main_cause,
        "secondary_causes": list(home.secondary),
    }


def _stats(homes: list[Home], rows: dict[str, list[dict[str, Any]]], reversals: int) -> DemoStats:
    roles = [h.plan.role for h in homes]
    short = sum(1 for h in homes if h.plan.shortfalls)
    return DemoStats(
        households=len(homes),
        members=len(rows["member"]),
        cadres=len(rows["cadre"]),
        measures=len(rows["measure"]),
        fund_entries=len(rows["fund_entry"]),
        reversals=reversals,
        visits=len(rows["visit"]),
        assessments=len(rows["assessment"]),
        life_events=len(rows["life_event"]),
        with_shortfalls=short,
        share_with_shortfalls=short / len(homes),
        false_exits=roles.count(Role.FALSE_EXIT),
        proposed=roles.count(Role.PROPOSED),
        exited=roles.count(Role.EXITED),
        overrides=len(rows["exit_override"]),
    )


# -- the store side ----------------------------------------------------------------------
def _home_village(store: Store) -> VillageData:
    home = store.villages.home() if store.role is StoreRole.VILLAGE else None
    if home is None:
        raise UserError(
            "请先把数据库初始化为村工作队数据库（含本村），再生成演示数据。",
            "Initialise the store as a village team's store (with its village) first.",
            code="not_initialised",
        )
    return home


def _place(v: VillageData) -> Place:
    county = names.COUNTIES.get(v.code[:6])
    return Place(
        code=v.code,
        province=v.province or (county.province if county else ""),
        city=v.city or (county.city if county else ""),
        county=v.county or (county.county if county else ""),
        township=v.township or (county.townships.get(v.code[6:9], "") if county else ""),
        village=v.name,
        mountain=county.tujia if county else v.code.startswith("4228"),
    )


def _household_count(tx: Tx, village_id: str) -> int:
    t = table("household")
    stmt = select(func.count()).select_from(t).where(t.c.village_id == village_id)
    return int(tx.conn.execute(stmt).scalar_one() or 0)


def grown(yuan_2020: int, percent: int, year: int) -> int:
    """`yuan_2020` grown by `percent` a year until `year`, rounded to the yuan; in fen.
    Integer arithmetic only, so every platform gets the same figure."""
    n = year - 2020
    num: int = yuan_2020 * (100 + percent) ** n
    den: int = 100**n
    return (2 * num + den) // (2 * den) * 100


def demo_line(year: int) -> int:
    """4,000 yuan in 2020, 3% more each year (a demo estimate, not an official line)."""
    return grown(4000, 3, year)


def _poverty_lines(tx: Tx, d: Draw, today: dt.date) -> dict[int, int]:
    """The lines in the store, after adding a marked estimate for each year since 2021
    that has none (the official series in povdesk's defaults stops at 2020)."""
    t = table("poverty_line")
    have = {r.year: r.amount for r in tx.conn.execute(select(t.c.year, t.c.amount))}
    new = [
        {"id": d.new_id(), "year": y, "amount": demo_line(y), "note": LINE_NOTE}
        for y in range(2021, today.year + 1)
        if y not in have
    ]
    tx.insert_many("poverty_line", new, trusted=True)
    return {**have, **{r["year"]: r["amount"] for r in new}}


def _monitoring_ranges(tx: Tx, d: Draw, today: dt.date) -> None:
    """A marked estimate of the monitoring range (domain.md §7) for each year since 2021
    that has none: twice the demo line, about what provinces used (8,800 yuan in 2024)."""
    t = table("monitoring_range")
    have = {r.year for r in tx.conn.execute(select(t.c.year))}
    new = [
        {"id": d.new_id(), "year": y, "amount": 2 * demo_line(y), "note": RANGE_NOTE}
        for y in range(2021, today.year + 1)
        if y not in have
    ]
    tx.insert_many("monitoring_range", new, trusted=True)


def _ranges(tx: Tx) -> dict[int, int]:
    t = table("monitoring_range")
    return {r.year: r.amount for r in tx.conn.execute(select(t.c.year, t.c.amount))}


def _reference_incomes(tx: Tx, d: Draw, today: dt.date, place: Place) -> None:
    """A marked estimate of the county's rural income for the years since 2021 (the
    "two 70%" check compares with it, domain.md §1)."""
    t = table("reference_income")
    code = place.county_code
    have = {r.year for r in tx.conn.execute(select(t.c.year).where(t.c.area_code == code))}
    base = defaults.HUBEI_RURAL_INCOME_YUAN[2020] * 75 // 100
    new = []
    for y in range(2021, today.year + 1):
        if y in have:
            continue
        amount = grown(base, 6, y)
        new.append(
            {
                "id": d.new_id(),
                "year": y,
                "area_code": code,
                "area_name": place.county,
                "amount": amount,
                "note": REFERENCE_NOTE,
            }
        )
    tx.insert_many("reference_income", new, trusted=True)
