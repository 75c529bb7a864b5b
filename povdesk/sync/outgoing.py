"""What goes to a peer: every synced change since the peer last acknowledged ours
(docs/bundle-format.md §2.2), read from the audit log and the tables."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select
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
    """What goes to a peer. The records themselves are not held: `records()` reads them
    table by table, in chunks, from the read transaction `collect` was given (a village's
    whole history held at once as dicts took over a gigabyte)."""

    peer: Peer
    range_from: int
    range_to: int
    deleted: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # attachment sha256s, filled by records()
    receipt: dict[str, Any] = field(default_factory=dict)
    # (entity, ids in the order they go out): the rows touched in the range
    plan: list[tuple[str, list[str]]] = field(default_factory=list)
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)  # counted as they go
    conn: Connection | None = None
    created: dict[tuple[str, str], int] = field(default_factory=dict)
    fields: dict[tuple[str, str], dict[str, list[Any]]] = field(default_factory=dict)
    keep: Any = None

    @property
    def total(self) -> int:
        """Rows at most `records()` yields (some may have been deleted since)."""
        return sum(len(ids) for _, ids in self.plan)

    def records(self) -> Iterator[dict[str, Any]]:
        """Each record, in the order of ENTITIES and, within one, of creation (a row that
        refers to one of its own kind, a reversing fund entry, comes after it). Once."""
        assert self.conn is not None
        for entity, ids in self.plan:
            for i in range(0, len(ids), CHUNK):
                part = ids[i : i + CHUNK]
                found = _rows(self.conn, entity, part)
                for row_id in part:
                    row = found.get(row_id)
                    if row is None or not self.keep(entity, row):
                        continue
                    key = (entity, row_id)
                    self.kinds.setdefault(entity, {"rows": 0, "deleted": 0})["rows"] += 1
                    if entity == "attachment" and row["sha256"] not in self._seen_files:
                        self._seen_files.add(row["sha256"])
                        self.files.append(row["sha256"])
                    yield {
                        "e": entity,
                        "id": row_id,
                        "row": row,
                        "created": self.created.get(key),
                        "fields": self.fields.get(key, {}),
                    }

    def __post_init__(self) -> None:
        self._seen_files: set[str] = set()

    def counts(self) -> dict[str, dict[str, int]]:
        """Per entity, rows and deletions: complete once `records()` has run."""
        out = {k: dict(v) for k, v in self.kinds.items()}
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


@contextmanager
def prepare(store: Store, own_role: str, to: str | None) -> Iterator[Prepared]:
    """The next bundle to the peer named by `to` (see ledger.peer_for), in one read that
    stays open while the caller streams `going.records()`."""
    with store.read() as conn:
        peer = ledger.peer_for(conn, to)
        going = collect(conn, own_role, peer)
        seq, prev = ledger.next_out(conn, peer.store_id)
        yield Prepared(peer, going, seq, prev)


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
    out.conn, out.created, out.fields, out.keep = conn, created, fields, keep
    for entity in ENTITIES:
        if entity in CONFIG and own_role != StoreRole.COUNTY.value:
            continue
        ids = touched.get(entity)
        if ids:
            order = sorted(ids, key=lambda i: (created.get((entity, i), 0), i))
            out.plan.append((entity, order))
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


def _rows(conn: Connection, entity: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The rows as stored now, by id (rows deleted since are simply absent)."""
    t = table(entity)
    cls = ENTITIES[entity][1]
    stmt = select(t).where(t.c.id.in_(bindparam("ids", expanding=True)))
    return {r.id: dict(vars(r)) for r in fetch(conn, stmt.params(ids=ids), cls)}


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
