"""Alembic migrations. Run through povdesk.store.schema, never by hand on a user's file."""
