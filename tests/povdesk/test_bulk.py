"""Each performance helper (povdesk/bulk.py) gives exactly what the plain
SQLAlchemy or pydantic path gives on the same rows. These are the tests the pins of
SQLAlchemy and SQLModel in pyproject.toml stand on: the helpers use the column types'
processors, the DB-API cursor and pydantic's instance slots directly."""

from __future__ import annotations

import datetime as dt
import gc
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from povdesk import audit
from povdesk import bulk as fast
from povdesk.demo.generator import ENTITY_ORDER, init_and_generate
from povdesk.models import ENTITIES, AuditEntry
from povdesk.services.base import as_data, fetch
from povdesk.store import Store
from povdesk.store.tx import table

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
KINDS = ("village", *ENTITY_ORDER)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A small demo village: every kind of record, dates, times, money, code lists."""
    store = Store(tmp_path_factory.mktemp("fast") / "demo.sqlite", create=True)
    init_and_generate(store, households=12, seed=3, today=dt.date(2026, 6, 1))
    return store


def _rows(store: Store, entity: str) -> list[dict[str, Any]]:
    t = table(entity)
    with store.read() as conn:
        return [dict(r) for r in conn.execute(select(t).order_by(t.c.rev, t.c.id)).mappings()]


def _stored(store: Store, name: str) -> list[tuple[Any, ...]]:
    """The values as SQLite holds them, untouched by any result processor."""
    with store.engine.connect() as conn:
        return list(conn.exec_driver_sql(f'SELECT * FROM "{name}" ORDER BY 1').fetchall())


def test_the_demo_has_every_kind_of_record(demo: Store) -> None:
    for entity in KINDS:
        assert _rows(demo, entity), entity  # else the comparisons below prove little


@pytest.mark.parametrize("count_from", [1, 10**9])
def test_bulk_insert_stores_what_a_core_insert_stores(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count_from: int
) -> None:
    # From 1 row on, household_rev is counted by bulk_insert itself (the insert trigger
    # set aside); from 10**9, never: either way it holds what the triggers make.
    monkeypatch.setattr(fast, "COUNT_FROM", count_from)
    fast_store = Store(tmp_path / "fast.sqlite", create=True)
    plain_store = Store(tmp_path / "plain.sqlite", create=True)
    triggers = _stored(plain_store, "sqlite_master")
    for entity in KINDS:
        rows = _rows(demo, entity)
        with fast_store.engine.begin() as conn:
            fast.bulk_insert(conn, table(entity), [dict(r) for r in rows])
        with plain_store.engine.begin() as conn:
            conn.execute(insert(table(entity)), [dict(r) for r in rows])
        assert _stored(fast_store, entity) == _stored(plain_store, entity), entity
        assert _rows(fast_store, entity) == rows
        assert _stored(fast_store, "household_rev") == _stored(plain_store, "household_rev")
    assert len(_stored(fast_store, "household_rev")) == len(_rows(demo, "household"))
    assert sorted(_stored(fast_store, "sqlite_master")) == sorted(triggers)  # all still there


def test_a_failed_bulk_insert_leaves_the_trigger(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fast, "COUNT_FROM", 1)
    store = Store(tmp_path / "fast.sqlite", create=True)
    schema = sorted(_stored(store, "sqlite_master"))
    rows = [dict(r) for r in _rows(demo, "household")]  # their village is not there
    with store.engine.begin() as conn:
        with pytest.raises(IntegrityError):
            fast.bulk_insert(conn, table("household"), rows)
        # Within the same transaction already, not only after its rollback.
        inside = conn.exec_driver_sql('SELECT * FROM "sqlite_master" ORDER BY 1').fetchall()
        assert sorted(inside) == schema
    assert sorted(_stored(store, "sqlite_master")) == schema
    assert _stored(store, "household_rev") == []


def test_the_insert_triggers_set_aside_are_those_the_migration_made(tmp_path: Path) -> None:
    """bulk_insert sets a table's revision trigger aside only when it is exactly the text
    it will make again: every household-owned table's is, in a new store."""
    store = Store(tmp_path / "new.sqlite", create=True)
    with store.engine.connect() as conn:
        stored = dict(
            conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE name LIKE '%_rev_insert'"
            ).fetchall()
        )
    assert len(stored) == 14  # household and the 13 tables of its records
    for name, sql in stored.items():
        t = name.removesuffix("_rev_insert")
        key = "id" if t == "household" else "household_id"
        assert sql == fast._REV_TRIGGER.format(table=t, who=f"NEW.{key}"), name


