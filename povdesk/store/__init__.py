"""The store: engine, schema, transactions, files."""

from povdesk.store.store import Store, default_db_path

__all__ = ["Store", "default_db_path"]
