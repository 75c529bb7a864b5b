"""The county dashboard across villages, and the drill-down from county to village to
household. Counts that need only the tables are SQL (fast at any size); the figures that
need the rules (shortfalls, key groups, 70%, overdue measures) come from each village's
kept figures (`povdesk.county.figures`), refreshed for the villages that changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from povdesk.codes import (
    Dimension,
    FundSource,
    HouseholdStatus,
    KeyGroup,
    MeasureCategory,
    MonitorState,
    MonitorType,
    labels,
)
from povdesk.county import figures
from povdesk.errors import NotFound
from povdesk.rules.facts import RuleContext
from povdesk.rules.monitoring import MONITORED
from povdesk.rules.readiness import EXIT_DIMENSIONS
from povdesk.rules.standards import StandardGap, gaps
from povdesk.services.checks import HouseholdCheck
from povdesk.store.store import Store
from povdesk.store.tx import table


def _villages(store: Store) -> dict[str, tuple[str, str]]:
    """village id -> (code, name)."""
    v = table("village")
    with store.read() as conn:
        return {r.id: (r.code, r.name) for r in conn.execute(select(v.c.id, v.c.code, v.c.name))}


def progress(store: Store) -> list[dict[str, Any]]:
    """Households by status, per village (in code order)."""
    h = table("household")
    with store.read() as conn:
        rows = conn.execute(
            select(h.c.village_id, h.c.status, func.count()).group_by(h.c.village_id, h.c.status)
        ).all()
    per: dict[str, Counter[str]] = {}
    for vid, status, n in rows:
        per.setdefault(vid, Counter())[status] = n
    out = []
    for vid, (code, name) in sorted(_villages(store).items(), key=lambda kv: kv[1]):
        got = per.get(vid, Counter())
        by_status = {s.value: got.get(s.value, 0) for s in HouseholdStatus}
        out.append({"code": code, "name": name, "households": sum(got.values()), **by_status})
    return out


def from_figures(store: Store, key: str) -> list[dict[str, Any]]:
    """One kept figure per village: `shortfalls`, `key_groups`, `below_70`,
    `overdue_measures`, `overrides`, `false_exits`, `proposed_not_ready` ..."""
    kept = figures.kept(store)
    out = []
    for vid, (code, name) in sorted(_villages(store).items(), key=lambda kv: kv[1]):
        data = kept.get(vid, {})
        value = data.get(key, {} if key in ("shortfalls", "key_groups") else 0)
        out.append(
            {"code": code, "name": name, "households": data.get("households", 0), key: value}
        )
    return out


def shortfalls(store: Store) -> list[dict[str, Any]]:
    """The short boards: households failing each exit dimension, per village."""
    rows = from_figures(store, "shortfalls")
    for r in rows:
        r["shortfalls"] = {d.value: r["shortfalls"].get(d.value, 0) for d in EXIT_DIMENSIONS}
    return rows


def funds(store: Store) -> list[dict[str, Any]]:
    """Fund ledger totals in fen by village, source and category. Entries for a measure
    count for the measure's household; entries for neither are the county's own
    (village code "")."""
    f, m, h = table("fund_entry"), table("measure"), table("household")
    owner = func.coalesce(f.c.household_id, m.c.household_id)
    stmt = (
        select(h.c.village_id, f.c.source, f.c.category, func.sum(f.c.amount), func.count())
        .select_from(f.outerjoin(m, m.c.id == f.c.measure_id).outerjoin(h, h.c.id == owner))
        .group_by(h.c.village_id, f.c.source, f.c.category)
    )
    names = _villages(store)
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    out = [
        {
            "code": names[vid][0] if vid in names else "",
            "name": names[vid][1] if vid in names else "",
            "source": source,
            "category": category,
            "fen": int(total),
            "entries": int(n),
        }
        for vid, source, category, total, n in rows
    ]
    return sorted(out, key=lambda r: (r["code"], r["source"], r["category"]))


def fund_totals(rows: list[dict[str, Any]], by: str) -> dict[str, int]:
    """`funds` rows added up by "code", "source" or "category" (fen, exact)."""
    out: Counter[str] = Counter()
    for r in rows:
        out[r[by]] += r["fen"]
    return dict(sorted(out.items()))


def overrides(store: Store) -> list[dict[str, Any]]:
    """Every exit let through by a written override: who, why, which findings."""
    o, h, c = table("exit_override"), table("household"), table("cadre")
    stmt = (
        select(
            h.c.village_id,
            h.c.number,
            o.c.year,
            o.c.date,
            c.c.name,
            o.c.reason,
            o.c.finding_codes,
        )
        .join(h, h.c.id == o.c.household_id)
        .outerjoin(c, c.c.id == o.c.cadre_id)
        .order_by(h.c.village_id, h.c.number, o.c.date)
    )
    names = _villages(store)
    with store.read() as conn:
        rows = conn.execute(stmt).all()
    out = [
        {
            "code": names[vid][0],
            "village": names[vid][1],
            "household": number,
            "year": year,
            "date": date.isoformat(),
            "cadre": cadre or "",
            "reason": reason,
            "findings": list(codes),
        }
        for vid, number, year, date, cadre, reason, codes in rows
    ]
    return sorted(out, key=lambda r: (r["code"], r["household"], r["date"]))


def monitoring(store: Store) -> list[dict[str, Any]]:
    """Monitoring per village (domain.md §7): each household's newest record counted by
    type and by state, and the kept figures of the monitoring findings (overdue leads,
    false eliminations, eliminations let through by a written override)."""
    r, h = table("monitoring_record"), table("household")
    stmt = (
        select(h.c.village_id, r.c.household_id, r.c.type, r.c.state)
        .join(h, h.c.id == r.c.household_id)
        .order_by(r.c.household_id, r.c.lead_date, r.c.rev)
    )
    with store.read() as conn:
        newest = {hid: (vid, kind, state) for vid, hid, kind, state in conn.execute(stmt)}
    types: dict[str, Counter[str]] = {}
    states: dict[str, Counter[str]] = {}
    for vid, kind, state in newest.values():
        states.setdefault(vid, Counter())[state] += 1
        if state in MONITORED:  # monitoring objects: under monitoring now
            types.setdefault(vid, Counter())[kind] += 1
    kept = figures.kept(store)
    out = []
    for vid, (code, name) in sorted(_villages(store).items(), key=lambda kv: kv[1]):
        data = kept.get(vid, {})
        out.append(
            {
                "code": code,
                "name": name,
                "objects": sum(types.get(vid, Counter()).values()),
                "by_type": {t.value: types.get(vid, Counter())[t.value] for t in MonitorType},
                "by_state": {s.value: states.get(vid, Counter())[s.value] for s in MonitorState},
                **{k: data.get(k, 0) for k in figures.MONITORING},
            }
        )
    return out


@dataclass(frozen=True)
class County:
    """Everything on the county page."""

    progress: list[dict[str, Any]]
    shortfalls: list[dict[str, Any]]
    key_groups: list[dict[str, Any]]
    below_70: list[dict[str, Any]]
    overdue: list[dict[str, Any]]
    funds: list[dict[str, Any]]
    overrides: list[dict[str, Any]]
    monitoring: list[dict[str, Any]] = field(default_factory=list)
    # The standards missing for the year, named first on the page (domain.md §8).
    standard_gaps: tuple[StandardGap, ...] = ()
    # Codes of the villages whose rule-based figures above are the kept ones of before
    # (other standards, newer data, another day): shown, but marked as being updated.
    stale: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "standard_gaps": [g.as_dict() for g in self.standard_gaps],
            "stale_villages": list(self.stale),
            "progress": self.progress,
            "shortfalls": self.shortfalls,
            "shortfall_totals": _added(self.shortfalls, "shortfalls"),
            "key_group_totals": _added(self.key_groups, "key_groups"),
            "key_groups": self.key_groups,
            "below_70": self.below_70,
            "overdue_measures": self.overdue,
            "funds": self.funds,
            "funds_by_source": fund_totals(self.funds, "source"),
            "funds_by_category": fund_totals(self.funds, "category"),
            "funds_by_village": fund_totals(self.funds, "code"),
            "overrides": self.overrides,
            "monitoring": self.monitoring,
            "labels": {
                "status": labels(HouseholdStatus, [s.value for s in HouseholdStatus]),
                "dimension": labels(Dimension, [d.value for d in EXIT_DIMENSIONS]),
                "key_group": labels(KeyGroup, _added(self.key_groups, "key_groups")),
                "fund_source": labels(FundSource, fund_totals(self.funds, "source")),
                "fund_category": labels(MeasureCategory, fund_totals(self.funds, "category")),
                "monitor_type": labels(MonitorType, [t.value for t in MonitorType]),
                "monitor_state": labels(MonitorState, [s.value for s in MonitorState]),
            },
        }


def _added(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    out: Counter[str] = Counter()
    for r in rows:
        out.update(r[key])
    return dict(sorted(out.items()))


def county(
    store: Store,
    ctx: RuleContext,
    *,
    refresh: bool = True,
    on_village: figures.Progress | None = None,
) -> County:
    """The county page. `refresh`: recompute the stale villages' figures first (a
    minute after a change of standards on a whole county); without it, the page answers
    at once with the kept figures, the stale ones named in `stale` (the window shows
    them so while it recomputes them in the background). `on_village(done, total)`:
    the refresh's progress."""
    if refresh:
        figures.refresh(store, ctx, progress=on_village)
    names = _villages(store)
    return County(
        progress=progress(store),
        shortfalls=shortfalls(store),
        key_groups=from_figures(store, "key_groups"),
        below_70=from_figures(store, "below_70"),
        overdue=from_figures(store, "overdue_measures"),
        funds=funds(store),
        overrides=overrides(store),
        monitoring=monitoring(store),
        standard_gaps=gaps(ctx),
        stale=tuple(names[vid][0] for vid in figures.stale(store, ctx) if vid in names),
    )


