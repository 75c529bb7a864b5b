"""The demo village: deterministic, internally consistent, and truthful about its problems.

The demo is what every screen and printout shows first, and it carries the seed's fake
exits (domain.md §1) for povdesk's rules to catch; these tests hold it to that.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from povdesk.codes import (
    Dimension,
    HouseholdStatus,
    LifeEventKind,
    MeasureStatus,
    Presence,
    Relation,
    StoreRole,
)
from povdesk.demo import DemoStats, default_code, generate, init_and_generate, village_name
from povdesk.errors import UserError
from povdesk.rules import idcard
from povdesk.rules.income import net_income
from povdesk.services.checks import HouseholdCheck
from povdesk.store import Store
from povdesk.store.tx import table

TODAY = dt.date(2026, 6, 30)
N = 120


def _open(path: Path, seed: int, households: int = N) -> tuple[Store, DemoStats]:
    store = Store(path, create=True)
    stats = init_and_generate(store, households=households, seed=seed, today=TODAY)
    return store, stats


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoStats]]:
    store, stats = _open(tmp_path_factory.mktemp("demo") / "a.sqlite", 1)
    yield store, stats
    store.close()


@pytest.fixture(scope="module")
def store(demo: tuple[Store, DemoStats]) -> Store:
    return demo[0]


@pytest.fixture(scope="module")
def stats(demo: tuple[Store, DemoStats]) -> DemoStats:
    return demo[1]


@pytest.fixture(scope="module")
def checks(store: Store) -> list[HouseholdCheck]:
    """The register's households: the exit questions below are theirs (一般农户 are in
    the store to be monitored, `test_demo_monitoring.py`)."""
    found = store.checks.evaluate(ctx=store.config.context(today=TODAY))
    return [c for c in found if c.readiness.registered]


def rows(store: Store, entity: str) -> list[dict[str, Any]]:
    t = table(entity)
    with store.read() as conn:
        return [dict(r) for r in conn.execute(select(t).order_by(t.c.id)).mappings()]


def snapshot(store: Store) -> dict[str, Any]:
    """What a reader would see: numbers, names, ID numbers, income, money, and row ids."""
    number = {h["id"]: h["number"] for h in rows(store, "household")}
    funds: Counter[str] = Counter()
    for e in rows(store, "fund_entry"):
        funds[number[e["household_id"]]] += e["amount"]
    money = ("wages", "production", "property", "transfer_dibao", "production_costs")
    return {
        "households": sorted((h["number"], h["id"], h["status"]) for h in rows(store, "household")),
        "members": sorted(
            (number[m["household_id"]], m["name"], m["id_number"], m["id"])
            for m in rows(store, "member")
        ),
        "incomes": sorted(
            (number[i["household_id"]], i["year"], *(i[k] for k in money))
            for i in rows(store, "income")
        ),
        "funds": dict(funds),
        "measures": sorted((m["id"], m["content"], m["cost"]) for m in rows(store, "measure")),
        "visits": sorted((v["id"], v["findings"]) for v in rows(store, "visit")),
    }


# -- determinism ---------------------------------------------------------------------------
def test_same_seed_same_village(tmp_path: Path, store: Store, stats: DemoStats) -> None:
    twin, twin_stats = _open(tmp_path / "b.sqlite", 1)
    try:
        assert twin_stats == stats
        assert snapshot(twin) == snapshot(store)
    finally:
        twin.close()


def test_other_seed_other_village(tmp_path: Path, store: Store) -> None:
    other, _ = _open(tmp_path / "c.sqlite", 2)
    try:
        mine, theirs = snapshot(store), snapshot(other)
        assert {m[1] for m in mine["members"]} != {m[1] for m in theirs["members"]}
        assert not {m[2] for m in mine["members"]} & {m[2] for m in theirs["members"]}
        assert mine["incomes"] != theirs["incomes"]
        assert village_name(1) != village_name(2)
    finally:
        other.close()


# -- the register ----------------------------------------------------------------------------
def test_village_and_numbers(store: Store) -> None:
    home = store.villages.home()
    assert home is not None and home.code == default_code() and home.name == village_name(1)
    assert home.county == "巴东县" and home.groups
    numbers = [h.number for h in store.households.all()]
    registered = [h for h in store.households.all() if h.status != HouseholdStatus.NON_POOR.value]
    assert len(registered) == N and len(numbers) == len(set(numbers))
    assert all(n.startswith(home.code) and len(n) == 16 and n.isdigit() for n in numbers)
    assert {h.group for h in store.households.all()} <= set(home.groups)


def test_id_numbers_valid_unique_and_agreeing(store: Store) -> None:
    members = rows(store, "member")
    county = default_code()[:6]
    for m in members:
        info = idcard.parse(m["id_number"], today=TODAY)
        assert idcard.agrees(info, m["sex"], m["birth_date"]) == [], m["name"]
        assert info.address_code == county
    present = [m["id_number"] for m in members if m["presence"] == Presence.PRESENT.value]
    assert len(present) == len(set(present))
    cadres = rows(store, "cadre")
    assert 6 <= len(cadres) <= 10
    for c in cadres:
        info = idcard.parse(c["id_number"], today=TODAY)
        assert info.address_code != county and info.province_code == "42"
        assert idcard.agrees(info, c["sex"], None) == []


def test_families_are_believable(store: Store) -> None:
    by_household: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in rows(store, "member"):
        if m["presence"] == Presence.PRESENT.value:
            by_household[m["household_id"]].append(m)
    assert len(by_household) == len(store.households.all())  # the 一般农户 beside the N
    for members in by_household.values():
        heads = [m for m in members if m["relation"] == Relation.HEAD.value]
        assert len(heads) == 1
        for m in members:
            if m["relation"] == Relation.SPOUSE.value:
                assert m["sex"] != heads[0]["sex"]
                assert abs((m["birth_date"] - heads[0]["birth_date"]).days) < 12 * 366
    names = [m["name"] for ms in by_household.values() for m in ms]
    surnames = Counter(n[0] for n in names)
    assert len(surnames) >= 15  # many families, not one name repeated


def test_status_is_newest_record(store: Store) -> None:
    history: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows(store, "status_record"):
        history[r["household_id"]].append(r)
    S = HouseholdStatus
    for h in store.households.all():
        records = sorted(history[h.id], key=lambda r: (r["date"], r["rev"]))
        assert records and records[-1]["status"] == h.status
        if h.status == S.NON_POOR.value:  # an ordinary household, never registered poor
            assert len(records) == 1
            continue
        assert records[0]["status"] == S.POOR.value
        dates = [r["date"] for r in records]
        assert dates == sorted(set(dates))  # strictly increasing, none after today
        assert dates[-1] <= TODAY
        path = [r["status"] for r in records]
        if h.status == S.EXITED.value:
            assert path == [S.POOR.value, S.PROPOSED.value, S.EXITED.value]


# -- truth and falsehood ---------------------------------------------------------------------
def test_shortfalls_in_non_exited_households(
    checks: list[HouseholdCheck], stats: DemoStats
) -> None:
    exited = HouseholdStatus.EXITED.value
    blocked = [c for c in checks if c.household.status != exited and not c.readiness.ready]
    assert 0.15 <= len(blocked) / len(checks) <= 0.25
    assert 0.15 <= stats.share_with_shortfalls <= 0.25
    # every shortfall the plan put in is found by the rules, and nothing else blocks
    assert sum(not c.readiness.ready for c in checks) == stats.with_shortfalls


def test_fake_exits_are_caught(checks: list[HouseholdCheck], stats: DemoStats) -> None:
    fakes = [c for c in checks if any(f.code == "false_exit" for f in c.findings)]
    assert fakes and len(fakes) == stats.false_exits
    assert 0.02 <= len(fakes) / len(checks) <= 0.04
    assert all(c.household.status == HouseholdStatus.EXITED.value for c in fakes)
    # they are the seed's own fakes: water, dropout, dangerous house, 大病保险
    seed_codes = {"water_unsafe", "dropout", "dangerous_house", "no_serious_illness_insurance"}
    found = {f.code for c in fakes for f in c.readiness.blocking}
    assert len(found & seed_codes) >= 3


def test_proposed_mostly_ready(checks: list[HouseholdCheck], stats: DemoStats) -> None:
    proposed = [c for c in checks if c.household.status == HouseholdStatus.PROPOSED.value]
    assert len(proposed) == stats.proposed and 0.08 <= len(proposed) / len(checks) <= 0.12
    ready = sum(c.readiness.ready for c in proposed)
    assert ready / len(proposed) >= 0.7
    assert ready < len(proposed)  # and a few were proposed too early: povdesk shows them


def test_honest_exits_and_overrides(
    store: Store, checks: list[HouseholdCheck], stats: DemoStats
) -> None:
    exited = [c for c in checks if c.household.status == HouseholdStatus.EXITED.value]
    honest = [c for c in exited if c.readiness.ready]
    assert 0.30 <= len(honest) / len(checks) <= 0.40
    overrides = rows(store, "exit_override")
    assert 1 <= len(overrides) == stats.overrides <= 2
    referenced = {r["override_id"] for r in rows(store, "status_record") if r["override_id"]}
    assert referenced == {o["id"] for o in overrides}
    for o in overrides:
        assert len(o["reason"]) >= 10 and o["finding_codes"] and o["cadre_id"]
    shown = [f for c in checks for f in c.findings if f.code == "exit_override"]
    assert len(shown) == len(overrides)


def test_no_identity_errors_and_few_contradictions(checks: list[HouseholdCheck]) -> None:
    codes = Counter(f.code for c in checks for f in c.findings)
    for code in ("id_invalid", "id_sex_mismatch", "id_birth_mismatch", "id_duplicate"):
        assert codes[code] == 0, code
    for code in ("no_cadre", "income_missing", "no_head"):
        assert codes[code] == 0, code
    assert not any(c.readiness.gaps for c in checks)  # the demo sets its years' lines
    contradicted = [
        c for c in checks if any(f.dimension is Dimension.CONSISTENCY for f in c.findings)
    ]
    assert len(contradicted) / len(checks) < 0.10


# -- money -----------------------------------------------------------------------------------
def test_fund_ledger_adds_up(store: Store, checks: list[HouseholdCheck]) -> None:
    entries = rows(store, "fund_entry")
    by_id = {e["id"]: e for e in entries}
    paid: Counter[str] = Counter()
    for e in entries:
        if e["measure_id"]:
            paid[e["measure_id"]] += e["amount"]
    done = [m for m in rows(store, "measure") if m["status"] == MeasureStatus.DONE.value]
    assert done
    for m in done:
        assert paid[m["id"]] == m["cost"], m["content"]
    reversals = [e for e in entries if e["reverses_id"] is not None]
    assert 2 <= len(reversals) <= 3
    for r in reversals:
        target = by_id[r["reverses_id"]]
        assert r["amount"] == -target["amount"] and r["note"].startswith("冲销：")
        assert r["household_id"] == target["household_id"] and r["date"] >= target["date"]
    assert all(e["amount"] > 0 for e in entries if e["reverses_id"] is None)
    vouchers = [e["voucher"] for e in entries if e["reverses_id"] is None]
    assert len(vouchers) == len(set(vouchers))
    codes = {f.code for c in checks for f in c.findings}
    assert not codes & {"fund_reversal_mismatch", "fund_measure_mismatch"}


def test_poverty_lines_marked_as_demo(store: Store) -> None:
    lines = {r.year: r for r in store.config.poverty_line_rows()}
    assert lines[2020].amount == 400_000 and "演示" not in lines[2020].note
    for year in range(2021, TODAY.year + 1):
        assert "演示数据" in lines[year].note and "非官方" in lines[year].note
    assert lines[2021].amount == 412_000 and lines[2022].amount == 424_400
    county = default_code()[:6]
    refs = {r.year: r for r in store.config.reference_income_rows() if r.area_code == county}
    assert set(refs) == set(range(2021, TODAY.year + 1))
    assert all("演示数据" in r.note for r in refs.values())


def test_income_around_the_line(store: Store) -> None:
    year = TODAY.year - 1
    line = store.config.poverty_lines()[year]
    assert line == 463_700  # the demo estimate: 4,000 yuan grown 3% a year since 2020
    ratios = []
    for f in store.households.files():
        inc = f.income_for(year)
        assert inc is not None and f.income_for(year - 1) is not None
        assert inc.public_post_wages <= inc.wages and inc.asset_dividend <= inc.property
        assert inc.production > 0 and inc.production_costs > 0
        if f.household.status != HouseholdStatus.NON_POOR.value:  # the register's own
            ratios.append(net_income(inc) / f.size / line)
    below = sum(r <= 1 for r in ratios)
    just_above = sum(1 < r < 1.2 for r in ratios)
    comfortable = sum(r >= 1.3 for r in ratios)
    assert 0 < below < 0.15 * N and just_above > 0.05 * N and comfortable > 0.5 * N
    assert max(ratios) < 5  # poor households, not the county's rich


# -- work and life ---------------------------------------------------------------------------
def test_visits_and_assessments(store: Store) -> None:
    visits = rows(store, "visit")
    per_household = Counter(v["household_id"] for v in visits)
    registered = {
        h.id for h in store.households.all() if h.status != HouseholdStatus.NON_POOR.value
    }
    assert registered <= set(per_household) and min(per_household.values()) >= 2
    assert max(per_household.values()) <= 6
    year_ago = TODAY - dt.timedelta(days=366)
    assert all(year_ago <= v["at"].date() <= TODAY and v["cadre_ids"] for v in visits)
    visit_ids = {v["id"] for v in visits}
    assessments = rows(store, "assessment")
    assert all(a["visit_id"] in visit_ids and a["assessor_id"] for a in assessments)


def test_life_events(store: Store) -> None:
    members = {m["id"]: m for m in rows(store, "member")}
    kinds: Counter[str] = Counter()
    for e in rows(store, "life_event"):
        kinds[e["kind"]] += 1
        m = members[e["member_id"]]
        if e["kind"] == LifeEventKind.BIRTH.value:
            assert m["birth_date"] == e["date"] and m["presence"] == Presence.PRESENT.value
        if e["kind"] == LifeEventKind.DEATH.value:
            assert m["presence"] == Presence.DECEASED.value
        if e["kind"] == LifeEventKind.MARRY_OUT.value:
            assert m["presence"] == Presence.MARRIED_OUT.value
    for kind in ("birth", "death", "marry_in", "marry_out"):
        assert kinds[kind] >= 1, kind


def test_audit_chain_intact(store: Store) -> None:
    assert store.audit.verify() == []
    household = store.households.all()[0]
    history = store.audit.history("household", household.id)
    assert [h["actor"] for h in history] == ["demo"]


# -- edges -----------------------------------------------------------------------------------
@pytest.mark.parametrize("households", [1, 9, 37])
def test_small_villages(tmp_path: Path, households: int) -> None:
    store, stats = _open(tmp_path / "s.sqlite", 5, households)
    try:
        assert stats.monitoring is not None and stats.monitoring.non_poor == 0  # too small
        assert stats.households == households == len(store.households.all())
        assert store.audit.verify() == []
    finally:
        store.close()


def test_refuses_a_store_it_cannot_fill(tmp_path: Path) -> None:
    store = Store(tmp_path / "x.sqlite", create=True)
    try:
        with pytest.raises(UserError):
            generate(store, households=3, today=TODAY)  # not initialised
        store.villages.init_store(StoreRole.VILLAGE, default_code(), "青龙村")
        generate(store, households=3, today=TODAY)
        with pytest.raises(UserError):
            generate(store, households=3, today=TODAY)  # already has households
        with pytest.raises(ValueError):
            generate(store, households=0, today=TODAY)
    finally:
        store.close()
