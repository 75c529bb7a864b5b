"""The PostgreSQL server the tests run against, and a fresh schema per test.

`.ci/run` (and `make test`, when a server answers) set POVDESK_TEST_PG_URL, e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/test. When it is set, the store-level tests
run on PostgreSQL as well as SQLite, and a server that does not answer fails the whole run
(see tests/conftest.py): a silently skipped backend would hide exactly the bugs these
tests are for. Each test gets a schema of its own (a random name), dropped afterwards, so
repeated and parallel runs on one server never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.pool import NullPool

ENV = "POVDESK_TEST_PG_URL"
PREFIX = "povdesk_test_"


def configured_url() -> str | None:
    return os.environ.get(ENV) or None


@cache
def _admin(url: str) -> Engine:
    return create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})


def unreachable_reason(url: str) -> str | None:
    """None when the server answers; otherwise why not, in one line."""
    try:
        with _admin(url).connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure to reach it is the reason we report
        return " ".join(str(getattr(exc, "orig", None) or exc).split())
    return None


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(url).render_as_string(hide_password=True)


def in_schema(url: str, schema: str) -> str:
    """The same server and database, with `schema` as the only search path."""
    u = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return u.render_as_string(hide_password=False)


@contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A new empty schema; yields a URL that works in it; drops it (and all in it) after."""
    name = PREFIX + uuid.uuid4().hex[:12]
    admin = _admin(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    try:
        yield in_schema(url, name)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


def run_sql(url: str, *statements: str) -> None:
    """Statements run as the server's user would at a psql prompt (for tampering tests)."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()
