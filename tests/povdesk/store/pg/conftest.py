"""PostgreSQL-only tests (test_server.py) are collected only when a server is configured;
with POVDESK_TEST_PG_URL set, an unreachable server fails the run (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from povdesk.codes import StoreRole
from povdesk.store import Store
from tests.conftest import PG_URL, VILLAGE_CODE
from tests.povdesk.store.pg.server import fresh_schema

collect_ignore = [] if PG_URL else ["test_server.py"]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema's URL on the configured server."""
    assert PG_URL is not None
    with fresh_schema(PG_URL) as url:
        yield url


@pytest.fixture
def pg_store(pg_url: str, tmp_path: Path) -> Iterator[Store]:
    s = Store(pg_url, create=True, files=tmp_path / "files")
    s.actor = "测试员"
    s.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村", county="竹山县")
    yield s
    s.close()