# -- drill-down ------------------------------------------------------------------------
def village_id(store: Store, code: str) -> str:
    found = store.villages.find(code)
    if found is None:
        raise NotFound("村", "village", code)
    return found.id


def village(store: Store, code: str, ctx: RuleContext) -> list[dict[str, Any]]:
    """A village's households, with what stands between each and exit."""
    checks = figures.village_checks(store, ctx, village_id(store, code))
    return [household_row(c) for c in sorted(checks, key=lambda c: c.household.number)]


def household_row(c: HouseholdCheck) -> dict[str, Any]:
    h = c.household
    short = sorted(d for d, found in c.readiness.by_dimension.items() if found)
    groups = sorted(c.groups)
    return {
        "id": h.id,
        "number": h.number,
        "head": c.head_name,
        "status": h.status,
        "size": c.size,
        "ready": c.readiness.ready,
        "verdict": c.readiness.verdict,
        "blocking": c.blocking_count,
        "shortfalls": short,
        "key_groups": groups,
        "findings": sorted({f.code for f in c.findings}),
        "labels": {
            "status": labels(HouseholdStatus, [h.status]),
            "dimension": labels(Dimension, short),
            "key_group": labels(KeyGroup, groups),
        },
    }


def household(store: Store, key: str, ctx: RuleContext) -> dict[str, Any]:
    """One household: its row, every finding in words, its status history."""
    c = store.checks.household(key, ctx)
    row = household_row(c)
    row["findings"] = [
        {"code": f.code, "severity": f.severity.value, "zh": f.zh, "en": f.en} for f in c.findings
    ]
    row["history"] = [
        {"date": s.date.isoformat(), "status": s.status, "reason": s.reason, "by": s.decided_by}
        for s in store.status.history(c.household.id)
    ]
    seen = [row["status"], *(h["status"] for h in row["history"])]
    row["labels"]["status"] = labels(HouseholdStatus, seen)
    return row
