"""Migration 0007 (the compact audit log) on each backend: a log written in the old text
form upgrades in place, every entry reads back the same and the chain still verifies;
and the stored form is the compact one."""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import inspect, select, text

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


def _entries(store: Store) -> list[dict[str, Any]]:
    with store.read() as conn:
        return [dict(r) for r in conn.execute(select(AUDIT).order_by(AUDIT.c.seq)).mappings()]


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
