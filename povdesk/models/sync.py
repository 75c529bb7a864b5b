"""Sync bookkeeping (issue 5; docs/bundle-format.md): keys, trusted peers, the bundle
ledger and merge conflicts. Not synced rows themselves: each store keeps its own."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from povdesk.models.base import utcnow


class SyncKey(SQLModel, table=True):
    """This store's own key pairs (`sign`: Ed25519, `age`: X25519). Kept in the store so a
    copy of the database is never separated from the keys that read its bundles."""

    __tablename__ = "sync_key"

    kind: str = Field(primary_key=True, max_length=16)
    secret: str = ""
    public: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


class SyncPeer(SQLModel, table=True):
    """A store we exchange bundles with, trusted by its public key file.

    `received` is the peer's audit position up to which its changes are applied here;
    `acked` is our audit position up to which the peer has confirmed our changes."""

    __tablename__ = "sync_peer"

    store_id: str = Field(primary_key=True, max_length=32)
    role: str = ""
    area_code: str = Field(default="", index=True, max_length=12)
    name: str = ""
    key_id: str = Field(default="", index=True, max_length=16)
    sign_public: str = ""
    age_recipient: str = ""
    fingerprint: str = ""
    trusted_at: dt.datetime = Field(default_factory=utcnow)
    received: int = 0
    acked: int = 0


class SyncBundle(SQLModel, table=True):
    """The ledger: every bundle written to or imported from a peer."""

    __tablename__ = "sync_bundle"
    __table_args__ = (UniqueConstraint("direction", "peer", "seq", name="uq_sync_bundle_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    direction: str = ""  # out / in
    peer: str = Field(default="", max_length=32)
    seq: int = 0
    hash: str = Field(default="", max_length=64)
    prev: str = Field(default="", max_length=64)
    range_from: int = 0
    range_to: int = 0
    created: dt.datetime = Field(default_factory=utcnow)
    at: dt.datetime = Field(default_factory=utcnow)
    counts: dict[str, int] = Field(default_factory=dict, sa_type=JSON)


class SyncConflict(SQLModel, table=True):
    """A field both sides changed since they last agreed: both values kept for a person."""

    __tablename__ = "sync_conflict"

    id: int | None = Field(default=None, primary_key=True)
    peer: str = Field(default="", max_length=32)
    bundle_seq: int = 0
    entity: str = ""
    row_id: str = Field(default="", index=True, max_length=32)
    field: str = ""
    base: str = ""  # canonical JSON of each value
    local: str = ""
    remote: str = ""
    at: dt.datetime = Field(default_factory=utcnow)
    resolved_at: dt.datetime | None = None
    resolved_by: str = ""
    resolution: str | None = None  # canonical JSON of the chosen value
    sent: bool = False  # the resolution went out in a bundle
