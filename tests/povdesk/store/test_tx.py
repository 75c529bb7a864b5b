"""Every change goes through a Tx: validated, stamped, audited, all or nothing."""

from __future__ import annotations

import itertools
import json
import re
import uuid

import pytest
from sqlalchemy import text

from povdesk.changes import Changes
from povdesk.errors import UserError, ValidationError
from povdesk.models import new_id, new_ids
from povdesk.store import Store
from tests.conftest import snapshot


def test_insert_stamps_rev_origin_and_audits(store: Store) -> None:
    start = store.sync.cursor()
    hh = store.households.create({"number": "0001", "group": "一组"})
    assert hh.origin == store.store_id
    history = store.audit.history("household", hh.id)
    assert [h["action"] for h in history] == ["create"]
    assert json.loads(history[0]["after"])["group"] == "一组"
    assert history[0]["actor"] == "测试员"
    assert store.sync.cursor() > start


def test_update_records_only_what_changed(store: Store) -> None:
    hh = store.households.create({"number": "0001", "group": "一组"})
    updated = store.households.update(hh.id, {"group": "二组", "note": ""})
    assert updated.rev > hh.rev
    last = store.audit.history("household", hh.id)[-1]
    assert last["action"] == "update"
    assert json.loads(last["before"]) == {"group": "一组"}
    assert json.loads(last["after"]) == {"group": "二组"}


def test_update_without_change_writes_nothing(store: Store) -> None:
    hh = store.households.create({"number": "0001", "group": "一组"})
    before = snapshot(store)
    store.households.update(hh.id, {"group": "一组"})
    assert snapshot(store) == before


def test_lamport_clock_only_grows(store: Store) -> None:
    a = store.households.create({"number": "0001"})
    b = store.households.create({"number": "0002"})
    a2 = store.households.update(a.id, {"group": "三组"})
    assert a.rev < b.rev < a2.rev


def test_unknown_code_is_rejected_and_nothing_stored(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        store.households.create({"number": "0001", "main_cause": "77"})
    assert err.value.problems[0][0] == "main_cause"
    assert snapshot(store) == before


def test_wrong_type_is_rejected(store: Store) -> None:
    hh = store.households.create({"number": "0001"})
    with pytest.raises(ValidationError):
        store.households.update(hh.id, {"housing_area": "很大"})


def test_failure_inside_a_transaction_rolls_everything_back(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(RuntimeError), store.tx() as tx:
        tx.insert("household", {"village_id": store.villages.default_id(), "number": "9"})
        raise RuntimeError("power cut half-way")
    assert snapshot(store) == before
    assert store.audit.verify() == []


def test_delete_leaves_a_tombstone_and_is_audited(store: Store) -> None:
    hh = store.households.create({"number": "0001"})
    att = store.attachments.add(hh.id, b"photo bytes", filename="a.jpg")
    store.attachments.remove(att.id)
    assert store.attachments.of(hh.id) == []
    stones = store.sync.tombstones()
    assert [(s["id"], s["entity"]) for s in stones] == [(att.id, "attachment")]
    assert store.audit.history("attachment", att.id)[-1]["action"] == "delete"


@pytest.mark.parametrize("entity", ["household", "member", "fund_entry", "status_record"])
def test_records_that_are_history_cannot_be_deleted(store: Store, entity: str) -> None:
    with pytest.raises(UserError) as err, store.tx() as tx:
        tx.delete(entity, "whatever")
    assert err.value.code == "append_only"


def test_fund_ledger_is_append_only_even_below_the_services(store: Store) -> None:
    hh = store.households.create({"number": "0001"})
    entry = store.funds.record({"household_id": hh.id, "amount": 12345})
    with pytest.raises(UserError), store.tx() as tx:
        tx.update("fund_entry", entry.id, {"amount": 1})
    # and the database itself refuses a hand-made edit
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("UPDATE fund_entry SET amount = 1"))
    with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    assert store.funds.total() == 12345


def test_listeners_hear_what_changed_after_commit(store: Store) -> None:
    heard: list[Changes] = []
    unsubscribe = store.subscribe(heard.append)
    hh = store.households.create({"number": "0001"})
    store.households.update(hh.id, {"group": "五组"})
    unsubscribe()
    store.households.update(hh.id, {"group": "六组"})
    assert len(heard) == 2
    assert hh.id in heard[0].created["household"]
    assert heard[1].updated == {"household": {hh.id}}


def test_changes_since_lists_each_record_once(store: Store) -> None:
    hh = store.households.create({"number": "0001"})
    cursor = store.sync.cursor()
    store.households.update(hh.id, {"group": "一组"})
    store.households.update(hh.id, {"group": "二组"})
    changes = store.sync.changes_since(cursor)
    assert [(c.entity, c.row_id, c.action) for c in changes] == [("household", hh.id, "update")]
    assert store.sync.changes_since(store.sync.cursor()) == []


def test_constraint_violation_is_a_user_error(store: Store) -> None:
    """Two writers racing past the services' own checks hit the database's constraints."""
    village = store.villages.default_id()
    store.households.create({"number": "0001"})
    before = snapshot(store)
    with pytest.raises(UserError) as err, store.tx() as tx:
        tx.insert("household", {"village_id": village, "number": "0001"})
    assert err.value.code == "conflict"
    assert snapshot(store) == before


def test_new_ids_are_what_new_id_makes() -> None:
    made = list(itertools.islice(new_ids(block=8), 20))  # across blocks
    for made_id in [*made, new_id()]:
        assert re.fullmatch(r"[0-9a-f]{32}", made_id)
        u = uuid.UUID(hex=made_id)
        assert (u.version, u.variant, u.hex) == (4, uuid.RFC_4122, made_id)
    assert len(set(made)) == len(made)
