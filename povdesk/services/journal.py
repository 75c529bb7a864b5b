"""The audit log read back: verification, a record's history, and sync's change feed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from povdesk import audit, audit_rows
from povdesk.models import ENTITIES, AuditEntry, Tombstone, table
from povdesk.services.base import Service

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
TOMBSTONE = Tombstone.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ChangeRef:
    seq: int
    entity: str
    row_id: str
    action: str
    rev: int
    origin: str


class Audit(Service):
    def verify(self) -> list[audit.Problem]:
        meta = self.store.meta()
        head = (int(meta["audit_seq"]), meta["audit_hash"]) if "audit_seq" in meta else None
        with self.store.read() as conn:
            # Create entries that refer to their row are rebuilt from it (audit_rows).
            return audit.verify_chain(audit_rows.entries(conn), head)

    def history(self, entity: str, row_id: str) -> list[dict[str, Any]]:
        c = AUDIT.c
        with self.store.read() as conn:
            rows = list(audit_rows.entries(conn, (c.entity == entity) & (c.row_id == row_id)))
        names = [col.name for col in AUDIT.columns]
        return [dict(zip(names, r, strict=True)) for r in rows]

    def count(self) -> int:
        return int(self.store.meta().get("audit_seq", "0"))


class Sync(Service):
    """What a later sync layer asks: what changed since cursor X, and the rows now."""

    def cursor(self) -> int:
        return int(self.store.meta().get("audit_seq", "0"))

    def changes_since(self, seq: int) -> list[ChangeRef]:
        """Each changed record once, at its latest change after `seq` (only synced kinds)."""
        c = AUDIT.c
        with self.store.read() as conn:
            rows = conn.execute(
                select(c.seq, c.entity, c.row_id, c.action, c.rev, c.origin)
                .where(c.seq > seq, c.entity.in_(list(ENTITIES)))
                .order_by(c.seq)
            ).all()
        latest: dict[tuple[str, str], ChangeRef] = {}
        for r in rows:
            latest[(r.entity, r.row_id)] = ChangeRef(
                r.seq, r.entity, r.row_id, r.action, r.rev, r.origin
            )
        return sorted(latest.values(), key=lambda x: x.seq)

    def row(self, entity: str, row_id: str) -> dict[str, Any] | None:
        t = table(entity)
        with self.store.read() as conn:
            r = conn.execute(select(t).where(t.c.id == row_id)).mappings().first()
            return dict(r) if r is not None else None

    def tombstones(self, since_rev: int = 0) -> list[dict[str, Any]]:
        with self.store.read() as conn:
            rows = conn.execute(select(TOMBSTONE).where(TOMBSTONE.c.rev > since_rev)).mappings()
            return [dict(r) for r in rows]
