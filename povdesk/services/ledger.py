"""The sync ledger behind the store (`store.ledger`): own keys, trusted peers, the
bundles sent and received, and the conflicts to resolve. The SQL lives in
povdesk.sync.ledger; the window, exports and the county ask here.

Reads use the store's read connection, which inside `store.tx()` on the same thread is
the transaction's own. Writes take the caller's `Tx` (they commit with the bundle or the
merge they belong to); povdesk.sync.ledger notes the table each wrote in `tx.changes`,
so the operation's `OpChanges` names it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from povdesk.services.base import Service
from povdesk.store.tx import Tx
from povdesk.sync import ledger
from povdesk.sync.ledger import ConflictRow, Entry, Peer


class Ledger(Service):
    # -- own keys -----------------------------------------------------------------------
    def keys(self) -> dict[str, tuple[str, str]]:
        """kind -> (secret, public)."""
        with self.store.read() as conn:
            return ledger.keys(conn)

    def save_keys(self, tx: Tx, found: dict[str, tuple[str, str]]) -> None:
        ledger.save_keys(tx, found)

    # -- peers --------------------------------------------------------------------------
    def peers(self) -> list[Peer]:
        """Every trusted peer, in area-code order."""
        with self.store.read() as conn:
            return ledger.peers(conn)

    def peer_by_key(self, key_id: str) -> Peer | None:
        with self.store.read() as conn:
            return ledger.peer_by_key(conn, key_id)

    def peer_by_id(self, store_id: str) -> Peer | None:
        with self.store.read() as conn:
            return ledger.peer_by_id(conn, store_id)

    def peer_for(self, to: str | None) -> Peer:
        """The peer named by village code (or store id); without a name, the only peer."""
        with self.store.read() as conn:
            return ledger.peer_for(conn, to)

    def add_peer(self, tx: Tx, peer: Peer, *, replace: bool = False) -> None:
        ledger.add_peer(tx, peer, replace=replace)

    def set_progress(
        self, tx: Tx, store_id: str, *, received: int | None, acked: int | None
    ) -> None:
        ledger.set_progress(tx, store_id, received=received, acked=acked)

    # -- the bundle ledger --------------------------------------------------------------
    def entries(self, direction: str, peer: str) -> list[Entry]:
        with self.store.read() as conn:
            return ledger.entries(conn, direction, peer)

    def next_out(self, peer: str) -> tuple[int, str | None]:
        """The next sequence number to `peer` and the previous bundle's hash."""
        with self.store.read() as conn:
            return ledger.next_out(conn, peer)

    def missing(self, peer: str) -> list[int]:
        """Bundle numbers from `peer` below the highest imported that never arrived."""
        with self.store.read() as conn:
            return ledger.missing(conn, peer)

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
        ledger.record(tx, direction, peer, entry, prev, counts, created=created)

    def forget(self, tx: Tx, direction: str, peer: str, seq: int) -> None:
        ledger.forget(tx, direction, peer, seq)

    # -- conflicts ----------------------------------------------------------------------
    def conflicts(self, *, open_only: bool = False, peer: str | None = None) -> list[ConflictRow]:
        with self.store.read() as conn:
            return ledger.conflicts(conn, open_only=open_only, peer=peer)

    def open_count(self) -> int:
        with self.store.read() as conn:
            return ledger.open_count(conn)

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
        ledger.add_conflict(tx, peer, seq, entity, row_id, name, base, local, remote)

    def close_conflict(self, tx: Tx, conflict_id: int, value: Any, actor: str) -> None:
        ledger.close_conflict(tx, conflict_id, value, actor)
