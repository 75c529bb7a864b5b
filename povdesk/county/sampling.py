"""Spot checks (入户抽查): the county visits at least 10% of each village's exited
households. The draw is random but reproducible: the same seed over the same exited
households gives the same sample, so anyone can re-draw it and see it was not picked by
hand. Each draw is recorded (what, from how many, when, by whom)."""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select

from povdesk.codes import HouseholdStatus
from povdesk.errors import UserError
from povdesk.models import SpotCheck, utcnow
from povdesk.store.changes import OpChanges, OpResult
from povdesk.store.store import Store
from povdesk.store.tx import table

SPOT = SpotCheck.__table__  # type: ignore[attr-defined]
MIN_PERCENT = 10  # the county checks at least this share of exits


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


def draw(store: Store, percent: int, seed: str) -> list[Drawn]:
    """Draw and record a sample of every village's exited households."""
    return draw_op(store, percent, seed).value


def draw_op(store: Store, percent: int, seed: str) -> OpResult[list[Drawn]]:
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
    h, v = table("household"), table("village")
    with store.read() as conn:
        rows = conn.execute(
            select(v.c.id, v.c.code, v.c.name, h.c.id, h.c.number)
            .join(h, h.c.village_id == v.c.id)
            .where(h.c.status == HouseholdStatus.EXITED.value)
        ).all()
    by_village: dict[tuple[str, str, str], dict[str, str]] = {}
    for vid, code, name, hid, number in rows:
        by_village.setdefault((vid, code, name), {})[hid] = number
    out = []
    with store.tx() as tx:
        n = tx.conn.execute(select(func.coalesce(func.max(SPOT.c.draw), 0))).scalar_one() + 1
        now = utcnow()
        records = []
        for (vid, code, name), homes in sorted(by_village.items(), key=lambda kv: kv[0][1]):
            chosen = pick(list(homes), size(len(homes), percent), seed, code)
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
