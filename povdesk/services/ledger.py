"""The sync ledger (`store.ledger`): own keys, trusted peers, the bundles sent and
received, and the conflicts to resolve. Its SQL lives here; povdesk.sync.ledger names the
same functions for the sync code, and everyone else (the window, exports, the county)
asks `store.ledger`.

The module's functions take a connection or the caller's `Tx`; the service's reads use the
store's read connection, which inside `store.tx()` on the same thread is the
transaction's own. Writes take the caller's `Tx` (they commit with the bundle or the
merge they belong to) and note the table they wrote in `tx.changes`, so the operation's
`OpChanges` names it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from povdesk.errors import NotFound, UserError
from povdesk.json_form import canonical
from povdesk.models import SyncBundle, SyncConflict, SyncKey, SyncPeer, utcnow
from povdesk.services.base import Service

if TYPE_CHECKING:
    from povdesk.services.base import Tx

KEY = SyncKey.__table__  # type: ignore[attr-defined]
PEER = SyncPeer.__table__  # type: ignore[attr-defined]
BUNDLE = SyncBundle.__table__  # type: ignore[attr-defined]
CONFLICT = SyncConflict.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Peer:
    store_id: str
    role: str
    area_code: str
    name: str
    key_id: str
    sign_public: str
    age_recipient: str
    fingerprint: str
    received: int = 0  # the peer's audit position applied here
    acked: int = 0  # our audit position the peer has confirmed

    @property
    def label(self) -> str:
        return f"{self.name} ({self.area_code})"


def _peer(row: Any) -> Peer:
    m = row._mapping
    return Peer(**{k: m[k] for k in Peer.__dataclass_fields__})


# -- own keys ------------------------------------------------------------------------
def keys(conn: Connection) -> dict[str, tuple[str, str]]:
    """kind -> (secret, public)."""
    return {r.kind: (r.secret, r.public) for r in conn.execute(select(KEY))}


def save_keys(tx: Tx, found: dict[str, tuple[str, str]]) -> None:
    tx.changes.tables.add(KEY.name)
    for kind, (secret, public) in found.items():
        exists = tx.conn.execute(select(KEY.c.kind).where(KEY.c.kind == kind)).first()
        if exists:
            tx.conn.execute(
                update(KEY).where(KEY.c.kind == kind).values(secret=secret, public=public)
            )
        else:
            tx.conn.execute(insert(KEY).values(kind=kind, secret=secret, public=public))


# -- peers ---------------------------------------------------------------------------
def peers(conn: Connection) -> list[Peer]:
    return [_peer(r) for r in conn.execute(select(PEER).order_by(PEER.c.area_code))]


def peer_by_key(conn: Connection, key_id: str) -> Peer | None:
    row = conn.execute(select(PEER).where(PEER.c.key_id == key_id)).first()
    return _peer(row) if row is not None else None


def peer_by_id(conn: Connection, store_id: str) -> Peer | None:
    row = conn.execute(select(PEER).where(PEER.c.store_id == store_id)).first()
    return _peer(row) if row is not None else None


def peer_for(conn: Connection, to: str | None) -> Peer:
    """The peer named by village code (or store id); without a name, the only peer."""
    found = peers(conn)
    if to:
        match = [p for p in found if to in (p.area_code, p.store_id)]
        if not match:
            raise NotFound("受信任的对方", "trusted peer", to)
        return match[0]
    if not found:
        raise UserError(
            "本库还没有信任对方的公钥，无法导出。请先信任对方的公钥文件并核对指纹"
            "（窗口：同步 › 密钥与信任…；命令行：povdesk trust）。",
            "This store trusts no other store's key yet, so nothing can be exported. Trust "
            "the other side's key file first and compare fingerprints (window: Sync › Keys "
            "and trust…; command line: povdesk trust).",
            code="no_peer",
        )
    if len(found) != 1:
        raise UserError(
            "请用 --to 指明对方（村代码）；本库受信任的对方不止一个或还没有。",
            "Name the peer with --to (its village code): this store trusts several peers, "
            "or none yet.",
            code="which_peer",
        )
    return found[0]


def add_peer(tx: Tx, peer: Peer, *, replace: bool = False) -> None:
    tx.changes.tables.add(PEER.name)
    old = peer_by_id(tx.conn, peer.store_id)
    values = {k: getattr(peer, k) for k in Peer.__dataclass_fields__}
    if old is None:
        tx.conn.execute(insert(PEER).values(**values, trusted_at=utcnow()))
        return
    if old.sign_public == peer.sign_public and old.age_recipient == peer.age_recipient:
        return
    if not replace:
        raise UserError(
            f"已信任 {old.label} 的另一把密钥（指纹 {old.fingerprint}）；如确认对方换了电脑，"
            "请核对新指纹后加 --replace。",
            f"A different key is already trusted for {old.label} (fingerprint "
            f"{old.fingerprint}); if that store really has a new key, check the new "
            "fingerprint and use --replace.",
            code="key_changed",
        )
    keep = {"received", "acked"}
    tx.conn.execute(
        update(PEER)
        .where(PEER.c.store_id == peer.store_id)
        .values(**{k: v for k, v in values.items() if k not in keep}, trusted_at=utcnow())
    )


def set_progress(tx: Tx, store_id: str, *, received: int | None, acked: int | None) -> None:
    """Move `received` / `acked` forward only: an older bundle never moves them back."""
    tx.changes.tables.add(PEER.name)
    p = peer_by_id(tx.conn, store_id)
    if p is None:
        return
    values = {}
    if received is not None and received > p.received:
        values["received"] = received
    if acked is not None and acked > p.acked:
        values["acked"] = acked
    if values:
        tx.conn.execute(update(PEER).where(PEER.c.store_id == store_id).values(**values))


# -- the bundle ledger ---------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    seq: int
    hash: str
    range_from: int
    range_to: int
    prev: str | None = None  # the previous bundle's hash, as the bundle named it


def entries(conn: Connection, direction: str, peer: str) -> list[Entry]:
    c = BUNDLE.c
    rows = conn.execute(
        select(c.seq, c.hash, c.range_from, c.range_to, c.prev)
        .where(c.direction == direction, c.peer == peer)
        .order_by(c.seq)
    )
    return [Entry(s, h, f, t, p or None) for s, h, f, t, p in rows]


def next_out(conn: Connection, peer: str) -> tuple[int, str | None]:
    """The next sequence number to `peer` and the previous bundle's hash."""
    c = BUNDLE.c
    last = conn.execute(
        select(c.seq, c.hash)
        .where(c.direction == "out", c.peer == peer)
        .order_by(c.seq.desc())
        .limit(1)
    ).first()
    return (1, None) if last is None else (last.seq + 1, last.hash)


