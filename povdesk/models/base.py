"""What every synchronised row carries.

Sync (a later issue designs the bundle format) needs, per row: a UUID key that two
laptops can create without asking each other; `rev`, a Lamport clock value of the last
change, so edits from two places can be ordered; and `origin`, the store that made that
change, so concurrent edits can be told apart. Per-field history and "what changed since
X" come from the audit log (its `seq`), deletions leave a `Tombstone`.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator

from sqlmodel import Field, SQLModel

from povdesk.fields import INT64


def new_id() -> str:
    return uuid.uuid4().hex


# uuid4's bits: version 4, RFC 4122 variant (what uuid.UUID(version=4) sets).
_V4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_V4_SET = (4 << 76) | (0x8000 << 48)


def new_ids(block: int = 1024) -> Iterator[str]:
    """Endless new ids as new_id makes them (uuid4's hex), for bulk work: the system's
    randomness read once per `block` ids instead of once per id, and no UUID object
    made (a twentieth of a roster import was making ids)."""
    while True:
        raw = os.urandom(16 * block)
        for start in range(0, len(raw), 16):
            number = int.from_bytes(raw[start : start + 16], "big") & _V4_CLEAR | _V4_SET
            yield f"{number:032x}"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Synced(SQLModel):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    rev: int = Field(default=0, sa_type=INT64, description="Lamport clock of the last change")
    origin: str = Field(default="", max_length=32, description="store that made it")
    updated_at: dt.datetime = Field(default_factory=utcnow)


# Columns maintained by the store, never by a caller.
BOOKKEEPING = frozenset({"id", "rev", "origin", "updated_at"})
