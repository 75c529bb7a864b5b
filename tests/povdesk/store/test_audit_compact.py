"""The compact audit log on each backend: a log written in the old text form upgrades in
place (migration 0007), every entry reads back the same and the chain still verifies;
a create entry refers to its row and is rebuilt through later updates and a delete."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from alembic import command
from sqlalchemy import inspect, text

from povdesk import audit_rows
from povdesk.audit_rows import DERIVED
from povdesk.models import AuditEntry
from povdesk.store import Store, schema
from povdesk.store.engine import WRITE
from tests.conftest import add_two_households

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]


def _migrate(store: Store, revision: str, *, down: bool) -> None:
    cfg = schema._config()
    with store.engine.execution_options(**{WRITE: True}).begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def _entries(store: Store) -> list[tuple[Any, ...]]:
    """Every entry's content as hashed (a create that refers to its row, rebuilt)."""
    with store.read() as conn:
        return list(audit_rows.entries(conn))


def test_old_text_log_upgrades_in_place_and_verifies(store: Store, store_target: str) -> None:
    add_two_households(store)
    hh = store.households.all()[0]
    store.households.update(hh.id, {"group": "二组", "note": '改过 "引号" 与\n换行'})
    entries = _entries(store)
    assert len(entries) > 10 and store.audit.verify() == []

    _migrate(store, "0006", down=True)
    with store.engine.connect() as conn:
        columns = {c["name"]: c["type"] for c in inspect(conn).get_columns("audit_log")}
        assert "prev_hash" in columns
        old = conn.execute(text("SELECT after, prev_hash, hash FROM audit_log ORDER BY seq")).all()
    # The old form: JSON text, hex hashes, each entry naming the previous one's hash.
    assert all(isinstance(a, str) and a.startswith("{") for a, _, _ in old)
    assert [p for _, p, _ in old[1:]] == [h for _, _, h in old[:-1]]
    store.close()

    with Store(store_target) as again:  # opening upgrades it again
        assert schema.current(again.engine) == schema.head()
        assert again.audit.verify() == []
        assert _entries(again) == entries
        with again.engine.connect() as conn:
            after, digest = conn.execute(
                text("SELECT after, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            ).one()
        assert isinstance(bytes(digest), bytes) and len(bytes(digest)) == 32
        assert b'"note":' not in bytes(after)  # field names stored as codes
        again.households.update(hh.id, {"note": "又改"})  # and it takes new work
        assert again.audit.verify() == []


def _stored_after(store: Store, seq: int) -> bytes:
    with store.engine.connect() as conn:
        value = conn.execute(text("SELECT after FROM audit_log WHERE seq = :s"), {"s": seq}).one()
    return bytes(value[0])


def test_a_create_refers_to_its_row_through_later_updates_and_a_delete(store: Store) -> None:
    hh = store.households.create({"number": "0001", "group": "一组", "housing_area": 80.5})
    store.households.update(hh.id, {"group": "二组", "housing_area": 92.0, "electricity": True})
    store.households.update(hh.id, {"group": "三组", "note": "第二次"})
    visited = dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)
    with store.tx() as tx:
        visit = tx.insert("visit", {"household_id": hh.id, "at": visited, "purposes": ["1"]})
        tx.update("visit", visit["id"], {"at": visited + dt.timedelta(hours=2)})
    att = store.attachments.add(hh.id, b"%PDF-1.4 scan", filename="scan.pdf")
    store.attachments.remove(att.id)
    assert store.audit.verify() == []

    history = store.audit.history("household", hh.id)
    created = json.loads(history[0]["after"])
    assert (created["group"], created["housing_area"]) == ("一组", 80.5)  # as created
    assert history[0]["action"] == "create"
    assert _stored_after(store, history[0]["seq"])[:1] == DERIVED  # the row keeps them
    (made,) = [e for e in store.audit.history("visit", visit["id"]) if e["action"] == "create"]
    assert json.loads(made["after"])["at"] == visited.isoformat()
    gone = store.audit.history("attachment", att.id)
    assert [e["action"] for e in gone] == ["create", "delete"]
    assert json.loads(gone[0]["after"])["filename"] == "scan.pdf"


def test_a_row_changed_behind_the_logs_back_is_named(store: Store) -> None:
    hh = store.households.create({"number": "0001", "note": "原样"})
    assert store.audit.verify() == []
    (created,) = [e for e in store.audit.history("household", hh.id) if e["action"] == "create"]
    with store.engine.begin() as conn:  # not through a Tx: no audit entry
        conn.execute(text("UPDATE household SET note = '改了' WHERE id = :i"), {"i": hh.id})
    problems = store.audit.verify()
    assert [(p.seq, p.kind) for p in problems] == [(created["seq"], "edited")]
