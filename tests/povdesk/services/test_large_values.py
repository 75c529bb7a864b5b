"""Issue 11: one set of column types on both backends. The largest money the core accepts
and a Lamport clock near its bound are stored and read back exactly on SQLite and on
PostgreSQL (where money and revs were 32-bit: 30,000,000 yuan did not fit)."""

from __future__ import annotations

import pytest

from povdesk.errors import ValidationError
from povdesk.inputs import MONEY_LIMIT
from povdesk.models import TRANSFER_FIELDS
from povdesk.store import Store
from tests.conftest import snapshot

MONEY = ("wages", "production", "property", "production_costs", *TRANSFER_FIELDS)


def test_the_largest_money_is_stored_exactly(store: Store) -> None:
    hh = store.households.create({"number": "0001"})
    store.incomes.set(hh.id, 2025, {name: MONEY_LIMIT for name in MONEY})
    [income] = store.incomes.of(hh.id)
    assert all(getattr(income, name) == MONEY_LIMIT for name in MONEY)
    entry = store.funds.record({"household_id": hh.id, "amount": MONEY_LIMIT})
    assert store.funds.total() == MONEY_LIMIT
    store.funds.reverse(entry.id, "录错")
    assert store.funds.total() == 0
    before = snapshot(store)
    with pytest.raises(ValidationError):
        store.funds.record({"household_id": hh.id, "amount": MONEY_LIMIT + 1})
    assert snapshot(store) == before


def test_revs_beyond_32_bits(store: Store) -> None:
    with store.tx() as tx:
        tx.observe((1 << 40) - 1)
    hh = store.households.create({"number": "0001"})
    store.households.update(hh.id, {"note": "x"})
    with store.read() as conn:
        from povdesk.store.tx import table

        t = table("household")
        rev = conn.execute(t.select().where(t.c.id == hh.id)).mappings().one()["rev"]
    assert rev > 1 << 40
