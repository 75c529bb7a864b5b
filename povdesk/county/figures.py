"""Each village's rule-based figures, kept in `village_figures` and recomputed only for
villages whose data changed: a new bundle from it, an edit made here (a decision, a
resolved conflict), or a new day or assessment year. Running every rule over a county of
60,000 households takes far longer than a dashboard may; one village takes a moment."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select

from povdesk.changes import NOTHING, OpChanges, OpResult
from povdesk.codes import StoreRole
from povdesk.models import ENTITIES, AuditEntry, SyncBundle, SyncPeer, VillageFigures, utcnow
from povdesk.rules.facts import RuleContext
from povdesk.services.checks import SCOPED, HouseholdCheck, Tally
from povdesk.store.store import Store
from povdesk.store.tx import table
from povdesk.sync.outgoing import CONFIG, audit_head

FIGURES = VillageFigures.__table__  # type: ignore[attr-defined]
AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
BUNDLE = SyncBundle.__table__  # type: ignore[attr-defined]
PEER = SyncPeer.__table__  # type: ignore[attr-defined]
SEVENTY = "below_70_percent"
# Monitoring findings counted per village (povdesk.rules.monitoring): figure -> code.
MONITORING = {
    "lead_overdue": "lead_overdue",
    "false_eliminations": "false_elimination",
    "elimination_overrides": "elimination_override",
}
EVERY = "*"  # in `_edited_here`: an edit that concerns every village
# In each village's `data`: the standards the figures were computed under. Kept in the
# JSON rather than a column of its own, so no migration is needed; rows from before it
# have none and are recomputed once.
STANDARDS = "standards"
Progress = Callable[[int, int], None]
# Records that belong to one household (a household_id column).
_OWNED = frozenset(e for e in ENTITIES if e != "household" and "household_id" in table(e).c)


@dataclass(frozen=True)
class _Kept:
    year: int
    today: Any
    bundle_seq: int
    audit_seq: int
    standards: str | None  # standards_mark of the standards they were computed under


def compute(store: Store, ctx: RuleContext, village_id: str) -> dict[str, Any]:
    """The village summary of the rules (as a village sees it on its overview), plus
    the households below 70% of the reference income among those with labour."""
    tally = Tally()
    below_70 = 0
    monitoring = dict.fromkeys(MONITORING, 0)
    checks = village_checks(store, ctx, village_id)
    tally.add(checks)
    for c in checks:
        codes = {f.code for f in c.findings}
        below_70 += SEVENTY in codes
        for key, code in MONITORING.items():
            monitoring[key] += code in codes
    s = tally.summary()
    return {
        "households": s.households,
        "members": s.members,
        "ready": s.ready,
        "proposed_not_ready": s.proposed_not_ready,
        "false_exits": s.false_exits,
        "shortfalls": s.shortfalls,
        "key_groups": s.key_groups,
        "overdue_measures": s.overdue_measures,
        "overrides": s.overrides,
        "below_70": below_70,
        **monitoring,
    }


def village_checks(store: Store, ctx: RuleContext, village_id: str) -> list[HouseholdCheck]:
    """All rules on one village of a county store, a few hundred households at a time:
    named by id, each batch ranks only its own households' assessments, where a whole
    village named by `village_id` would rank the whole county's."""
    ids = store.households.ids(village_id=village_id)
    out: list[HouseholdCheck] = []
    for i in range(0, len(ids), SCOPED):
        out += store.checks.evaluate(ctx=ctx, household_ids=ids[i : i + SCOPED])
    return out


