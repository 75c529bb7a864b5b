"""Schema versions: old files upgrade, newer files are refused, models match migrations."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from povdesk import audit, audit_codec
from povdesk.errors import SchemaTooNew, UserError
from povdesk.models import metadata
from povdesk.store import Store, schema

DATA = Path(__file__).resolve().parents[2] / "data"


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


# Every old-schema file in tests/data, by the revision in its name.
OLD_FILES = {p.stem.removeprefix("schema-"): p for p in sorted(DATA.glob("schema-*.sqlite"))}


def _columns(db: Path) -> dict[str, list[str]]:
    """The columns of every table of the file."""
    con = sqlite3.connect(db)
    try:
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: [c for (_, c, *_) in con.execute(f'PRAGMA table_info("{t}")')]
            for t in tables
            if t != "alembic_version"
        }
    finally:
        con.close()


def _rows(db: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the given tables in the given columns: an upgrade may add columns and
    tables, never change or drop what was there."""
    con = sqlite3.connect(db)
    try:
        rows = {}
        for table, cols in columns.items():
            names = ", ".join(f'"{c}"' for c in cols)
            rows[table] = sorted(con.execute(f'SELECT {names} FROM "{table}"'), key=repr)
        return rows
    finally:
        con.close()


def _audit_entries(db: Path) -> list[tuple[object, ...]]:
    """The audit log's entries DECODED, not its raw bytes: migration 0007 stores them
    compactly (audit_codec), so the upgrade must keep every entry's content, not its
    stored form. prev_hash is no longer stored: each row's prev_hash must be the previous
    row's hash, and that is what is kept (verify walks it)."""
    c = audit_codec
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "SELECT seq, at, actor, action, entity, row_id, before, after, rev, origin, hash "
            "FROM audit_log ORDER BY seq"
        ).fetchall()
    finally:
        con.close()
    out, prev = [], audit.GENESIS
    for seq, at, actor, action, entity, row_id, before, after, rev, origin, digest in rows:
        digest = c.hex_of(digest)
        texts = (c.json_of(before), c.json_of(after), rev, c.origin_of(origin))
        out.append((seq, c.time_of(at), actor, action, entity, row_id, *texts, prev, digest))
        prev = digest
    return out


def test_every_migration_is_exercised_by_an_old_schema_file() -> None:
    """A file at revision N is what tests migration N+1: every revision but the head
    needs its `schema-N.sqlite` (tests/data/README.md says how to make one)."""
    revisions = schema.known_revisions()
    assert len(revisions) >= 5  # the migrations that ship are found at all
    needed = {r for r in revisions if r != schema.head()}
    missing = sorted(needed - OLD_FILES.keys())
    assert missing == [], f"no tests/data/schema-<rev>.sqlite for {missing}"
    assert set(OLD_FILES) <= set(revisions), "a file named after an unknown revision"


@pytest.mark.parametrize("revision", sorted(OLD_FILES))
def test_every_old_schema_file_upgrades_and_keeps_its_data(tmp_path: Path, revision: str) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(OLD_FILES[revision], db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (revision,)
    households = sorted(n for (n,) in con.execute("SELECT number FROM household"))
    funds = con.execute("SELECT coalesce(sum(amount), 0) FROM fund_entry").fetchone()[0]
    wages = dict(con.execute("SELECT household_id || '/' || year, wages FROM income"))
    entries = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    has_ranges = con.execute(
        "SELECT count(*) FROM sqlite_master WHERE name = 'monitoring_range'"
    ).fetchone()[0]
    ranges = dict(con.execute("SELECT year, amount FROM monitoring_range")) if has_ranges else {}
    con.close()
    columns = _columns(db)
    audit_before = _audit_entries(db)
    del columns["audit_log"]  # compared decoded, below
    before = _rows(db, columns)
    assert households and funds and wages and entries  # the file holds something to lose

    with Store(db) as store:
        assert schema.current(store.engine) == schema.head()
        assert store.audit.verify() == []
        assert store.audit.count() == entries
        assert sorted(h.number for h in store.households.all()) == households
        assert store.funds.total() == funds
        assert {
            f"{i.household_id}/{i.year}": i.wages
            for h in store.households.all()
            for i in store.incomes.of(h.id)
        } == wages
        # added by 0005: empty until set in a file made before it
        assert store.config.monitoring_ranges() == ranges
        checks = store.checks.evaluate()
        assert len(checks) == len(households)
    after = _rows(db, columns)
    for table, rows in before.items():
        assert after[table] == rows, table
    assert _audit_entries(db) == audit_before
    con = sqlite3.connect(OLD_FILES[revision])
    had_prev = any(c[1] == "prev_hash" for c in con.execute("PRAGMA table_info(audit_log)"))
    if audit_before and had_prev:  # the stored prev_hash (before 0007) was the previous hash
        stored = [p for (p,) in con.execute("SELECT prev_hash FROM audit_log ORDER BY seq")]
        assert stored == [e[10] for e in audit_before]
    con.close()

    with Store(db) as store:  # and the upgraded store still takes new work
        hh = store.households.get(households[0])
        store.incomes.set(hh.id, 2019, {"wages": 700000})
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
