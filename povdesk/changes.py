"""What a change touched (Anki's `OpChanges`): the window refreshes only what it shows.

`Changes` is what a `Tx` gathers while it writes (ids by entity and kind of change);
`OpChanges` is the small frozen summary a service's write operation returns: which
record kinds, households and villages it touched. A caller that does not care ignores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class Changes:
    """What a transaction changed, by entity: the GUI refreshes only what it shows."""

    created: dict[str, set[str]] = field(default_factory=dict)
    updated: dict[str, set[str]] = field(default_factory=dict)
    deleted: dict[str, set[str]] = field(default_factory=dict)
    # The households and villages the changed rows belong to (a visit's household, a
    # household's village), gathered as the rows go by: asking afterwards would need
    # the rows again, and a deleted one is gone.
    households: set[str] = field(default_factory=set)
    villages: set[str] = field(default_factory=set)
    # Bookkeeping tables written beside the records (the sync ledger, say). Not counted
    # by `bool()`: listeners hear of record changes only, as before.
    tables: set[str] = field(default_factory=set)
    # ID numbers of member rows written (before and after): which numbers are used twice
    # can change only among these (povdesk/services/stored.py).
    id_numbers: set[str] = field(default_factory=set)

    def note(self, kind: str, entity: str, row_id: str) -> None:
        getattr(self, kind).setdefault(entity, set()).add(row_id)

    def owners(self, entity: str, rows: Iterable[Mapping[str, Any]]) -> None:
        """Note the households and villages `rows` of `entity` belong to. Set
        comprehensions, not a loop: a bulk import passes every row it writes."""
        rows = list(rows)
        if entity == "household":
            self.households.update(r["id"] for r in rows if "id" in r)
        elif entity == "village":
            self.villages.update(r["id"] for r in rows if "id" in r)
        self.households.update({r["household_id"] for r in rows if r.get("household_id")})
        self.villages.update({r["village_id"] for r in rows if r.get("village_id")})

    def touched(self, entity: str) -> set[str]:
        out: set[str] = set()
        for part in (self.created, self.updated, self.deleted):
            out |= part.get(entity, set())
        return out

    def __bool__(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass(frozen=True)
class OpChanges:
    """Which record kinds (entity or bookkeeping table names, e.g. "household",
    "spot_check", "sync_conflict"), households and villages a write operation touched.

    `villages` names the villages whose own rows changed (a village, a household with its
    `village_id`); a member or a visit names only its household."""

    kinds: frozenset[str] = frozenset()
    households: frozenset[str] = frozenset()
    villages: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        changes: Changes | None = None,
        *,
        kinds: Iterable[str] = (),
        households: Iterable[str] = (),
        villages: Iterable[str] = (),
    ) -> OpChanges:
        """From a transaction's `changes`, plus what it wrote outside the audited
        records (bookkeeping tables such as the sync ledger or the spot checks)."""
        k, h, v = set(kinds), set(households), set(villages)
        if changes is not None:
            for part in (changes.created, changes.updated, changes.deleted):
                k.update(e for e, ids in part.items() if ids)
            k |= changes.tables
            h |= changes.households
            v |= changes.villages
        return cls(frozenset(k), frozenset(h), frozenset(v))

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(
            self.kinds | other.kinds,
            self.households | other.households,
            self.villages | other.villages,
        )

    def __bool__(self) -> bool:
        return bool(self.kinds or self.households or self.villages)


NOTHING = OpChanges()


@dataclass(frozen=True)
class OpResult(Generic[T]):
    """What an operation made (a record, a sample drawn …) with what it changed (Anki's
    `OpChangesWithCount` / `OpChangesWithId`)."""

    value: T
    changes: OpChanges
