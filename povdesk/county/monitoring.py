"""The county's decisions on monitoring (县级审定, domain.md §7): the queue of records
whose township review passed and that wait for the county, for identification (纳入
监测) and for risk elimination (风险消除), and the decision itself, a county_decision
step recorded through `store.monitoring.step` (the elimination guard applies, inside its
transaction). The decision reaches the village in the village's next return bundle."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from typing import Any

from sqlalchemy import select

from povdesk.codes import MonitorPhase, MonitorState, MonitorStep, MonitorType, StepOutcome
from povdesk.county.pages import PAGE_SIZE, Key, Page, check_size, key_of
from povdesk.errors import NotFound
from povdesk.models import MonitoringStepData
from povdesk.rules.elimination import elimination_verdict
from povdesk.rules.facts import RuleContext
from povdesk.rules.monitoring import current_record, phase_of, procedure
from povdesk.services.monitoring import CHUNK, SCAN_PARTS
from povdesk.services.status import Override
from povdesk.store.store import Store
from povdesk.store.tx import table

COUNTY_DECISION = MonitorStep.COUNTY_DECISION.value
TOWNSHIP_REVIEW = MonitorStep.TOWNSHIP_REVIEW.value


def queue(
    store: Store,
    ctx: RuleContext | None = None,
    village: str | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Records waiting for the county, by village code and 户编号; for an elimination,
    what the guard says today (`allowed`, `reasons`, `overridable`)."""
    ctx = ctx or store.monitoring.context()
    v = table("village")
    with store.read() as conn:
        rows = conn.execute(select(v.c.id, v.c.code, v.c.name)).all()
    villages = {r.id: (r.code, r.name) for r in rows}
    want = None
    if village is not None:
        found = store.villages.find(village)
        if found is None:
            raise NotFound("村", "village", village)
        want = found.id
    homes = sorted({r.household_id for r in store.monitoring.records()})
    out: list[dict[str, Any]] = []
    for start in range(0, len(homes), CHUNK):
        files = store.households.files(household_ids=homes[start : start + CHUNK], parts=SCAN_PARTS)
        for f in files:
            if want is not None and f.household.village_id != want:
                continue
            row = _waiting(f, ctx)
            if row is not None:
                code, name = villages.get(f.household.village_id, ("", ""))
                out.append({**row, "village_code": code, "village": name})
    out.sort(key=lambda r: (r["village_code"], r["number"]))
    return out[offset : None if limit is None else offset + limit]


def page(
    store: Store,
    ctx: RuleContext | None = None,
    village: str | None = None,
    *,
    number: int = 1,
    after: Key | None = None,
    before: Key | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of `queue`, by key as `povdesk.county.review.page`. Unlike that one, it
    still reads the whole queue: whether a record waits for the county is the procedure's
    rule over the household's file, not a column SQL could filter on."""
    check_size(number, size)
    rows = queue(store, ctx, village)
    keys = [key_of(r) for r in rows]
    if before is not None:
        start = max(bisect_left(keys, before) - size, 0)
    elif after is not None:
        start = bisect_right(keys, after)
    else:
        start = min((number - 1) * size, len(rows))
    return Page(rows[start : start + size], len(rows), start, size)


def _waiting(f: Any, ctx: RuleContext) -> dict[str, Any] | None:
    record = current_record(f)
    if record is None:
        return None
    phase = phase_of(record)
    if phase is None:
        return None
    done = procedure(f, record)
    passed = {s.step for s in done if s.outcome == StepOutcome.PASSED.value}
    if TOWNSHIP_REVIEW not in passed or COUNTY_DECISION in {s.step for s in done}:
        return None
    township = [s for s in done if s.step == TOWNSHIP_REVIEW][-1]
    head = f.head
    kind = MonitorType.lookup(record.type)
    row: dict[str, Any] = {
        "household_id": f.household.id,
        "record_id": record.id,
        "number": f.household.number,
        "head": head.name if head is not None else "",
        "size": f.size,  # present members only
        "phase": phase,
        "phase_zh": MonitorPhase.parse(phase).zh,
        "type": record.type,
        "type_zh": kind.zh if kind is not None else record.type,
        "state": record.state,
        "state_zh": MonitorState.parse(record.state).zh,
        "lead_date": record.lead_date.isoformat(),
        "township_on": township.date.isoformat(),
        "allowed": True,
        "overridable": True,
        "reasons": [],
    }
    if phase == MonitorPhase.ELIMINATE.value:
        verdict = elimination_verdict(f, ctx, record, as_of=ctx.today)
        row["allowed"] = verdict.allowed
        row["overridable"] = verdict.overridable
        row["reasons"] = [{"code": x.code, "zh": x.zh, "en": x.en} for x in verdict.open]
    return row


def decide(
    store: Store,
    household: str,
    approve: bool,
    on: dt.date | None = None,
    actor: str = "",
    override: Override | None = None,
    *,
    note: str = "",
) -> MonitoringStepData:
    """Record the county's decision on the household's waiting record: approve (纳入
    监测, or 风险消除 through the guard) or reject (`note` says why)."""
    outcome = (StepOutcome.PASSED if approve else StepOutcome.FAILED).value
    return store.monitoring.step(
        household,
        COUNTY_DECISION,
        on=on,
        actor=actor,
        outcome=outcome,
        note=note,
        override=override if approve else None,
    )
