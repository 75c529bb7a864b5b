"""What a verified sender may speak for (docs/bundle-format.md §3.1).

A signature proves who made a bundle, not that its content is theirs to change: village
A's own laptop, with its own key, could otherwise send village B's households or the
county's poverty line. So, per record, in the import's transaction:
- a village's bundle creates, changes or deletes only records of the village bound to
  its key (the peer's area code), never a county-only record (configuration);
- the county's return bundle changes only the village of the store it is addressed to,
  plus the county's configuration.
A record outside that refuses the whole bundle, with the record named. The owner of a
record is looked up both in the bundle (where it would go) and here (where it is now):
moving B's household into A is as much a change of B as editing it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from povdesk.codes import StoreRole
from povdesk.errors import UserError
from povdesk.models import Meta
from povdesk.services.base import NAMES
from povdesk.store.tx import table
from povdesk.sync.ledger import Peer
from povdesk.sync.outgoing import CONFIG

META = Meta.__table__  # type: ignore[attr-defined]
# Records only the county makes: they travel from the county to its villages (which may
# still enter their own figure locally), never the other way.
# The standards (domain.md §8): poverty lines, monitoring ranges, reference incomes.
COUNTY_ONLY = frozenset(CONFIG)
# Cadres belong to no village by a column; they are reached through these references.
CADRE_REFS = {
    "pairing": "cadre_id",
    "measure": "cadre_id",
    "exit_override": "cadre_id",
    "assessment": "assessor_id",
}
CHUNK = 900


def label(entity: str, row: dict[str, Any] | None, row_id: str) -> tuple[str, str]:
    """A record named for a person: kind, and the 户编号 or year where there is one."""
    zh, en = NAMES.get(entity, (entity, entity))
    row = row or {}
    for key in ("number", "code", "year"):
        if row.get(key) not in (None, ""):
            return f"{zh} {row[key]}（记录 {row_id}）", f"{en} {row[key]} (record {row_id})"
    return f"{zh}记录 {row_id}", f"{en} record {row_id}"


def outside(peer: Peer, entity: str, row: dict[str, Any] | None, row_id: str) -> UserError:
    zh, en = label(entity, row, row_id)
    return UserError(
        f"{peer.label} 的数据包含有不属于该村的记录：{zh}。整个数据包被拒绝，未导入任何内容。",
        f"The bundle from {peer.label} carries a record that does not belong to its "
        f"village: {en}. The whole bundle is refused; nothing was imported.",
        code="not_sender_village",
    )


def county_only(peer: Peer, entity: str, row: dict[str, Any] | None, row_id: str) -> UserError:
    zh, en = label(entity, row, row_id)
    return UserError(
        f"{peer.label} 的数据包含有只能由县里设定的记录：{zh}。整个数据包被拒绝，未导入任何内容。",
        f"The bundle from {peer.label} carries a record only the county may set: {en}. "
        "The whole bundle is refused; nothing was imported.",
        code="county_only",
    )


class Scope:
    """The villages (by 12-digit code) a sender may change, and lookups of where a
    record belongs, cached for one import."""

    def __init__(self, conn: Connection, peer: Peer) -> None:
        self.conn = conn
        self.peer = peer
        meta: dict[str, str] = dict(
            conn.execute(
                select(META.c.key, META.c.value).where(META.c.key.in_(("role", "area_code")))
            ).all()
        )
        county = StoreRole.COUNTY.value
        self.from_county = peer.role == county
        if not self.from_county:
            self.codes: frozenset[str] | None = frozenset({peer.area_code})
        elif meta.get("role") != county:  # the county's return bundle to this village
            self.codes = frozenset({meta.get("area_code", "")})
        else:  # county to county: not a pairing povdesk makes; no village limit applies
            self.codes = None
        self._village_code: dict[str, str | None] = {}
        # Monitoring records new to this store in this import (sync/authority.py).
        self.history: dict[str, tuple[str, str]] = {}
        self._home_village: dict[str, str | None] = {}

    # -- lookups ----------------------------------------------------------------------
    def _codes_of(self, village_ids: Iterable[str]) -> None:
        want = sorted({v for v in village_ids if v not in self._village_code})
        t = table("village")
        stmt = select(t.c.id, t.c.code).where(t.c.id.in_(bindparam("ids", expanding=True)))
        for i in range(0, len(want), CHUNK):
            part = want[i : i + CHUNK]
            found = dict(self.conn.execute(stmt, {"ids": part}).all())
            for v in part:
                self._village_code[v] = found.get(v)

    def _homes(self, household_ids: Iterable[str]) -> None:
        want = sorted({h for h in household_ids if h not in self._home_village})
        t = table("household")
        stmt = select(t.c.id, t.c.village_id).where(t.c.id.in_(bindparam("ids", expanding=True)))
        for i in range(0, len(want), CHUNK):
            part = want[i : i + CHUNK]
            found = dict(self.conn.execute(stmt, {"ids": part}).all())
            for h in part:
                self._home_village[h] = found.get(h)
        self._codes_of(v for v in self._home_village.values() if v)

    # A reference to no record at all is left to the database's foreign keys, which
    # refuse it with their own message; here only records that exist have an owner.
    def _allowed_village(self, village_id: Any) -> bool:
        assert self.codes is not None
        if not isinstance(village_id, str):
            return False
        code = self._village_code.get(village_id)
        return code is None or code in self.codes

    def _allowed_home(self, household_id: Any) -> bool:
        if not isinstance(household_id, str):
            return False
        village = self._home_village.get(household_id)
        return village is None or self._allowed_village(village)

    # -- the check --------------------------------------------------------------------
    def check(
        self,
        entity: str,
        items: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]],
    ) -> None:
        """`items`: (record id, the row the bundle brings or None, the row here or None).
        Raises for the first record the sender may not change."""
        if entity in COUNTY_ONLY:
            if not self.from_county:
                row_id, theirs, mine = items[0]
                raise county_only(self.peer, entity, theirs or mine, row_id)
            return
        if self.codes is None or not items:
            return
        rows = [r for _, theirs, mine in items for r in (theirs, mine) if r is not None]
        if entity == "village":
            for row_id, theirs, mine in items:
                for r in (theirs, mine):
                    if r is not None and r.get("code") not in self.codes:
                        raise outside(self.peer, entity, r, row_id)
            return
        if entity == "household":
            self._codes_of(r["village_id"] for r in rows if isinstance(r.get("village_id"), str))
            for row_id, theirs, mine in items:
                for r in (theirs, mine):
                    if r is not None and not self._allowed_village(r.get("village_id")):
                        raise outside(self.peer, entity, r, row_id)
            return
        if entity == "cadre":
            self._cadres(items)
            return
        self._homes(r["household_id"] for r in rows if isinstance(r.get("household_id"), str))
        try:  # each household once: a batch names few, and all of them are allowed
            if all(self._allowed_home(h) for h in {r.get("household_id") for r in rows}):
                return
        except TypeError:  # not text: named below
            pass
        for row_id, theirs, mine in items:
            for r in (theirs, mine):
                if r is not None and not self._allowed_home(r.get("household_id")):
                    raise outside(self.peer, entity, r, row_id)

    def _cadres(self, items: list[tuple[str, Any, Any]]) -> None:
        """A new cadre is the sender's to add; a cadre already here may be changed only
        when no household outside the sender's village is paired with it."""
        known = [row_id for row_id, _, mine in items if mine is not None]
        if not known:
            return
        users: dict[str, set[str]] = {}
        for entity, column in CADRE_REFS.items():
            t = table(entity)
            stmt = select(t.c[column], t.c.household_id).where(
                t.c[column].in_(bindparam("ids", expanding=True))
            )
            for i in range(0, len(known), CHUNK):
                for cadre, home in self.conn.execute(stmt, {"ids": known[i : i + CHUNK]}):
                    users.setdefault(cadre, set()).add(home)
        self._homes(h for homes in users.values() for h in homes)
        for row_id, theirs, mine in items:
            if any(not self._allowed_home(h) for h in users.get(row_id, ())):
                raise outside(self.peer, "cadre", theirs or mine, row_id)
