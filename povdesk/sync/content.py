"""What the import keeps of a bundle's records while the reader checks them (issue 17):
the records themselves are put aside and read back a batch at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from povdesk.codes import MonitorState
from povdesk.rules.exit_guard import GUARDED_STATUSES

Batches = Iterator[tuple[str, list[dict[str, Any]]]]
ELIMINATED = MonitorState.ELIMINATED.value


@dataclass
class Content:
    """A bundle's records part as apply needs it, without the records in memory (issue
    17): `batches()` reads them again, in chunks of one entity each, in the order of
    ENTITIES (references first). What the import needs of all records at once is
    gathered by `Content.take_batch` as the reader checks them, a batch of one entity at
    a time (`take`: one record)."""

    batches: Callable[[], Batches]
    deleted: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)  # monitoring_step records
    guarded: set[str] = field(default_factory=set)  # households set to 拟退出 / 已脱贫
    eliminated: set[str] = field(default_factory=set)  # records set to 风险消除
    households: set[str] = field(default_factory=set)  # households the records touch
    top_rev: tuple[int, str] = (0, "")  # the highest rev, and its record's id
    kinds: dict[str, int] = field(default_factory=dict)  # records per entity
    attachments: set[str] = field(default_factory=set)  # the files attachment rows name

    def take(self, r: dict[str, Any]) -> None:
        """One checked record: what is kept of it."""
        entity, row = r["e"], r["row"]
        self.kinds[entity] = self.kinds.get(entity, 0) + 1
        if row["rev"] > self.top_rev[0]:
            self.top_rev = (row["rev"], r["id"])
        if entity == "household":
            self.households.add(r["id"])
            if _text(row.get("status")) in GUARDED_STATUSES:
                self.guarded.add(r["id"])
        elif isinstance(row.get("household_id"), str) and row["household_id"]:
            self.households.add(row["household_id"])
        if entity == "attachment":
            self.attachments.add(row["sha256"])
        if entity == "monitoring_step":
            self.steps.append(r)
        elif entity == "monitoring_record" and row.get("state") == ELIMINATED:
            self.eliminated.add(r["id"])

    def take_batch(self, entity: str, batch: list[dict[str, Any]]) -> None:
        """Checked records of one entity, in the bundle's order: what `take` keeps of
        each, gathered a batch at a time."""
        if not batch:
            return
        rows = [r["row"] for r in batch]
        self.kinds[entity] = self.kinds.get(entity, 0) + len(batch)
        revs = [row["rev"] for row in rows]
        top = max(revs)
        if top > self.top_rev[0]:  # the first record with the highest rev, as `take`
            self.top_rev = (top, batch[revs.index(top)]["id"])
        if entity == "household":
            self.households.update(r["id"] for r in batch)
            self.guarded.update(
                r["id"]
                for r, row in zip(batch, rows, strict=True)
                if _text(row.get("status")) in GUARDED_STATUSES
            )
        else:
            homes = (row.get("household_id") for row in rows)
            self.households.update(h for h in homes if isinstance(h, str) and h)
        if entity == "attachment":
            self.attachments.update(row["sha256"] for row in rows)
        if entity == "monitoring_step":
            self.steps.extend(batch)
        elif entity == "monitoring_record":
            self.eliminated.update(
                r["id"]
                for r, row in zip(batch, rows, strict=True)
                if row.get("state") == ELIMINATED
            )


ELIMINATED = MonitorState.ELIMINATED.value


def _text(value: Any) -> str | None:
    """Text, or None: a value of another type (unchecked yet) is never a status, and
    must not crash a set lookup (a list is unhashable); convert refuses it later."""
    return value if isinstance(value, str) else None
