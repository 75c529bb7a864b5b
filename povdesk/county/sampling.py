"""Spot checks (入户抽查): the county visits at least 10% of each village's exited
households. The draw is random but reproducible: the same seed over the same exited
households gives the same sample, so anyone can re-draw it and see it was not picked by
hand. Each draw is recorded (what, from how many, when, by whom).

The pool is the exited households (已脱贫) by default; it may instead be, or also take,
the households whose risk was eliminated (风险消除, domain.md §7): an elimination is
checked at home like an exit, for the same reason (a false one is the same fault)."""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select

from povdesk.changes import OpChanges, OpResult
from povdesk.codes import HouseholdStatus, MonitorState
from povdesk.errors import UserError
from povdesk.models import SpotCheck, utcnow
from povdesk.store.store import Store
from povdesk.store.tx import table

SPOT = SpotCheck.__table__  # type: ignore[attr-defined]
MIN_PERCENT = 10  # the county checks at least this share of exits
EXITED, ELIMINATED, BOTH = "exited", "eliminated", "both"
POOLS = (EXITED, ELIMINATED, BOTH)


@dataclass(frozen=True)
class Drawn:
    draw: int
    village_code: str
    village: str
    exited: int
    households: list[tuple[str, str]]  # (id, 户编号)


def size(exited: int, percent: int) -> int:
    """`percent` of `exited`, rounded up: a village with any exit gets at least one."""
    return math.ceil(exited * percent / 100)


def pick(ids: list[str], k: int, seed: str, village_code: str) -> list[str]:
    """`k` of `ids`, decided only by the seed, the village and the set of ids (not by the
    order they were read in, nor by Python's per-process hash seed)."""
    digest = hashlib.sha256(f"{seed}\n{village_code}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    return sorted(rng.sample(sorted(ids), k))


def draw(store: Store, percent: int, seed: str, *, pool: str = EXITED) -> list[Drawn]:
    """Draw and record a sample of every village's exited (or eliminated) households."""
    return draw_op(store, percent, seed, pool=pool).value


def draw_op(store: Store, percent: int, seed: str, *, pool: str = EXITED) -> OpResult[list[Drawn]]:
    """`draw`, with what it changed: the spot checks, of these villages and households."""
    if not MIN_PERCENT <= percent <= 100:
        raise UserError(
            f"抽查比例应在 {MIN_PERCENT}% 到 100% 之间（县级至少抽查 {MIN_PERCENT}%）：{percent}",
            f"The sample is {MIN_PERCENT}% to 100% (the county checks at least "
            f"{MIN_PERCENT}%): {percent}",
            code="invalid",
        )
    if not seed.strip():
        raise UserError("请给出随机种子。", "A seed is required.", code="invalid")
    if pool not in POOLS:
        raise UserError(
            f"抽查范围只能是 exited（已脱贫）、eliminated（风险消除）或 both（两者）：{pool}",
            f"The pool is exited, eliminated or both, not {pool}",
            code="invalid",
        )
    by_village: dict[tuple[str, str, str], dict[str, str]] = {}
    for vid, code, name, hid, number in _pool(store, pool):
        by_village.setdefault((vid, code, name), {})[hid] = number
    # The exits' draw stays what it always was; another pool draws on its own.
    salt = "" if pool == EXITED else f"\n{pool}"
    out = []
    with store.tx() as tx:
        n = tx.conn.execute(select(func.coalesce(func.max(SPOT.c.draw), 0))).scalar_one() + 1
        now = utcnow()
        records = []
        for (vid, code, name), homes in sorted(by_village.items(), key=lambda kv: kv[0][1]):
            chosen = pick(list(homes), size(len(homes), percent), seed + salt, code)
            out.append(Drawn(n, code, name, len(homes), [(i, homes[i]) for i in chosen]))
            records += [
                {
                    "draw": n,
                    "village_id": vid,
                    "household_id": i,
                    "seed": seed,
                    "percent": percent,
                    "exited": len(homes),
                    "drawn_at": now,
                    "drawn_by": tx.actor,
                }
                for i in chosen
            ]
        if records:
            tx.conn.execute(insert(SPOT), records)
    changes = OpChanges.of(
        kinds=["spot_check"] if records else [],
        households=(r["household_id"] for r in records),
        villages=(r["village_id"] for r in records),
    )
    return OpResult(out, changes)


def _pool(store: Store, pool: str) -> list[tuple[str, str, str, str, str]]:
    """(village id, code, name, household id, 户编号) of the households to draw from."""
    h, v, r = table("household"), table("village"), table("monitoring_record")
    where = select(v.c.id, v.c.code, v.c.name, h.c.id, h.c.number).join(h, h.c.village_id == v.c.id)
    out: dict[str, tuple[str, str, str, str, str]] = {}
    with store.read() as conn:
        if pool in (EXITED, BOTH):
            for row in conn.execute(where.where(h.c.status == HouseholdStatus.EXITED.value)):
                out[row[3]] = tuple(row)
        if pool in (ELIMINATED, BOTH):
            # The household's newest record (by lead date, then rev) is 风险消除.
            newest: dict[str, str] = {}
            for hid, state in conn.execute(
                select(r.c.household_id, r.c.state).order_by(r.c.lead_date, r.c.rev)
            ):
                newest[hid] = state
            done = sorted(k for k, s in newest.items() if s == MonitorState.ELIMINATED.value)
            for i in range(0, len(done), 900):
                for row in conn.execute(where.where(h.c.id.in_(done[i : i + 900]))):
                    out[row[3]] = tuple(row)
    return list(out.values())


def draws(store: Store) -> list[dict[str, Any]]:
    """Every recorded draw: number, when, by whom, seed, percent, households drawn."""
    s = SPOT.c
    with store.read() as conn:
        rows = conn.execute(
            select(s.draw, s.drawn_at, s.drawn_by, s.seed, s.percent, func.count())
            .group_by(s.draw, s.drawn_at, s.drawn_by, s.seed, s.percent)
            .order_by(s.draw)
        ).all()
    return [
        {
            "draw": d,
            "at": at.isoformat(),
            "by": by,
            "seed": seed,
            "percent": pct,
            "households": int(n),
        }
        for d, at, by, seed, pct, n in rows
    ]