def record(
    tx: Tx,
    direction: str,
    peer: str,
    entry: Entry,
    prev: str | None,
    counts: dict[str, int],
    *,
    created: dt.datetime | None = None,
) -> None:
    """`created` is the manifest's (when the sender made the bundle); `at`, when it was
    written or imported here. Without it (an old caller), both are now."""
    tx.changes.tables.add(BUNDLE.name)
    now = utcnow()
    tx.conn.execute(
        insert(BUNDLE).values(
            created=created or now,
            at=now,
            direction=direction,
            peer=peer,
            seq=entry.seq,
            hash=entry.hash,
            prev=prev or "",
            range_from=entry.range_from,
            range_to=entry.range_to,
            counts=counts,
        )
    )


def forget(tx: Tx, direction: str, peer: str, seq: int) -> None:
    """An export whose file could not be put in place: it never existed for anyone."""
    tx.changes.tables.add(BUNDLE.name)
    c = BUNDLE.c
    tx.conn.execute(delete(BUNDLE).where(c.direction == direction, c.peer == peer, c.seq == seq))


def missing(conn: Connection, peer: str) -> list[int]:
    """Bundle numbers from `peer` below the highest imported that were never imported."""
    have = {e.seq for e in entries(conn, "in", peer)}
    return sorted(set(range(1, max(have, default=0) + 1)) - have)


# -- conflicts -----------------------------------------------------------------------
@dataclass(frozen=True)
class ConflictRow:
    id: int
    peer: str
    bundle_seq: int
    entity: str
    row_id: str
    field: str
    base: Any
    local: Any
    remote: Any
    resolved_by: str
    resolution: Any
    resolved: bool


def _conflict(r: Any) -> ConflictRow:
    return ConflictRow(
        r.id,
        r.peer,
        r.bundle_seq,
        r.entity,
        r.row_id,
        r.field,
        json.loads(r.base),
        json.loads(r.local),
        json.loads(r.remote),
        r.resolved_by,
        json.loads(r.resolution) if r.resolution is not None else None,
        r.resolved_at is not None,
    )


def conflicts(
    conn: Connection, *, open_only: bool = False, peer: str | None = None
) -> list[ConflictRow]:
    stmt = select(CONFLICT).order_by(CONFLICT.c.id)
    if open_only:
        stmt = stmt.where(CONFLICT.c.resolved_at.is_(None))
    if peer is not None:
        stmt = stmt.where(CONFLICT.c.peer == peer)
    return [_conflict(r) for r in conn.execute(stmt)]


