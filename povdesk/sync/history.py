"""Who made a field's current value here, from the audit log (docs/bundle-format.md §3).

Used by the merge for the few fields whose local value is neither the agreed base nor
the remote value: if this store's last change of the field came from the sender itself
(an earlier bundle of its, applied here with the sender as origin), the sender is only
continuing its own edit and nothing here disputes it. One query per entity and bundle
for all such rows, never one per row."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from povdesk.models import AuditEntry
from povdesk.sync.merge import doubtful

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
CHUNK = 900  # ids per IN (...): below SQLite's default bound-parameter limit

_STMT = (
    select(AUDIT.c.row_id, AUDIT.c.action, AUDIT.c.after, AUDIT.c.origin)
    .where(
        AUDIT.c.entity == bindparam("entity"),
        AUDIT.c.row_id.in_(bindparam("ids", expanding=True)),
        AUDIT.c.action.in_(("create", "update")),
    )
    .order_by(AUDIT.c.seq)
)


def last_origins(
    conn: Connection, entity: str, wanted: Mapping[str, set[str]]
) -> dict[tuple[str, str], str]:
    """(row id, field) -> the origin of the latest audit entry that set that field
    (a creation sets every field), for the fields asked for per row."""
    out: dict[tuple[str, str], str] = {}
    ids = sorted(wanted)
    for i in range(0, len(ids), CHUNK):
        rows = conn.execute(_STMT, {"entity": entity, "ids": ids[i : i + CHUNK]})
        for row_id, action, after, origin in rows:
            names = wanted[row_id]
            # A creation sets every field; an update's `after` holds the changed ones.
            hit = names if action == "create" else names & set(json.loads(after))
            for name in hit:
                out[(row_id, name)] = origin
    return out


def from_sender(
    conn: Connection, entity: str, sender: str, wanted: Mapping[str, set[str]]
) -> dict[str, set[str]]:
    """Per row, the fields of `wanted` whose value here was last set by `sender`: no
    change made here (or by anyone else) came after the sender's."""
    out: dict[str, set[str]] = {}
    if not wanted:
        return out
    for (row_id, name), origin in last_origins(conn, entity, wanted).items():
        if origin == sender:
            out.setdefault(row_id, set()).add(name)
    return out


def sender_values(
    conn: Connection,
    sender: str,
    entity: str,
    items: list[dict[str, Any]],
    here: Mapping[str, dict[str, Any]],
    received: int,
) -> dict[str, set[str]]:
    """For a bundle's records of one entity (`here`: the local rows in JSON form), per row
    the fields whose local value the sender itself made: the audit log is read only for
    the fields that would otherwise be conflicts (`merge.doubtful`)."""
    wanted: dict[str, set[str]] = {}
    for r in items:
        mine = here.get(r["id"])
        if mine is None or not r["fields"]:
            continue
        fields = {k: (v[0], v[1]) for k, v in r["fields"].items()}
        names = doubtful(mine, r["row"], fields, received)
        if names:
            wanted[r["id"]] = set(names)
    return from_sender(conn, entity, sender, wanted)
