"""The store behaves the same on SQLite and PostgreSQL: schema, guards, audit chain.

Each test runs on every configured backend (tests/conftest.py).
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from povdesk.errors import SchemaTooNew
from povdesk.models import metadata
from povdesk.store import Store, schema
from tests.conftest import snapshot


def unguarded(store: Store, backend: str, *statements: str) -> None:
    """What someone at the database's own prompt could do: switch the append-only guard
    off, then edit the log."""
    off = (
        ["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"]
        if backend == "sqlite"
        else ["ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"]
    )
    with store.engine.begin() as conn:
        for statement in [*off, *statements]:
            conn.execute(text(statement))


def test_models_and_migrations_agree(store: Store) -> None:
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_database_refuses_edits_of_the_log_and_ledger(store: Store) -> None:
    hh = store.households.create({"number": "0001"})
    store.funds.record({"household_id": hh.id, "amount": 500})
    for statement in (
        "UPDATE fund_entry SET amount = 1",
        "DELETE FROM fund_entry",
        "UPDATE audit_log SET actor = 'x'",
        "DELETE FROM audit_log",
    ):
        with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert store.funds.total() == 500
    assert store.audit.verify() == []


@pytest.mark.parametrize(
    ("statement", "kind"),
    [
        ("UPDATE audit_log SET actor = '别人' WHERE seq = 3", "edited"),
        ("DELETE FROM audit_log WHERE seq = 3", "missing_or_reordered"),
        ("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)", "truncated"),
    ],
)
def test_tampered_audit_log_is_caught(
    store: Store, backend: str, statement: str, kind: str
) -> None:
    for i in range(3):
        store.households.create({"number": f"000{i}"})
    assert store.audit.verify() == []
    unguarded(store, backend, statement)
    assert kind in {p.kind for p in store.audit.verify()}


def test_reopening_keeps_identity_data_and_chain(store: Store, store_target: str) -> None:
    hh = store.households.create({"number": "0001", "group": "一组"})
    store.close()
    with Store(store_target) as again:
        assert schema.ensure(again.engine) is False  # nothing left to upgrade
        assert again.store_id == store.store_id
        assert again.households.get("0001").id == hh.id
        again.households.update(hh.id, {"group": "二组"})
        assert again.audit.verify() == []


def test_database_newer_than_the_app_is_refused_untouched(store: Store, store_target: str) -> None:
    store.households.create({"number": "0001"})
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    before = snapshot(store)
    store.close()
    with pytest.raises(SchemaTooNew) as err:
        Store(store_target)
    assert "9999_from_the_future" in err.value.zh and "newer povdesk" in err.value.en
    assert snapshot(store) == before
    with store.read() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            "9999_from_the_future"
        )


def test_failed_upgrade_leaves_nothing_behind(
    store_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole upgrade is one transaction on both (PostgreSQL's DDL is transactional)."""
    from alembic import command

    real = command.upgrade

    def broken(cfg, rev):  # type: ignore[no-untyped-def]
        real(cfg, rev)
        raise RuntimeError("power cut")

    monkeypatch.setattr(command, "upgrade", broken)
    with pytest.raises(RuntimeError):
        Store(store_target, create=True)
    monkeypatch.undo()
    from povdesk.store.engine import make_engine

    engine = make_engine(store_target)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()