def test_a_trigger_changed_outside_povdesk_is_left_to_run(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never made again from the file's own text: a trigger that is not povdesk's runs
    as it is, and stays as it was."""
    monkeypatch.setattr(fast, "COUNT_FROM", 1)
    store = Store(tmp_path / "fast.sqlite", create=True)
    other = (
        "CREATE TRIGGER household_rev_insert AFTER INSERT ON household BEGIN "
        "INSERT INTO household_rev (household_id, rev) VALUES (NEW.id, 7); END"
    )
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER household_rev_insert")
        conn.exec_driver_sql(other)
    with store.engine.begin() as conn:
        fast.bulk_insert(conn, table("village"), [dict(r) for r in _rows(demo, "village")])
        fast.bulk_insert(conn, table("household"), [dict(r) for r in _rows(demo, "household")])
    assert {rev for _, rev in _stored(store, "household_rev")} == {7}
    with store.engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'household_rev_insert'"
        ).scalar()
    assert sql == other


def test_insert_columns_stores_what_a_core_insert_stores(demo: Store, tmp_path: Path) -> None:
    fast_store = Store(tmp_path / "fast.sqlite", create=True)
    plain_store = Store(tmp_path / "plain.sqlite", create=True)
    for entity in KINDS:
        rows = _rows(demo, entity)
        columns = {c.name: [r[c.name] for r in rows] for c in table(entity).columns}
        with fast_store.engine.begin() as conn:
            fast.insert_columns(conn, table(entity), columns)
        with plain_store.engine.begin() as conn:
            conn.execute(insert(table(entity)), [dict(r) for r in rows])
        assert _stored(fast_store, entity) == _stored(plain_store, entity), entity


def test_canonical_rows_are_each_rows_canonical() -> None:
    """Column by column, for values of every kind, alone or mixed in one column."""
    utc, east = dt.UTC, dt.timezone(dt.timedelta(hours=8))
    kinds: list[list[Any]] = [
        ["a", "", '中文\u2028\x00"\\', "\ud800"],
        [0, -5, 2**70],
        [True, False],
        [0.0, -0.0, 1.5, float("nan"), float("inf")],
        [dt.date(2020, 1, 2), dt.date(1999, 12, 31)],
        [
            dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=utc),
            dt.datetime(2020, 1, 2, 11, 4, 5, tzinfo=east),
        ],
        [dt.datetime(2020, 1, 2, 3, 4, 5, 6)],
        [["a", "b"], [], ["x", 1]],
        [{"k": "v", "a": "b"}, {}],
    ]
    every = [v for kind in kinds for v in kind]
    pick = random.Random(17)
    for _ in range(400):
        names = pick.sample(["id", "b", "a%s", "zeta", "M"], pick.randint(1, 5))
        size = pick.randint(1, 6)
        columns = {}
        for name in names:
            pool = pick.choice([*kinds, every])
            columns[name] = [pick.choice([*pool, None]) for _ in range(size)]
        want = [fast.canonical({n: columns[n][i] for n in names}) for i in range(size)]
        assert fast.canonical_rows(columns, names) == want, columns


def test_insert_tuples_store_what_a_core_insert_stores(demo: Store, tmp_path: Path) -> None:
    with demo.read() as conn:
        entries = [dict(r) for r in conn.execute(select(AUDIT).order_by(AUDIT.c.seq)).mappings()]
    assert entries
    fast_store = Store(tmp_path / "fast.sqlite", create=True)
    plain_store = Store(tmp_path / "plain.sqlite", create=True)
    own = {"fast": fast_store, "plain": plain_store}
    start = {k: _stored(s, AUDIT.name) for k, s in own.items()}  # the store's own
    moved = [{**e, "seq": e["seq"] + 1000} for e in entries]
    with fast_store.engine.begin() as conn:
        # As a Tx keeps them: column order, each value in its stored form (as the column
        # type binds it: the audit log's compact forms, audit_codec).
        plan = [
            (c.name, c.type.dialect_impl(conn.dialect).bind_processor(conn.dialect))
            for c in AUDIT.columns
        ]
        tuples = [tuple(p(e[n]) if p else e[n] for n, p in plan) for e in moved]
        fast.insert_tuples(conn, AUDIT, tuples)
    with plain_store.engine.begin() as conn:
        conn.execute(insert(AUDIT), moved)
    new = {k: _stored(s, AUDIT.name)[len(start[k]) :] for k, s in own.items()}
    assert len(new["fast"]) == len(entries)
    assert new["fast"] == new["plain"]


@pytest.mark.parametrize("entity", KINDS)
def test_fetch_reads_what_model_construct_makes(demo: Store, entity: str) -> None:
    cls, t = ENTITIES[entity][1], table(entity)
    stmt = select(t).order_by(t.c.id)
    with demo.read() as conn:
        quick = fetch(conn, stmt, cls)
        keys, rows = fast.sqlite_rows(conn, stmt)
        raw = list(rows)
        plain = conn.execute(stmt).all()
    assert [tuple(r) for r in raw] == [tuple(r) for r in plain]
    assert keys == tuple(c.name for c in t.columns)
    slow = [cls.model_construct(**dict(r._mapping)) for r in plain]
    assert [q.model_dump() for q in quick] == [s.model_dump() for s in slow]
    assert [q.model_fields_set for q in quick] == [s.model_fields_set for s in slow]
    assert quick == slow
    lists = [v for q in quick for v in q.__dict__.values() if isinstance(v, list)]
    assert len({id(v) for v in lists}) == len(lists)  # no two rows share a list


def test_sqlite_rows_of_an_empty_select(demo: Store) -> None:
    t = table("household")
    with demo.read() as conn:
        keys, rows = fast.sqlite_rows(conn, select(t).where(t.c.id == "none"))
    assert keys and list(rows) == []


def test_make_with_a_shared_field_set_equals_model_construct(demo: Store) -> None:
    cls = ENTITIES["household"][1]
    row = _rows(demo, "household")[0]
    shared = set(row)
    assert fast.make(cls, dict(row), shared) == cls.model_construct(**row) == as_data(cls, row)


def test_entry_hasher_is_audit_entry_hash() -> None:
    at = dt.datetime(2026, 12, 5, 8, 30, 1, 250, tzinfo=dt.UTC)
    at_text = at.replace(tzinfo=None).isoformat()
    before = fast.canonical({"name": "向德"})
    after = fast.canonical({"name": "向德：改", "born": dt.date(1975, 1, 2)})
    for action in ("create", "update", "delete"):
        h = fast.entry_hasher(at_text, "测试员", action, "member")
        got = h(7, "row-1", before, after, 42, "origin-x", audit.GENESIS).hexdigest()
        assert got == audit.entry_hash(
            seq=7,
            at=at,
            actor="测试员",
            action=action,
            entity="member",
            row_id="row-1",
            before=before,
            after=after,
            rev=42,
            origin="origin-x",
            prev_hash=audit.GENESIS,
        )


def test_the_demo_audit_chain_verifies(demo: Store) -> None:
    assert demo.audit.verify() == []


def test_canonical_is_audit_canonical() -> None:
    value = {
        "b": [1, "二", None],
        "a": dt.datetime(2026, 1, 2, 3, 4, 5),
        "c": dt.date(2026, 1, 2),
        "d": {"z": True, "y": 1.5},
    }
    assert fast.canonical(value) == audit.canonical(value)


def test_gc_paused_pauses_and_restores() -> None:
    assert gc.isenabled()
    with fast.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()

    @fast.gc_paused()
    def inside() -> bool:
        return gc.isenabled()

    assert inside() is False and gc.isenabled()
    with pytest.raises(ValueError), fast.gc_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with fast.gc_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_listed_processes_each_list_as_its_own() -> None:
    values = [["a", "b"], [1], [True], ["a", "b"], [], {"k": "v"}, None, [1.0]]
    seen: list[Any] = []

    def process(v: Any) -> str:
        seen.append(v)
        return repr(v)

    assert fast._listed(process, values) == [repr(v) for v in values]
    assert seen.count(["a", "b"]) == 1  # a list of texts once; numbers and booleans each time
