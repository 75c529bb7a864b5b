"""Alembic environment: always given a connection by povdesk.store.schema.

Batch mode because SQLite cannot ALTER most things; one transaction for the whole
upgrade (the caller's), so a failed upgrade leaves the old database untouched.
"""

from __future__ import annotations

from alembic import context

from povdesk.models import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when a developer runs alembic by hand
    from povdesk.store.engine import make_engine

    url = config.get_main_option("sqlalchemy.url") or "sqlite:///migrations-dev.sqlite"
    with make_engine(url).begin() as connection:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        context.run_migrations()
else:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()
