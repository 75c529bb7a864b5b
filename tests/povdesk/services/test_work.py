"""Funds, measures, visits, attachments and the exit guard."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.codes import HouseholdStatus
from povdesk.errors import ExitBlocked, UserError, ValidationError
from povdesk.services.status import Override
from povdesk.store import Store
from tests.conftest import person, snapshot

TODAY = dt.date.today()


@pytest.fixture
def hh(store: Store) -> str:
    h = store.households.create({"number": "0001", "water_safe": True})
    store.members.add(
        h.id,
        {
            "name": "向德明",
            "relation": "01",
            "ins_medical": True,
            "ins_serious": True,
            "id_number": person(dt.date(1970, 1, 2), 11),
        },
    )
    return h.id


@pytest.fixture
def cadre(store: Store, hh: str) -> str:
    c = store.cadres.add({"name": "李建华", "unit": "县教育局"})
    store.cadres.pair(hh, c.id, TODAY - dt.timedelta(days=400))
    return c.id


def make_ready(store: Store, hh: str, cadre: str) -> None:
    year = TODAY.year - 1
    store.config.set_poverty_line(year, 450000)
    store.incomes.set(hh, year, {"wages": 900000})
    store.visits.record(
        hh,
        {
            "cadre_ids": [cadre],
            "checklist": {
                "food_clothing": "met",
                "education": "met",
                "medical": "met",
                "housing": "met",
                "water": "met",
            },
        },
    )


def test_reversal_is_an_equal_and_opposite_entry(store: Store, hh: str) -> None:
    e = store.funds.record({"household_id": hh, "amount": 150000, "voucher": "PZ-1"})
    r = store.funds.reverse(e.id, "金额录错")
    assert r.amount == -150000 and r.reverses_id == e.id
    assert store.funds.total(hh) == 0
    assert len(store.funds.entries(hh)) == 2
    with pytest.raises(UserError) as err:
        store.funds.reverse(e.id, "再冲一次")
    assert err.value.code == "already_reversed"
    with pytest.raises(UserError):
        store.funds.reverse(r.id, "冲销的冲销")


@pytest.mark.parametrize("amount", [0, -100])
def test_ledger_takes_no_zero_or_negative_entry(store: Store, hh: str, amount: int) -> None:
    with pytest.raises(ValidationError):
        store.funds.record({"household_id": hh, "amount": amount})


def test_fund_entry_inherits_household_from_its_measure(store: Store, hh: str) -> None:
    m = store.measures.add(hh, {"category": "01", "content": "养鸡", "cost": 300000})
    e = store.funds.record({"measure_id": m.id, "amount": 300000})
    assert e.household_id == hh and e.category == "01"


def test_visit_applies_its_checklist(store: Store, hh: str, cadre: str) -> None:
    v = store.visits.record(
        hh,
        {
            "cadre_ids": [cadre],
            "purposes": ["7"],
            "checklist": {"住房安全保障": "未保障", "water": "met", "education": "unknown"},
        },
    )
    got = {(a.item, a.status, a.visit_id) for a in store.assessments.of(hh)}
    assert got == {("housing", "unmet", v.id), ("water", "met", v.id)}


def test_visit_needs_a_known_cadre(store: Store, hh: str) -> None:
    with pytest.raises(UserError):
        store.visits.record(hh, {"cadre_ids": ["nobody"]})


def test_attachments_are_stored_once_by_hash(store: Store, hh: str) -> None:
    a = store.attachments.add(hh, b"same photo", filename="a.jpg")
    b = store.attachments.add(hh, b"same photo", filename="b.jpg")
    assert a.sha256 == b.sha256 and a.mime == "image/jpeg"
    assert store.attachments.read(b.id) == b"same photo"
    store.files.path(a.sha256).write_bytes(b"bit rot")
    with pytest.raises(UserError) as err:
        store.attachments.read(a.id)
    assert err.value.code == "damaged"


def test_exit_is_blocked_while_a_shortfall_holds(store: Store, hh: str, cadre: str) -> None:
    make_ready(store, hh, cadre)
    store.households.update(hh, {"danger_grade": "D"})
    before = snapshot(store)
    with pytest.raises(ExitBlocked) as err:
        store.status.change(hh, HouseholdStatus.PROPOSED)
    assert "D" in err.value.zh or "危房" in err.value.zh
    assert snapshot(store) == before


def test_ready_household_may_be_proposed_then_exited(store: Store, hh: str, cadre: str) -> None:
    make_ready(store, hh, cadre)
    with pytest.raises(UserError) as err:
        store.status.change(hh, HouseholdStatus.EXITED)
    assert err.value.code == "bad_transition"
    store.status.change(hh, HouseholdStatus.PROPOSED)
    store.status.change(hh, HouseholdStatus.EXITED)
    assert store.households.get(hh).status == HouseholdStatus.EXITED.value
    assert [s.status for s in store.status.history(hh)] == ["1", "2", "3"]


def test_override_needs_a_real_reason_and_stays_visible(store: Store, hh: str, cadre: str) -> None:
    make_ready(store, hh, cadre)
    store.households.update(hh, {"water_safe": False})
    with pytest.raises(ValidationError):
        store.status.change(hh, HouseholdStatus.PROPOSED, override=Override(cadre, "同意"))
    store.status.change(
        hh,
        HouseholdStatus.PROPOSED,
        override=Override(cadre, "自来水管网本月底通水,已签订施工合同,户主同意先行申报"),
    )
    check = store.checks.household(hh)
    overrides = [f for f in check.findings if f.code == "exit_override"]
    assert len(overrides) == 1 and "李建华" in overrides[0].zh
    record = store.status.history(hh)[-1]
    assert record.override_id is not None


def test_naive_visit_time_is_local_and_stored_aware(store: Store, hh: str, cadre: str) -> None:
    local = dt.datetime(2026, 3, 2, 7, 30)  # early morning, as a form would send it
    v = store.visits.record(hh, {"cadre_ids": [cadre], "at": local, "checklist": {"water": "met"}})
    assert v.at.tzinfo is not None
    assert v.at.astimezone().replace(tzinfo=None) == local
    assert [a.date for a in store.assessments.of(hh)] == [dt.date(2026, 3, 2)]


def test_ledger_totals_by_source_and_category_add_up(store: Store, hh: str) -> None:
    store.funds.record({"household_id": hh, "amount": 150_000, "source": "1", "category": "01"})
    second = store.funds.record(
        {"household_id": hh, "amount": 2_005, "source": "2", "category": "01"}
    )
    store.funds.reverse(second.id, "录错")
    by_source = store.funds.totals_by("source")
    by_category = store.funds.totals_by("category")
    assert by_source == {"1": 150_000, "2": 0}
    assert by_category == {"01": 150_000}
    assert sum(by_source.values()) == sum(by_category.values()) == store.funds.total()


def test_visits_per_cadre_count_each_cadre_present(store: Store, hh: str) -> None:
    a = store.cadres.add({"name": "甲"})
    b = store.cadres.add({"name": "乙"})
    store.visits.record(hh, {"cadre_ids": [a.id, b.id]})
    store.visits.record(hh, {"cadre_ids": [a.id]})
    assert store.visits.per_cadre(TODAY - dt.timedelta(days=30)) == {a.id: 2, b.id: 1}
    assert store.visits.per_cadre(TODAY + dt.timedelta(days=2)) == {}
