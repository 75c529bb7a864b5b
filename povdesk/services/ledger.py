"""The sync ledger behind the store (`store.ledger`): own keys, trusted peers, the
bundles sent and received, and the conflicts to resolve. The SQL lives in
povdesk.sync.ledger; everyone else (the window, exports, the county) asks here."""

from __future__ import annotations

from povdesk.services.base import Service
from povdesk.sync import ledger
from povdesk.sync.ledger import Peer


class Ledger(Service):
    def peers(self) -> list[Peer]:
        """Every trusted peer, in area-code order."""
        with self.store.read() as conn:
            return ledger.peers(conn)
