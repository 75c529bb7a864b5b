"""Schema versions: old files upgrade, newer files are refused, models match migrations."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from povdesk.errors import SchemaTooNew, UserError
from povdesk.models import metadata
from povdesk.store import Store, schema

DATA = Path(__file__).resolve().parents[2] / "data"
# Tables whose rows an upgrade must keep, every one of them.
TABLES = (
    "household",
    "member",
    "income",
    "measure",
    "fund_entry",
    "visit",
    "assessment",
    "status_record",
    "exit_override",
    "audit_log",
    "poverty_line",
    "reference_income",
)


def test_first_schema_file_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(DATA / "schema-0001.sqlite", db)
    with Store(db) as store:
        assert schema.current(store.engine) == schema.head()
        hh = store.households.get("4203231052010001")
        members = store.members.of(hh.id)
        assert sorted(m.name for m in members) == ["向德明", "田秀英"]
        assert store.incomes.of(hh.id)[0].wages == 600000
        assert store.funds.total() == 2000000
        assert store.audit.verify() == []
        # and the upgraded store still takes new work
        store.incomes.set(hh.id, 2020, {"wages": 700000})
        assert store.audit.verify() == []


@pytest.mark.parametrize("revision", ["0002", "0003"])
def test_every_old_schema_file_upgrades_and_keeps_its_data(tmp_path: Path, revision: str) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(DATA / f"schema-{revision}.sqlite", db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    con.close()
    with Store(db) as store:
        assert schema.current(store.engine) == schema.head()
        assert store.audit.verify() == []
        with store.read() as conn:
            for t, n in counts.items():
                assert conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() == n, t
        assert store.config.monitoring_ranges() == {}  # added by 0005, empty until set
        checks = store.checks.evaluate()
        assert len(checks) == counts["household"] == 6
        hh = checks[0].household
        store.incomes.set(hh.id, 2019, {"wages": 700000})  # it takes new work
        assert store.audit.verify() == []


def test_database_newer_than_the_app_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    shutil.copy(DATA / "schema-0001.sqlite", db)
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(SchemaTooNew) as err:
        Store(db)
    assert "9999_from_the_future" in err.value.zh and "newer povdesk" in err.value.en
    assert db.read_bytes() == before


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    with Store(tmp_path / "x.sqlite", create=True) as store, store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diffs == []


def test_failed_upgrade_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgrade is one transaction: a failure half-way leaves an empty file empty."""
    from alembic import command

    real = command.upgrade

    def broken(cfg, rev):  # type: ignore[no-untyped-def]
        real(cfg, rev)
        raise RuntimeError("power cut")

    monkeypatch.setattr(command, "upgrade", broken)
    db = tmp_path / "half.sqlite"
    with pytest.raises(RuntimeError):
        Store(db, create=True)
    con = sqlite3.connect(db)
    tables = con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    con.close()
    assert tables == []


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "photo.sqlite"
    content = b"\xff\xd8\xff\xe0 this is a jpeg, not a database" * 100
    bad.write_bytes(content)
    with pytest.raises(UserError) as err:
        Store(bad)
    assert err.value.code == "not_povdesk"
    assert "不是 povdesk 数据库" in err.value.zh and "not a povdesk database" in err.value.en
    assert bad.read_bytes() == content


def test_missing_file_is_not_created_without_asking(tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        Store(tmp_path / "nope.sqlite")
    assert err.value.code == "no_database"
    assert not (tmp_path / "nope.sqlite").exists()
