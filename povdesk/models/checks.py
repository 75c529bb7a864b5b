"""Each household's findings kept in the store (issue 17), so that the window opens on a
large village at once instead of running every rule over it first.

Derived data, not records: never synced, never audited, rebuilt from the records at any
time. `household_rev` counts writes to a household's records; database triggers (see
migration 0008) bump it on every insert, update and delete of any of them, whoever
writes, povdesk or not (povdesk's bulk inserts on SQLite add the same counts in one
statement per call instead, the insert trigger set aside meanwhile: bulk.bulk_insert).
A stored check carries the count it was computed from and a fingerprint of the rule
context (standards, settings, the day, the program's version): a check whose count or
fingerprint differs from the current one is stale and is never shown as current."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class HouseholdRev(SQLModel, table=True):
    __tablename__ = "household_rev"

    household_id: str = Field(primary_key=True, max_length=32)
    rev: int = 0


class StoredCheck(SQLModel, table=True):
    __tablename__ = "household_check"

    household_id: str = Field(primary_key=True, max_length=32)
    village_id: str = Field(default="", index=True, max_length=32)
    rev: int = 0  # household_rev.rev when computed (0: no row there yet)
    context: str = Field(default="", max_length=64)
    # 1 when it has the id_duplicate finding: a change of which ID numbers are used
    # twice re-checks these (and the holders of the new duplicates) alone.
    dup: int = 0
    # povdesk.services.checks.Brief as compact JSON, in two: what the list reads
    # (`Listed`, equal for many households: read alone when the window opens), the rest.
    listed: str = ""
    brief: str = ""
