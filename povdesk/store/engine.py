"""Engines with the settings a village laptop and a county server need.

SQLite: WAL so readers never block the writer, `synchronous=FULL` because village power
cuts are common and a committed visit must survive one, foreign keys on. pysqlite's own
transaction handling does not wrap DDL, so (the SQLAlchemy "serializable isolation"
recipe) we turn it off and emit BEGIN ourselves: a schema upgrade is then one real
transaction. Write transactions use BEGIN IMMEDIATE so two processes never both read the
audit head and then race to extend it.

PostgreSQL (the county's shared database, several workstations at once): the same rule,
done with a transaction-level advisory lock taken at the start of every write
transaction. Under READ COMMITTED each later statement then sees what the previous writer
committed, so the audit head, the Lamport clock and any read-then-write are never read
stale by two writers. Readers take no lock. The lock key includes the schema, so stores
in different schemas of one database (the tests) do not wait for each other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.engine import Connection

WRITE = "povdesk_write"

# "povd" as a number: the first key of the writers' advisory lock.
LOCK_KEY = 0x706F7664
# How long a write waits for another workstation's write before giving up with a clear
# message (a roster import of a whole village holds the lock for tens of seconds).
LOCK_TIMEOUT = "120s"
CONNECT_TIMEOUT = 10  # seconds; an unreachable server must not hang the window


def is_url(target: str) -> bool:
    return "://" in target


def is_server(target: str) -> bool:
    """A database server (PostgreSQL), not a SQLite file."""
    return is_url(target) and not target.startswith("sqlite")


def make_engine(target: str | Path, *, key: bytes | None = None) -> Engine:
    """`target` is a SQLite file path or a SQLAlchemy URL (e.g. postgresql+psycopg://...);
    `key`: the SQLCipher key of an encrypted file (povdesk/cipher.py)."""
    text = str(target)
    if is_url(text):
        url = make_url(text)
        if url.get_backend_name() == "postgresql":
            return _postgresql(url)
        engine = create_engine(url, hide_parameters=True)
        if engine.dialect.name == "sqlite":
            _tune_sqlite(engine)
        return engine
    # hide_parameters: an error's text (which can reach the crash log) never carries the
    # values being saved, i.e. names, ID numbers, bank accounts.
    if key is not None:
        # Imported here: a plain store never loads SQLCipher.
        import sqlcipher3.dbapi2 as sqlcipher

        engine = create_engine(
            f"sqlite:///{text}",
            module=sqlcipher,
            connect_args={"timeout": 30},
            hide_parameters=True,
        )
        _tune_sqlite(engine, key)
        return engine
    engine = create_engine(f"sqlite:///{text}", connect_args={"timeout": 30}, hide_parameters=True)
    _tune_sqlite(engine)
    return engine


def describe(url: str | URL) -> str:
    """host:port/database of a server URL, never its password (for messages)."""
    if isinstance(url, str) and not is_url(url):
        return url
    u = make_url(url) if isinstance(url, str) else url
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return f"{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"


def _postgresql(url: URL) -> Engine:
    args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = CONNECT_TIMEOUT
    # pre_ping: a workstation left open overnight finds its pooled connections closed by
    # a server restart; test each one on checkout instead of failing the next save.
    engine = create_engine(url, connect_args=args, pool_pre_ping=True, hide_parameters=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE, False):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            conn.exec_driver_sql(
                f"SELECT pg_advisory_xact_lock({LOCK_KEY}, "
                "hashtext(coalesce(current_schema(), '')))"
            )

    return engine


def _tune_sqlite(engine: Engine, key: bytes | None = None) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see module doc)
        cur = dbapi_conn.cursor()
        if key is not None:  # SQLCipher: the key comes before any other statement
            cur.execute("PRAGMA cipher_log_level = NONE")
            cur.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
