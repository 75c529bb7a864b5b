"""Shared fixtures: a fresh village store, and a way to snapshot a whole database.

The store-level tests (BOTH_BACKENDS) run on SQLite and, when POVDESK_TEST_PG_URL names
a PostgreSQL server, on PostgreSQL too: their `store` is then parametrised by `backend`.
A set URL whose server does not answer stops the run with an error (never a skip).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from povdesk.codes import StoreRole
from povdesk.models import ENTITIES, AuditEntry, Meta, Tombstone
from povdesk.rules import idcard
from povdesk.store import Store
from tests.povdesk.store.pg.server import (
    ENV,
    configured_url,
    fresh_schema,
    shown,
    unreachable_reason,
)

VILLAGE_CODE = "420323105201"
PG_URL = configured_url()
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
# Test files (or folders) whose `store` runs on every backend. The others use SQLite
# tools on purpose (PRAGMAs, the sqlite3 module to tamper with the file).
BOTH_BACKENDS = (
    "tests/povdesk/services/",
    "tests/povdesk/store/test_tx.py",
    "tests/povdesk/store/test_audit_compact.py",
    "tests/povdesk/store/pg/",
    "tests/exports/xlsx/",
    "tests/povdesk/county/",
)


def pytest_configure(config: pytest.Config) -> None:
    if PG_URL:
        why = unreachable_reason(PG_URL)
        if why is not None:
            raise pytest.UsageError(
                f"{ENV} is set to {shown(PG_URL)}, but that PostgreSQL server cannot be "
                "reached: "
                f"{why}. Start the server, fix the URL, or unset {ENV} to test on SQLite "
                "only."
            )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames or len(BACKENDS) == 1:
        return
    where = Path(metafunc.definition.path).relative_to(metafunc.config.rootpath).as_posix()
    if where.startswith(BOTH_BACKENDS):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """ "sqlite" unless parametrised (see pytest_generate_tests)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def store_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """Where a test's store lives: a SQLite file, or a fresh PostgreSQL schema's URL."""
    if backend == "sqlite":
        yield str(tmp_path / "village.sqlite")
        return
    assert PG_URL is not None
    with fresh_schema(PG_URL) as url:
        yield url


@pytest.fixture
def store(store_target: str, tmp_path: Path) -> Iterator[Store]:
    s = Store(store_target, create=True, files=tmp_path / "files")
    s.actor = "测试员"
    s.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村", county="竹山县")
    yield s
    s.close()


def snapshot(store: Store) -> dict[str, Any]:
    """Every row of every table, for 'nothing changed' assertions."""
    out: dict[str, Any] = {}
    tables = [cls.__table__ for cls, _ in ENTITIES.values()]  # type: ignore[attr-defined]
    tables += [AuditEntry.__table__, Meta.__table__, Tombstone.__table__]  # type: ignore[attr-defined]
    with store.read() as conn:
        for t in tables:
            out[t.name] = sorted(tuple(r) for r in conn.execute(select(t)).all())
    return out


def person(birth: dt.date, seq: int, county: str = "420323") -> str:
    """A valid ID number; odd `seq` is male."""
    return idcard.make(county, birth, seq)


def add_two_households(store: Store) -> str:
    """0001 向德1 with 向小1, 13 and not in school (a dropout); 0002 向德2 with 向小2, in
    junior school. Both in 一组 with safe water and medical insurance, paired with the
    cadre 李建华, whose id is returned."""
    cadre = store.cadres.add({"name": "李建华", "unit": "县教育局"})
    for n, child_status in ((1, "1"), (2, "4")):
        hh = store.households.create({"number": f"000{n}", "group": "一组", "water_safe": True})
        store.members.add(
            hh.id,
            {
                "name": f"向德{n}",
                "relation": "01",
                "ins_medical": True,
                "id_number": person(dt.date(1975, 1, 2), n * 2 + 1),
            },
        )
        store.members.add(
            hh.id,
            {
                "name": f"向小{n}",
                "relation": "03",
                "ins_medical": True,
                "school_status": child_status,
                "id_number": person(dt.date(2013, 4, 5), n * 2 + 11),
            },
        )
        store.cadres.pair(hh.id, cadre.id, dt.date(2024, 1, 1))
    return cadre.id
