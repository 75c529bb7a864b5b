"""The sync bookkeeping tables read and written: own keys, trusted peers, the bundle
ledger and conflicts. The SQL lives behind the store, in povdesk/services/ledger.py
(`store.ledger`); the sync code names it here. Writes take the caller's `Tx`, so they
commit with the merge."""

from __future__ import annotations

from povdesk.services.ledger import (
    BUNDLE,
    CONFLICT,
    KEY,
    PEER,
    ConflictRow,
    Entry,
    Peer,
    add_conflict,
    add_peer,
    close_conflict,
    conflicts,
    entries,
    forget,
    keys,
    missing,
    next_out,
    open_count,
    peer_by_id,
    peer_by_key,
    peer_for,
    peers,
    record,
    save_keys,
    set_progress,
)

__all__ = [
    "BUNDLE",
    "CONFLICT",
    "KEY",
    "PEER",
    "ConflictRow",
    "Entry",
    "Peer",
    "add_conflict",
    "add_peer",
    "close_conflict",
    "conflicts",
    "entries",
    "forget",
    "keys",
    "missing",
    "next_out",
    "open_count",
    "peer_by_id",
    "peer_by_key",
    "peer_for",
    "peers",
    "record",
    "save_keys",
    "set_progress",
]
