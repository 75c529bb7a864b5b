"""The store's own bookkeeping: audit log, tombstones, metadata. Not synced as rows."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from povdesk.fields import INT64
from povdesk.models.base import utcnow


class AuditEntry(SQLModel, table=True):
    """Append-only, hash-chained: each entry's hash covers its content and the previous hash.

    `seq` is also the sync cursor: "what changed since X" is the entries with seq > X.
    """

    __tablename__ = "audit_log"

    seq: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow)
    actor: str = ""
    action: str = ""  # create / update / delete
    entity: str = Field(default="", index=True)
    row_id: str = Field(default="", index=True, max_length=32)
    before: str = ""  # canonical JSON
    after: str = ""
    rev: int = Field(default=0, sa_type=INT64)
    origin: str = Field(default="", max_length=32)
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)


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