def add_conflict(
    tx: Tx,
    peer: str,
    seq: int,
    entity: str,
    row_id: str,
    name: str,
    base: Any,
    local: Any,
    remote: Any,
) -> None:
    tx.changes.tables.add(CONFLICT.name)
    # The same open conflict again (a re-sent bundle) is listed once.
    c = CONFLICT.c
    same = tx.conn.execute(
        select(c.id).where(
            c.entity == entity,
            c.row_id == row_id,
            c.field == name,
            c.remote == canonical(remote),
            c.resolved_at.is_(None),
        )
    ).first()
    if same is None:
        tx.conn.execute(
            insert(CONFLICT).values(
                peer=peer,
                bundle_seq=seq,
                entity=entity,
                row_id=row_id,
                field=name,
                base=canonical(base),
                local=canonical(local),
                remote=canonical(remote),
            )
        )


def close_conflict(tx: Tx, conflict_id: int, value: Any, actor: str) -> None:
    tx.changes.tables.add(CONFLICT.name)
    tx.conn.execute(
        update(CONFLICT)
        .where(CONFLICT.c.id == conflict_id)
        .values(resolved_at=utcnow(), resolved_by=actor, resolution=canonical(value))
    )


def open_count(conn: Connection) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(CONFLICT).where(CONFLICT.c.resolved_at.is_(None))
        ).scalar_one()
    )


class Ledger(Service):
    # -- own keys -----------------------------------------------------------------------
    def keys(self) -> dict[str, tuple[str, str]]:
        """kind -> (secret, public)."""
        with self.store.read() as conn:
            return keys(conn)

    def save_keys(self, tx: Tx, found: dict[str, tuple[str, str]]) -> None:
        save_keys(tx, found)

    # -- peers --------------------------------------------------------------------------
    def peers(self) -> list[Peer]:
        """Every trusted peer, in area-code order."""
        with self.store.read() as conn:
            return peers(conn)

    def peer_by_key(self, key_id: str) -> Peer | None:
        with self.store.read() as conn:
            return peer_by_key(conn, key_id)

    def peer_by_id(self, store_id: str) -> Peer | None:
        with self.store.read() as conn:
            return peer_by_id(conn, store_id)

    def peer_for(self, to: str | None) -> Peer:
        """The peer named by village code (or store id); without a name, the only peer."""
        with self.store.read() as conn:
            return peer_for(conn, to)

    def add_peer(self, tx: Tx, peer: Peer, *, replace: bool = False) -> None:
        add_peer(tx, peer, replace=replace)

    def set_progress(
        self, tx: Tx, store_id: str, *, received: int | None, acked: int | None
    ) -> None:
        set_progress(tx, store_id, received=received, acked=acked)

    # -- the bundle ledger --------------------------------------------------------------
    def entries(self, direction: str, peer: str) -> list[Entry]:
        with self.store.read() as conn:
            return entries(conn, direction, peer)

    def next_out(self, peer: str) -> tuple[int, str | None]:
        """The next sequence number to `peer` and the previous bundle's hash."""
        with self.store.read() as conn:
            return next_out(conn, peer)

    def missing(self, peer: str) -> list[int]:
        """Bundle numbers from `peer` below the highest imported that never arrived."""
        with self.store.read() as conn:
            return missing(conn, peer)

    def record(
        self,
        tx: Tx,
        direction: str,
        peer: str,
        entry: Entry,
        prev: str | None,
        counts: dict[str, int],
        *,
        created: dt.datetime | None = None,
    ) -> None:
        record(tx, direction, peer, entry, prev, counts, created=created)

    def forget(self, tx: Tx, direction: str, peer: str, seq: int) -> None:
        forget(tx, direction, peer, seq)

    # -- conflicts ----------------------------------------------------------------------
    def conflicts(self, *, open_only: bool = False, peer: str | None = None) -> list[ConflictRow]:
        with self.store.read() as conn:
            return conflicts(conn, open_only=open_only, peer=peer)

    def open_count(self) -> int:
        with self.store.read() as conn:
            return open_count(conn)

    def add_conflict(
        self,
        tx: Tx,
        peer: str,
        seq: int,
        entity: str,
        row_id: str,
        name: str,
        base: Any,
        local: Any,
        remote: Any,
    ) -> None:
        add_conflict(tx, peer, seq, entity, row_id, name, base, local, remote)

    def close_conflict(self, tx: Tx, conflict_id: int, value: Any, actor: str) -> None:
        close_conflict(tx, conflict_id, value, actor)
