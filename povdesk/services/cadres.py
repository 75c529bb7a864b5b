"""Cadres and the pairing (帮扶结对) history of each household."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from povdesk.errors import UserError
from povdesk.models import CadreData, PairingData, table
from povdesk.rules import idcard
from povdesk.services.base import Service, as_data, fetch


class Cadres(Service):
    entity = "cadre"

    def add(self, values: dict[str, Any]) -> CadreData:
        values = dict(values)
        if values.get("id_number"):
            values["id_number"] = idcard.parse(values["id_number"]).number
        if not str(values.get("name", "")).strip():
            raise UserError("干部姓名不能为空", "A cadre needs a name", code="invalid")
        with self.store.tx() as tx:
            return as_data(CadreData, tx.insert("cadre", values))

    def update(self, cadre_id: str, values: dict[str, Any]) -> CadreData:
        values = dict(values)
        if values.get("id_number"):
            values["id_number"] = idcard.parse(values["id_number"]).number
        with self.store.tx() as tx:
            return as_data(CadreData, tx.update("cadre", cadre_id, values))

    def all(self, *, active_only: bool = False) -> list[CadreData]:
        t = self.t
        stmt = select(t).order_by(t.c.name)
        if active_only:
            stmt = stmt.where(t.c.active.is_(True))
        with self.store.read() as conn:
            return fetch(conn, stmt, CadreData)

    def get(self, cadre_id: str) -> CadreData:
        with self.store.read() as conn:
            return as_data(CadreData, self._get_row(conn, cadre_id))

    def find(self, name: str) -> list[CadreData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(conn, select(t).where(t.c.name == name), CadreData)

    def pair(self, household_id: str, cadre_id: str, start: dt.date) -> PairingData:
        """Pair a household with a cadre; the current pairing, if any, ends the day before
        (history is kept, never overwritten)."""
        p = table("pairing")
        with self.store.tx() as tx:
            for name, key in (("household", household_id), ("cadre", cadre_id)):
                if tx.get(name, key) is None:
                    raise UserError(
                        f"找不到{'户' if name == 'household' else '干部'}：{key}",
                        f"No {name} found: {key}",
                        code="not_found",
                    )
            open_ = tx.conn.execute(
                select(p.c.id, p.c.start).where(p.c.household_id == household_id, p.c.end.is_(None))
            ).all()
            for row in open_:
                end = max(row.start, start - dt.timedelta(days=1))
                tx.update("pairing", row.id, {"end": end})
            return as_data(
                PairingData,
                tx.insert(
                    "pairing", {"household_id": household_id, "cadre_id": cadre_id, "start": start}
                ),
            )

    def pairings(self, household_id: str) -> list[PairingData]:
        p = table("pairing")
        with self.store.read() as conn:
            return fetch(
                conn,
                select(p).where(p.c.household_id == household_id).order_by(p.c.start),
                PairingData,
            )