def refresh(
    store: Store,
    ctx: RuleContext,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> list[str]:
    """Recompute the stale villages' figures; returns their ids."""
    return refresh_op(store, ctx, force=force, progress=progress).value


def refresh_op(
    store: Store,
    ctx: RuleContext,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> OpResult[list[str]]:
    """`refresh`, with what it changed: the figures of the villages recomputed. Each
    village's figures are written as soon as they are computed, so a dashboard read
    meanwhile (from another thread or process) shows the ones done as current and the
    rest, still stale, as kept; a stop half-way (a cancel raised by `progress`) keeps
    the villages done."""
    plan = _plan(store, ctx, force)
    if progress is not None and plan.stale:
        progress(0, len(plan.stale))
    for i, vid in enumerate(plan.stale):
        data = compute(store, ctx, vid)
        with store.tx() as tx:
            tx.conn.execute(delete(FIGURES).where(FIGURES.c.village_id == vid))
            tx.conn.execute(
                insert(FIGURES),
                {
                    "village_id": vid,
                    "year": ctx.year,
                    "today": ctx.today,
                    "bundle_seq": plan.seqs.get(plan.villages[vid], 0),
                    "audit_seq": plan.head,
                    "computed_at": utcnow(),
                    "data": {**data, STANDARDS: plan.standards},
                },
            )
        if progress is not None:
            progress(i + 1, len(plan.stale))
    if not plan.stale and all(k.audit_seq >= plan.head for k in plan.kept.values()):
        return OpResult([], NOTHING)  # nothing to write: a view takes no writer's turn
    with store.tx() as tx:
        # Every other row was checked against the log up to `head`: next time, only
        # edits after it need reading.
        c = FIGURES.c
        tx.conn.execute(FIGURES.update().where(c.audit_seq < plan.head).values(audit_seq=plan.head))
    # Only the recomputed villages' figures changed for anyone reading them: the other
    # rows' audit position is bookkeeping.
    fresh = dict.fromkeys(plan.stale)
    changes = OpChanges.of(kinds=["village_figures"] if fresh else [], villages=fresh)
    return OpResult(sorted(fresh), changes)


def stale(store: Store, ctx: RuleContext) -> list[str]:
    """The villages whose kept figures are not current (or missing), in code order:
    newer data, an edit here, another day or year, or other standards than they were
    computed under. Cheap (no rule runs): the dashboard asks it on every read."""
    return _plan(store, ctx, False).stale


def standards_mark(ctx: RuleContext) -> str:
    """A short fingerprint of every standard the rules read (poverty lines, reference
    incomes, monitoring ranges and settings): kept with each village's figures, so
    figures computed under other standards are known stale, however the standards came
    to change (entered here, restored from a backup, an older store)."""
    text = json.dumps(
        [
            sorted(ctx.poverty_lines.items()),
            sorted([list(k), v] for k, v in ctx.reference_incomes.items()),
            sorted(ctx.monitoring_ranges.items()),
            ctx.county_code,
            repr(ctx.monitor),
        ],
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class _Plan:
    head: int
    villages: dict[str, str]  # id -> code
    kept: dict[str, _Kept]
    seqs: dict[str, int]
    standards: str
    stale: list[str]  # ids, in code order


def _plan(store: Store, ctx: RuleContext, force: bool) -> _Plan:
    mark = standards_mark(ctx)
    with store.read() as conn:
        head = audit_head(conn)
        v = table("village")
        villages: dict[str, str] = {r.id: r.code for r in conn.execute(select(v.c.id, v.c.code))}
        kept = {
            r.village_id: _Kept(r.year, r.today, r.bundle_seq, r.audit_seq, r.data.get(STANDARDS))
            for r in conn.execute(select(FIGURES))
        }
        seqs = _bundle_seqs(conn)
        edited = _edited_here(
            conn, store.store_id, min((k.audit_seq for k in kept.values()), default=head)
        )
    out = []
    for vid, code in villages.items():
        k = kept.get(vid)
        if (
            force
            or k is None
            or (k.year, k.today) != (ctx.year, ctx.today)
            or k.standards != mark
            or k.bundle_seq != seqs.get(code, 0)
            or max(edited.get(vid, 0), edited.get(EVERY, 0)) > k.audit_seq
        ):
            out.append(vid)
    out.sort(key=villages.__getitem__)
    return _Plan(head, villages, kept, seqs, mark, out)


def kept(store: Store) -> dict[str, dict[str, Any]]:
    """village id -> figures, as stored (whether current or not: see `stale`)."""
    with store.read() as conn:
        return {
            r.village_id: {k: v for k, v in r.data.items() if k != STANDARDS}
            for r in conn.execute(select(FIGURES))
        }


def _bundle_seqs(conn: Any) -> dict[str, int]:
    """village code -> the highest bundle number imported from it."""
    b = BUNDLE.c
    rows = conn.execute(
        select(PEER.c.area_code, func.max(b.seq))
        .join(PEER, PEER.c.store_id == b.peer)
        .where(b.direction == "in", PEER.c.role == StoreRole.VILLAGE.value)
        .group_by(PEER.c.area_code)
    )
    return {code: int(seq) for code, seq in rows}


def _edited_here(conn: Any, own: str, since: int) -> dict[str, int]:
    """village id -> the last audit position of an edit made in this store (not brought
    by a bundle) to that village's records after `since`."""
    a = AUDIT.c
    touched: dict[str, int] = {}
    households: dict[str, int] = {}
    for seq, entity, row_id, before, after in conn.execute(
        select(a.seq, a.entity, a.row_id, a.before, a.after).where(a.seq > since, a.origin == own)
    ):
        if entity == "village":
            touched[row_id] = max(seq, touched.get(row_id, 0))
            continue
        if entity in CONFIG:  # a new line or reference income: every village's figures
            touched[EVERY] = max(seq, touched.get(EVERY, 0))
            continue
        if entity == "household":
            hid = row_id
        else:
            hid = (json.loads(after or "{}") or json.loads(before or "{}")).get("household_id")
        if hid:
            households[hid] = max(seq, households.get(hid, 0))
        elif entity in _OWNED:  # an update logs only the changed fields
            found = conn.execute(
                select(table(entity).c.household_id).where(table(entity).c.id == row_id)
            ).scalar()
            if found:
                households[found] = max(seq, households.get(found, 0))
    if households:
        h = table("household")
        ids = list(households)
        for i in range(0, len(ids), 900):
            for hid, vid in conn.execute(
                select(h.c.id, h.c.village_id).where(h.c.id.in_(ids[i : i + 900]))
            ):
                touched[vid] = max(households[hid], touched.get(vid, 0))
    return touched
