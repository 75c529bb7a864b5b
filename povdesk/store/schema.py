"""Schema versions (calibre's schema_upgrades, qutebrowser's sql.py, done with Alembic).

On open: an empty file (or PostgreSQL schema) gets the whole schema; an older one is
upgraded in one transaction (a failure leaves it as it was; PostgreSQL's DDL is
transactional too); one made by a newer povdesk is refused before anything is written.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection

from povdesk.errors import SchemaTooNew
from povdesk.store.engine import WRITE

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@cache
def known_revisions() -> tuple[str, ...]:
    """All revisions this program knows, oldest first; the last is the head."""
    script = ScriptDirectory.from_config(_config())
    revs = [r.revision for r in script.walk_revisions()]
    return tuple(reversed(revs))


def head() -> str:
    return known_revisions()[-1]


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _version(conn)


def _version(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def read_only_uri(path: Path) -> str:
    """A URI that opens `path` read-only (SQLite never writes to it through this)."""
    return f"{path.resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro"


def refuse_if_newer(found: str | None) -> None:
    if found is not None and found not in known_revisions():
        raise SchemaTooNew(found, head())


def ensure(engine: Engine) -> bool:
    """Bring the database to the head revision; return True when anything was done."""
    found = current(engine)
    if found == head():
        return False
    refuse_if_newer(found)
    cfg = _config()
    with engine.execution_options(**{WRITE: True}).begin() as conn:
        # Read again under the writers' lock: on a shared server another workstation may
        # have upgraded (or created) the schema since the look above.
        found = _version(conn)
        if found == head():
            return False
        refuse_if_newer(found)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
