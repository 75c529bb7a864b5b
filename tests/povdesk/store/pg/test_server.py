"""What only a database server can do to a workstation: go away, drop connections, make
it wait; and the same village built on both backends reads back the same.

Collected only when POVDESK_TEST_PG_URL is set (tests/povdesk/store/pg/conftest.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from povdesk.demo import init_and_generate
from povdesk.errors import UserError
from povdesk.models import ENTITIES
from povdesk.store import Store, engine
from povdesk.store.tx import table
from tests.conftest import PG_URL, snapshot
from tests.povdesk.store.pg.server import run_sql

TODAY = dt.date(2026, 6, 30)


def kill_pooled_connection(store: Store) -> None:
    """The server ends the session this store keeps in its pool (a restart, an admin, a
    network cut while the workstation sat idle)."""
    with store.read() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    assert PG_URL is not None
    run_sql(PG_URL, f"SELECT pg_terminate_backend({pid})")


def test_connection_lost_in_a_write_is_a_clear_error_and_saves_nothing(
    pg_store: Store,
) -> None:
    hh = pg_store.households.create({"number": "0001"})
    before = snapshot(pg_store)
    with pytest.raises(UserError) as err, pg_store.tx() as tx:
        tx.update("household", hh.id, {"group": "二组"})
        pid = tx.conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert PG_URL is not None
        run_sql(PG_URL, f"SELECT pg_terminate_backend({pid})")
        tx.insert("household", {"village_id": hh.village_id, "number": "0002"})
    assert err.value.code == "server_lost"
    assert "127.0.0.1:5432" in err.value.zh and "connection" in err.value.en
    assert snapshot(pg_store) == before


def test_workstation_reconnects_after_the_server_dropped_its_connections(
    pg_store: Store,
) -> None:
    hh = pg_store.households.create({"number": "0001"})
    kill_pooled_connection(pg_store)
    pg_store.households.update(hh.id, {"group": "二组"})  # a pooled, dead connection
    assert pg_store.households.get("0001").group == "二组"
    assert pg_store.audit.verify() == []


def test_waiting_too_long_for_another_writer_is_a_clear_error(
    pg_store: Store, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "LOCK_TIMEOUT", "300ms")
    hh = pg_store.households.create({"number": "0001"})
    with Store(pg_url, files=tmp_path / "files") as other, pg_store.tx() as tx:
        tx.update("household", hh.id, {"group": "一组"})
        with pytest.raises(UserError) as err:
            other.households.update(hh.id, {"group": "二组"})
    assert err.value.code == "busy"
    assert "其他工作站" in err.value.zh and "another workstation" in err.value.en
    assert pg_store.households.get("0001").group == "一组"  # the first writer went on


def content(store: Store) -> dict[str, list[str]]:
    """Every record table's rows without ids, clocks and timestamps of writing, times in UTC:
    what the village says, independent of where and when it was stored."""
    out = {}
    with store.read() as conn:
        for t in (table(entity) for entity in ENTITIES):
            keep = [
                c for c in t.columns
                if c.name not in ("id", "rev", "origin", "updated_at")
                and not c.name.endswith(("_id", "_ids"))
            ]  # fmt: skip
            rows = conn.execute(select(*keep)).all()
            out[t.name] = sorted(repr(tuple(_plain(v) for v in r)) for r in rows)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def test_demo_village_is_the_same_on_both_backends(pg_url: str, tmp_path: Path) -> None:
    stores = [
        Store(tmp_path / "demo.sqlite", create=True),
        Store(pg_url, create=True, files=tmp_path / "files"),
    ]
    try:
        stats = [init_and_generate(s, households=25, seed=3, today=TODAY) for s in stores]
        assert stats[0] == stats[1]
        sqlite_content, pg_content = (content(s) for s in stores)
        assert sqlite_content["member"] and sqlite_content["visit"]
        assert pg_content == sqlite_content
        checks = [
            {c.household.number: sorted(f.code for f in c.findings) for c in s.checks.evaluate()}
            for s in stores
        ]
        assert checks[0] == checks[1] and any(checks[0].values())
        assert all(s.audit.verify() == [] for s in stores)
    finally:
        for s in stores:
            s.close()
