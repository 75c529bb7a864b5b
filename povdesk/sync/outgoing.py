"""What goes to a peer: every synced change since the peer last acknowledged ours
(docs/bundle-format.md §2.2), read from the audit log and the tables."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from povdesk.codes import StoreRole
from povdesk.models import ENTITIES, AuditEntry, Meta
from povdesk.services.base import fetch
from povdesk.store.tx import table
from povdesk.sync import ledger
from povdesk.sync.ledger import Peer

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
META = Meta.__table__  # type: ignore[attr-defined]
# The standards of domain.md §8: the county's, sent only by the county.
CONFIG = ("poverty_line", "reference_income", "monitoring_range")
CADRE_REFS = {
    "pairing": ("cadre_id",),
    "measure": ("cadre_id",),
    "exit_override": ("cadre_id",),
    "assessment": ("assessor_id",),
}
if TYPE_CHECKING:
    from povdesk.store.store import Store

CHUNK = 900  # ids per IN (...) query: below SQLite's default bound-parameter limit


@dataclass
class Outgoing:
    peer: Peer
    range_from: int
    range_to: int
    records: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # attachment sha256s to include
    receipt: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for r in self.records:
            out.setdefault(r["e"], {"rows": 0, "deleted": 0})["rows"] += 1
        for d in self.deleted:
            out.setdefault(d["e"], {"rows": 0, "deleted": 0})["deleted"] += 1
        return out


@dataclass(frozen=True)
class Prepared:
    """What the next bundle to a peer carries, read at one moment: the peer, the
    changes, and the bundle's number with the previous bundle's hash."""

    peer: Peer
    going: Outgoing
    seq: int
    prev: str | None


def prepare(store: Store, own_role: str, to: str | None) -> Prepared:
    """The next bundle to the peer named by `to` (see ledger.peer_for), in one read."""
    with store.read() as conn:
        peer = ledger.peer_for(conn, to)
        going = collect(conn, own_role, peer)
        seq, prev = ledger.next_out(conn, peer.store_id)
    return Prepared(peer, going, seq, prev)


def audit_head(conn: Connection) -> int:
    row = conn.execute(select(META.c.value).where(META.c.key == "audit_seq")).first()
    return int(row[0]) if row else 0


def collect(conn: Connection, own_role: str, peer: Peer) -> Outgoing:
    """Everything the peer has not acknowledged, without what the peer itself sent us."""
    out = Outgoing(peer, peer.acked, audit_head(conn))
    a = AUDIT.c
    window = (a.seq > out.range_from, a.seq <= out.range_to, a.origin != peer.store_id)
    created: dict[tuple[str, str], int] = {}
    deleted: dict[tuple[str, str], int] = {}
    touched: dict[str, set[str]] = {}
    for seq, entity, row_id, action in conn.execute(
        select(a.seq, a.entity, a.row_id, a.action).where(*window, a.entity.in_(list(ENTITIES)))
    ):
        key = (entity, row_id)
        if action == "create":
            created[key] = seq
        elif action == "delete":
            deleted[key] = seq
        touched.setdefault(entity, set()).add(row_id)
    fields: dict[tuple[str, str], dict[str, list[Any]]] = {}
    gone_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for seq, entity, row_id, action, before, after in conn.execute(
        select(a.seq, a.entity, a.row_id, a.action, a.before, a.after)
        .where(*window, a.action.in_(("update", "delete")), a.entity.in_(list(ENTITIES)))
        .order_by(a.seq)
    ):
        if action == "delete":
            gone_rows[(entity, row_id)] = json.loads(before)
            continue
        was, now = json.loads(before), json.loads(after)
        changed = fields.setdefault((entity, row_id), {})
        for name in now:
            if name in changed:
                changed[name][1] = seq
            else:
                changed[name] = [was.get(name), seq]
    keep = _scope(conn, own_role, peer)
    for entity in ENTITIES:
        if entity in CONFIG and own_role != StoreRole.COUNTY.value:
            continue
        rows = _rows(conn, entity, touched.get(entity, set()))
        # In order of creation: a row that refers to one of its own kind (a reversing
        # fund entry) comes after it.
        rows.sort(key=lambda r: (created.get((entity, r["id"]), 0), r["id"]))
        for row in rows:
            if not keep(entity, row):
                continue
            key = (entity, row["id"])
            out.records.append(
                {
                    "e": entity,
                    "id": row["id"],
                    "row": row,
                    "created": created.get(key),
                    "fields": fields.get(key, {}),
                }
            )
            if entity == "attachment" and row["sha256"] not in out.files:
                out.files.append(row["sha256"])
    for (entity, row_id), seq in sorted(deleted.items(), key=lambda kv: kv[1]):
        if entity in CONFIG and own_role != StoreRole.COUNTY.value:
            continue
        if keep(entity, gone_rows.get((entity, row_id), {"id": row_id})):
            out.deleted.append({"e": entity, "id": row_id, "seq": seq})
    for c in ledger.conflicts(conn, peer=peer.store_id):
        if c.resolved:
            seen = [c.base, c.local, c.remote]
            out.resolutions.append(
                {
                    "e": c.entity,
                    "id": c.row_id,
                    "field": c.field,
                    "value": c.resolution,
                    "replaces": seen,
                }
            )
    out.receipt = {
        "cursor": peer.received,
        "seqs": [e.seq for e in ledger.entries(conn, "in", peer.store_id)],
    }
    return out


def _rows(conn: Connection, entity: str, ids: set[str]) -> list[dict[str, Any]]:
    """The rows as stored now, in id order (rows deleted since are simply absent)."""
    if not ids:
        return []
    t = table(entity)
    cls = ENTITIES[entity][1]
    found: list[Any] = []
    total = conn.execute(select(t.c.id).limit(len(ids) * 2 + 1)).all()
    if len(total) <= len(ids) * 2:  # most of the table: one scan beats many IN lists
        found = [r for r in fetch(conn, select(t), cls) if r.id in ids]
    else:
        ordered = sorted(ids)
        for i in range(0, len(ordered), CHUNK):
            found += fetch(conn, select(t).where(t.c.id.in_(ordered[i : i + CHUNK])), cls)
    return sorted((dict(vars(r)) for r in found), key=lambda r: r["id"])


def _scope(conn: Connection, own_role: str, peer: Peer) -> Any:
    """A village sends everything it has; the county sends a village only its own."""
    if own_role != StoreRole.COUNTY.value:
        return lambda entity, row: True
    v = table("village")
    villages = {r[0] for r in conn.execute(select(v.c.id).where(v.c.code == peer.area_code))}
    h = table("household")
    homes = {r[0] for r in conn.execute(select(h.c.id).where(h.c.village_id.in_(villages)))}
    cadres: set[str] = set()
    for entity, columns in CADRE_REFS.items():
        t = table(entity)
        for col in columns:
            rows = conn.execute(select(t.c[col]).where(t.c.household_id.in_(homes)))
            cadres |= {r[0] for r in rows if r[0]}

    def keep(entity: str, row: dict[str, Any]) -> bool:
        if entity in CONFIG:
            return True
        if entity == "village":
            return row.get("id") in villages
        if entity == "household":
            return row.get("id") in homes
        if entity == "cadre":
            return row.get("id") in cadres
        return row.get("household_id") in homes

    return keep


def household_ids(records: Iterable[dict[str, Any]]) -> set[str]:
    out = set()
    for r in records:
        if r["e"] == "household":
            out.add(r["id"])
        elif isinstance(r.get("row"), dict) and r["row"].get("household_id"):
            out.add(r["row"]["household_id"])
    return out
