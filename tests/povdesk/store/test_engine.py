"""The SQLite settings a village laptop relies on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

from povdesk.errors import UserError
from povdesk.store import Store
from tests.conftest import snapshot


def test_wal_full_sync_foreign_keys(store: Store) -> None:
    with store.read() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_default_location_is_the_user_data_folder() -> None:
    from povdesk.store import default_db_path

    assert default_db_path().name == "povdesk.sqlite"
    assert "povdesk" in str(default_db_path().parent)


def test_full_disk_is_a_clear_error_and_changes_nothing(store: Store) -> None:
    hh = store.households.create({"number": "0001"})
    before = snapshot(store)
    with store.read() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar()
    store.engine.dispose()

    # SQLite's max_page_count makes the file "full" exactly as a full disk would.
    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_conn, _rec):  # type: ignore[no-untyped-def]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(UserError) as err:
        store.households.update(hh.id, {"note": "很长的备注" * 2000})
    assert err.value.code == "disk_full"
    assert "磁盘已满" in err.value.zh and "disk is full" in err.value.en
    event.remove(store.engine, "connect", _cap)
    store.engine.dispose()
    assert snapshot(store) == before


def test_store_files_sit_beside_the_database(tmp_path: Path, store: Store) -> None:
    assert store.files.root == tmp_path / "village.sqlite.files"
