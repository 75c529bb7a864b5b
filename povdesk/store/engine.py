"""Engines with the settings a village laptop needs.

SQLite: WAL so readers never block the writer, `synchronous=FULL` because village power
cuts are common and a committed visit must survive one, foreign keys on. pysqlite's own
transaction handling does not wrap DDL, so (the SQLAlchemy "serializable isolation"
recipe) we turn it off and emit BEGIN ourselves: a schema upgrade is then one real
transaction. Write transactions use BEGIN IMMEDIATE so two processes never both read the
audit head and then race to extend it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

WRITE = "povdesk_write"


def is_url(target: str) -> bool:
    return "://" in target


def make_engine(target: str | Path) -> Engine:
    """`target` is a SQLite file path or a SQLAlchemy URL (e.g. postgresql+psycopg://...)."""
    text = str(target)
    if is_url(text):
        engine = create_engine(text)
        if engine.dialect.name == "sqlite":
            _tune_sqlite(engine)
        return engine
    engine = create_engine(f"sqlite:///{text}", connect_args={"timeout": 30})
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see module doc)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
