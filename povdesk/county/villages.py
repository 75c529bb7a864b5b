"""The bundle ledger per village: what each village has sent, what is missing, and which
villages have gone quiet (a team that stops reporting is itself something to follow up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select

from povdesk.codes import StoreRole
from povdesk.models import SyncBundle, SyncPeer
from povdesk.store.store import Store
from povdesk.store.tx import table

BUNDLE = SyncBundle.__table__  # type: ignore[attr-defined]
PEER = SyncPeer.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class VillageLedger:
    code: str
    name: str
    village_id: str | None  # None until the village's first bundle brings its record
    trusted: bool  # its key is trusted here (it can send bundles)
    households: int
    bundles: int
    last_seq: int
    gaps: list[int]  # bundle numbers below the last that never arrived
    last_at: dt.datetime | None  # when its latest bundle was imported here
    silent_days: int | None  # days since then; None when nothing ever came
    # When the village made its latest bundle (the manifest's time): a stick can take
    # days to arrive, and the data is as of this date, not of `last_at`.
    last_made: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["last_at"] = self.last_at.isoformat() if self.last_at else None
        out["last_made"] = self.last_made.isoformat() if self.last_made else None
        return out


def ledger(store: Store, today: dt.date | None = None) -> list[VillageLedger]:
    """Every village the county knows, by its record or by a trusted key, in code order."""
    today = today or dt.date.today()
    v, h = table("village"), table("household")
    b = BUNDLE.c
    with store.read() as conn:
        villages = {r.code: r for r in conn.execute(select(v.c.id, v.c.code, v.c.name))}
        counts: dict[str, int] = dict(
            conn.execute(select(h.c.village_id, func.count()).group_by(h.c.village_id)).all()
        )
        peers = {
            r.area_code: r
            for r in conn.execute(
                select(PEER.c.store_id, PEER.c.area_code, PEER.c.name).where(
                    PEER.c.role == StoreRole.VILLAGE.value
                )
            )
        }
        seqs: dict[str, set[int]] = {}
        last: dict[str, dt.datetime] = {}
        made: dict[str, dt.datetime] = {}
        rows = conn.execute(select(b.peer, b.seq, b.at, b.created).where(b.direction == "in"))
        for peer, seq, at, created in rows:
            seqs.setdefault(peer, set()).add(seq)
            if peer not in last or at > last[peer]:
                last[peer] = at
            created = _utc(created)
            if peer not in made or created > made[peer]:
                made[peer] = created
    out = []
    for code in sorted(set(villages) | set(peers)):
        row, peer = villages.get(code), peers.get(code)
        got = seqs.get(peer.store_id, set()) if peer else set()
        top = max(got, default=0)
        at = last.get(peer.store_id) if peer else None
        out.append(
            VillageLedger(
                code=code,
                name=row.name if row else peer.name if peer else "",
                village_id=row.id if row else None,
                trusted=peer is not None,
                households=int(counts.get(row.id, 0)) if row else 0,
                bundles=len(got),
                last_seq=top,
                gaps=sorted(set(range(1, top + 1)) - got),
                last_at=at,
                silent_days=None if at is None else (today - _day(at)).days,
                last_made=made.get(peer.store_id) if peer else None,
            )
        )
    return out


def silent(rows: list[VillageLedger], days: int) -> list[VillageLedger]:
    """Villages with no bundle in the last `days` days, or none ever."""
    return [r for r in rows if r.silent_days is None or r.silent_days > days]


def _utc(at: dt.datetime) -> dt.datetime:
    # SQLite hands back the stored UTC time without its zone; PostgreSQL with it.
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def _day(at: dt.datetime) -> dt.date:
    # Stored in UTC; the office's calendar day is what "N days" means to a person.
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone().date()


def open_conflicts(store: Store, village: str | None = None) -> list[dict[str, Any]]:
    """The conflicts still to resolve, each with the village that sent it (and the
    household it concerns, where there is one), in village order."""
    codes = {p.store_id: (p.area_code, p.name) for p in store.ledger.peers()}
    found = store.ledger.conflicts(open_only=True)
    with store.read() as conn:
        numbers = _household_numbers(conn, found)
    out = []
    for c in found:
        code, name = codes.get(c.peer, ("", ""))
        if village is not None and code != village:
            continue
        out.append(
            {
                "id": c.id,
                "village_code": code,
                "village": name,
                "household": numbers.get((c.entity, c.row_id), ""),
                "entity": c.entity,
                "row_id": c.row_id,
                "field": c.field,
                "base": c.base,
                "local": c.local,
                "remote": c.remote,
                "bundle_seq": c.bundle_seq,
            }
        )
    return sorted(out, key=lambda r: (r["village_code"], r["id"]))


def _household_numbers(conn: Any, found: list[Any]) -> dict[tuple[str, str], str]:
    h = table("household")
    out = {}
    for c in found:
        t = table(c.entity)
        if c.entity == "household":
            hid = c.row_id
        elif "household_id" in t.c:
            hid = conn.execute(select(t.c.household_id).where(t.c.id == c.row_id)).scalar()
        else:
            continue
        number = conn.execute(select(h.c.number).where(h.c.id == hid)).scalar()
        if number is not None:
            out[(c.entity, c.row_id)] = number
    return out
