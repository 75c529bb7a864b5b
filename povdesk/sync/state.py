"""Per household: has it changed since the last export, and has the peer confirmed it?

Read from the audit log and the bundle ledger in two grouped queries for the whole store
(not one per household), so a 10,000-household list can show it. "Confirmed" means the
peer's receipt (the `receipt.cursor` of its bundles, kept as `acked`) covers the
household's latest change made here; changes that came from that peer do not count,
just as `outgoing.collect` never sends them back."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select, union_all
from sqlalchemy.engine import Connection

from povdesk.codes import StoreRole
from povdesk.models import ENTITIES, AuditEntry
from povdesk.store.store import Store
from povdesk.store.tx import table
from povdesk.sync import ledger
from povdesk.sync.ledger import Peer

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
# The kinds that belong to one household through their `household_id`.
CHILDREN = tuple(e for e in ENTITIES if e != "household" and "household_id" in table(e).c)


@dataclass(frozen=True)
class State:
    changed_since_last_export: bool  # something made here is not in any bundle yet
    peer_has: bool  # the peer's receipt covers the latest change made here
    linked: bool  # a peer to exchange with is trusted at all
    county: bool  # this store is the county (its peer is the village)

    @property
    def county_has(self) -> bool:
        """At a village: the county confirmed the household as it is now."""
        return self.county or self.peer_has


def household_sync_state(store: Store) -> dict[str, State]:
    """household id -> State, for every household in the store."""
    county = store.meta().get("role") == StoreRole.COUNTY.value
    with store.read() as conn:
        peers = ledger.peers(conn)
        homes = _homes(conn, county, peers)
        sent = {p.store_id: _last_sent(conn, p.store_id) for p in peers}
        floor = min([p.acked for p in peers] + list(sent.values()), default=0)
        latest = _latest(conn, floor)
    out: dict[str, State] = {}
    for hid, peer in homes.items():
        own = latest.get(hid, {})
        last = max((s for o, s in own.items() if peer is None or o != peer.store_id), default=0)
        if peer is None:
            out[hid] = State(last > 0, False, False, county)
        else:
            out[hid] = State(last > sent[peer.store_id], last <= peer.acked, True, county)
    return out


def _homes(conn: Connection, county: bool, peers: list[Peer]) -> dict[str, Peer | None]:
    """Each household and the peer it is exchanged with: at a village the county, at the
    county the household's own village."""
    h, v = table("household"), table("village")
    if not county:
        upward = [p for p in peers if p.role == StoreRole.COUNTY.value] or peers[:1]
        peer = upward[0] if upward else None
        return {r[0]: peer for r in conn.execute(select(h.c.id))}
    by_code = {p.area_code: p for p in peers}
    rows = conn.execute(select(h.c.id, v.c.code).join(v, v.c.id == h.c.village_id))
    return {hid: by_code.get(code) for hid, code in rows}


def _last_sent(conn: Connection, peer: str) -> int:
    b = ledger.BUNDLE.c
    found = conn.execute(
        select(func.max(b.range_to)).where(b.direction == "out", b.peer == peer)
    ).scalar()
    return int(found or 0)


def _latest(conn: Connection, floor: int) -> dict[str, dict[str, int]]:
    """household id -> origin -> the audit position of its latest change from there."""
    a = AUDIT.c
    parts = [
        select(a.row_id.label("hid"), a.origin, a.seq).where(a.entity == "household"),
    ]
    for entity in CHILDREN:
        t = table(entity)
        parts.append(
            select(t.c.household_id.label("hid"), a.origin, a.seq)
            .select_from(AUDIT.join(t, t.c.id == a.row_id))
            .where(a.entity == entity)
        )
    every = union_all(*parts).subquery()
    grouped = select(every.c.hid, every.c.origin, func.max(every.c.seq)).group_by(
        every.c.hid, every.c.origin
    )
    out: dict[str, dict[str, int]] = {}
    for hid, origin, seq in conn.execute(grouped):
        if hid is not None:
            out.setdefault(hid, {})[origin] = int(seq)
    # A deleted row no longer joins its household: its audit entry names it in `before`.
    deleted = conn.execute(
        select(a.seq, a.origin, a.before).where(
            a.action == "delete", a.entity.in_(CHILDREN), a.seq > floor
        )
    )
    for seq, origin, before in deleted:
        hid = _household_of(before)
        if hid is not None:
            seen = out.setdefault(hid, {})
            seen[origin] = max(seen.get(origin, 0), int(seq))
    return out


def _household_of(before: str) -> str | None:
    try:
        row = json.loads(before)
    except ValueError:
        return None
    hid = row.get("household_id") if isinstance(row, dict) else None
    return hid if isinstance(hid, str) else None
