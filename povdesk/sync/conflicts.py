"""Resolving a conflict: a person chooses a value; it is written as a normal audited edit,
the conflict records who chose what and when, and the choice travels to the peer."""

from __future__ import annotations

from typing import Any

from povdesk.changes import OpChanges
from povdesk.errors import NotFound, UserError
from povdesk.services.status import write_status
from povdesk.store.store import Store
from povdesk.sync.values import row_json


def resolve(store: Store, conflict_id: int, value: Any, *, actor: str | None = None) -> OpChanges:
    """`value` in JSON form (as listed); for a deletion conflict (field "*"), True deletes
    the row and False keeps it. Returns what changed: the record chosen for (when the
    choice differs from what is here) and the conflict list."""
    with store.tx(actor=actor) as tx:
        found = [c for c in store.ledger.conflicts(open_only=True) if c.id == conflict_id]
        if not found:
            raise NotFound("未处理的冲突", "open conflict", str(conflict_id))
        c = found[0]
        if c.field == "*":
            if value is True:
                tx.delete(c.entity, c.row_id)
        else:
            current = tx.get(c.entity, c.row_id)
            if current is None:
                raise NotFound(c.entity, c.entity, c.row_id)
            if row_json(current)[c.field] == value:
                pass
            elif c.entity == "household" and c.field == "status":
                # A status chosen here is a status change like any other: through the
                # exit guard, recorded in the history with why.
                write_status(
                    store,
                    tx,
                    c.row_id,
                    str(value),
                    reason=f"处理同步冲突（第 {c.id} 号）",
                    check_order=False,
                )
            else:
                tx.update(c.entity, c.row_id, {c.field: value}, current=current)
        store.ledger.close_conflict(tx, c.id, value, tx.actor)
    return OpChanges.of(tx.changes)


def describe(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "entity": c.entity,
            "row_id": c.row_id,
            "field": c.field,
            "base": c.base,
            "local": c.local,
            "remote": c.remote,
            "resolved": c.resolved,
            "resolution": c.resolution,
            "resolved_by": c.resolved_by,
        }
        for c in store.ledger.conflicts()
    ]


__all__ = ["UserError", "describe", "resolve"]
