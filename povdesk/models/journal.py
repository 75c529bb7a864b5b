"""The store's own bookkeeping: audit log, tombstones, metadata. Not synced as rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import LargeBinary, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

from povdesk import audit_codec
from povdesk.fields import INT64
from povdesk.models.base import utcnow


# The audit log's compact stored forms (povdesk/audit_codec.py): code that reads through
# SQLAlchemy sees the values as before (canonical JSON text, hex hashes and ids, times).
class AuditJSON(TypeDecorator[str]):
    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else audit_codec.pack(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else audit_codec.unpack(value)


class HexBytes(TypeDecorator[str]):
    """A SHA-256 hash as its 32 bytes."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else audit_codec.hash_bytes(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else audit_codec.hash_hex(value)


class StoreIdBytes(TypeDecorator[str]):
    """A store id (32 hex) as 16 bytes."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> bytes | None:
        return None if value is None else audit_codec.id_bytes(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else audit_codec.id_text(value)


class EpochTime(TypeDecorator[dt.datetime]):
    """UTC time as seconds (or microseconds) since 1970; read back naive, in UTC."""

    impl = INT64
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> int | None:
        return None if value is None else audit_codec.time_int(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else audit_codec.time_value(int(value))


class AuditEntry(SQLModel, table=True):
    """Append-only, hash-chained: each entry's hash covers its content and the previous
    entry's hash (not stored again: it is the previous row's `hash`).

    `seq` is also the sync cursor: "what changed since X" is the entries with seq > X.
    Stored compactly (povdesk/audit_codec.py, migration 0007); read back as before.
    """

    __tablename__ = "audit_log"

    seq: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, sa_type=EpochTime)
    actor: str = ""
    action: str = ""  # create / update / delete
    entity: str = ""  # no index: every reader filters on seq or row_id first
    row_id: str = Field(default="", index=True, max_length=32)
    before: str = Field(default="", sa_type=AuditJSON)  # canonical JSON, read back
    after: str = Field(default="", sa_type=AuditJSON)
    rev: int = Field(default=0, sa_type=INT64)
    origin: str = Field(default="", sa_type=StoreIdBytes)
    hash: str = Field(default="", sa_type=HexBytes)


class Tombstone(SQLModel, table=True):
    """A deleted row's id, so a peer learns of the deletion instead of re-creating it."""

    __tablename__ = "tombstone"

    id: str = Field(primary_key=True, max_length=32)
    entity: str = ""
    rev: int = Field(default=0, sa_type=INT64)
    origin: str = Field(default="", max_length=32)
    at: dt.datetime = Field(default_factory=utcnow)


class Meta(SQLModel, table=True):
    """Store identity and counters: store_id, role, lamport, audit_head."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str = ""
