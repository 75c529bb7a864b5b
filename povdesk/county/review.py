"""The county's review of proposed exits (拟退出 → 已脱贫, domain.md §3 "county certifies"):
the queue with each household's evidence, and the decision, which is an audited status
change. It reaches the team in the village's next return bundle like any county edit:
the household's status and the status record with the reason (docs/bundle-format.md §2.2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select

from povdesk.changes import OpChanges, OpResult
from povdesk.codes import AttachmentKind, HouseholdStatus
from povdesk.county.pages import PAGE_SIZE, Key, Page, check_size
from povdesk.errors import NotFound, UserError
from povdesk.models import StatusRecordData
from povdesk.rules.exit_guard import covered_codes, guard_reasons
from povdesk.rules.facts import RuleContext
from povdesk.rules.standards import STANDARD_MISSING
from povdesk.services.base import as_data
from povdesk.services.checks import SCOPED
from povdesk.services.status import Override, write_status
from povdesk.store.store import Store
from povdesk.store.tx import table

CERTIFY, REJECT = "certify", "reject"
MIN_REASON = 4  # characters: a rejection the team can act on says what is wrong


def queue(store: Store, ctx: RuleContext, village: str | None = None) -> list[dict[str, Any]]:
    """Every household proposed for exit, by village and number, with its evidence. A
    whole county's queue takes seconds: the window and the command read it by `page`."""
    with store.read() as conn:
        found = conn.execute(_proposed(store, village).order_by(*_ORDER)).all()
    return _described(store, ctx, found)


def page(
    store: Store,
    ctx: RuleContext,
    village: str | None = None,
    *,
    number: int = 1,
    after: Key | None = None,
    before: Key | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the queue, checked alone: its cost grows with the page, not with the
    county. By key (`after` the last row seen, `before` the first one, for the previous
    page): a decision between two reads neither skips nor repeats a household, as
    counting rows (`number`) would once the queue has shrunk."""
    check_size(number, size)
    base = _proposed(store, village)
    sub = base.subquery()
    with store.read() as conn:
        total = conn.execute(select(func.count()).select_from(sub)).scalar_one()
        if before is not None:
            found = conn.execute(
                base.where(_below(before)).order_by(*(c.desc() for c in _ORDER)).limit(size)
            ).all()[::-1]
            if len(found) < size:  # back at the start: show a whole first page
                found = conn.execute(base.order_by(*_ORDER).limit(size)).all()
        elif after is not None:
            found = conn.execute(base.where(_above(after)).order_by(*_ORDER).limit(size)).all()
        else:
            start = (number - 1) * size
            found = conn.execute(base.order_by(*_ORDER).offset(start).limit(size)).all()
        if found:
            first = (found[0].code, found[0].number)
            start = conn.execute(
                select(func.count()).select_from(base.where(_below(first)).subquery())
            ).scalar_one()
        else:
            start = total if after is not None else min((number - 1) * size, total)
    return Page(_described(store, ctx, found), int(total), int(start), size)


_H, _V = table("household"), table("village")
_ORDER = (_V.c.code, _H.c.number)


def _proposed(store: Store, village: str | None) -> Any:
    """The queue's rows, narrow (id, village, number), unordered."""
    stmt = (
        select(_H.c.id, _V.c.code, _V.c.name, _H.c.number)
        .join(_V, _V.c.id == _H.c.village_id)
        .where(_H.c.status == HouseholdStatus.PROPOSED.value)
    )
    if village is not None:
        stmt = stmt.where(_H.c.village_id == _village_id(store, village))
    return stmt


def _above(key: Key) -> Any:
    code, number = key
    return or_(_V.c.code > code, and_(_V.c.code == code, _H.c.number > number))


def _below(key: Key) -> Any:
    code, number = key
    return or_(_V.c.code < code, and_(_V.c.code == code, _H.c.number < number))


def _described(store: Store, ctx: RuleContext, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The `rows` (id, code, name, number), in their order, with their evidence."""
    where = {r.id: (r.code, r.name) for r in rows}
    ids = sorted(where)
    with store.read() as conn:
        evidence = _evidence(conn, ids)
    checks = []
    for i in range(0, len(ids), SCOPED):  # see figures.village_checks
        checks += store.checks.evaluate(ctx=ctx, household_ids=ids[i : i + SCOPED])
    out = {}
    for c in checks:
        hid = c.household.id
        covered = covered_codes(evidence["override_rows"].get(hid, []), ctx.year)
        # The decision's own rule (povdesk.services.status.write_status): `certifiable`
        # is exactly what certification will do. A missing standard refuses it too, but
        # is no problem of the household's, so it is not among the open findings.
        reasons = guard_reasons(c.readiness, hid, covered)
        blocking = [f for f in reasons if f.code != STANDARD_MISSING]
        out[hid] = {
            "id": hid,
            "village_code": where[hid][0],
            "village": where[hid][1],
            "number": c.household.number,
            "head": c.head_name,
            "size": c.size,
            "proposed_on": evidence["proposed"].get(hid),
            "checklist": {d: not found for d, found in c.readiness.by_dimension.items()},
            "findings": [
                {"code": f.code, "blocking": f.blocking, "zh": f.zh, "en": f.en} for f in c.findings
            ],
            "certifiable": not reasons,
            "standard_gaps": [g.as_dict() for g in c.readiness.gaps],
            "blocking_open": len(blocking),
            "blocking_reasons": [{"code": f.code, "zh": f.zh, "en": f.en} for f in blocking],
            "visits": evidence["visits"].get(hid, 0),
            "last_visit": evidence["last_visit"].get(hid),
            "photos": evidence["photos"].get(hid, 0),
            "overrides": evidence["overrides"].get(hid, []),
        }
    return [out[r.id] for r in rows if r.id in out]


def _evidence(conn: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {
        k: {} for k in ("visits", "last_visit", "photos", "overrides", "override_rows", "proposed")
    }
    vt, at = table("visit"), table("attachment")
    ot, st, ct = table("exit_override"), table("status_record"), table("cadre")
    for i in range(0, len(ids), 900):
        part = ids[i : i + 900]
        for hid, n, last in conn.execute(
            select(vt.c.household_id, func.count(), func.max(vt.c.at))
            .where(vt.c.household_id.in_(part))
            .group_by(vt.c.household_id)
        ):
            out["visits"][hid] = int(n)
            out["last_visit"][hid] = last.date().isoformat() if last else None
        for hid, n in conn.execute(
            select(at.c.household_id, func.count())
            .where(at.c.household_id.in_(part), at.c.kind == AttachmentKind.PHOTO.value)
            .group_by(at.c.household_id)
        ):
            out["photos"][hid] = int(n)
        for r in conn.execute(
            select(ot, ct.c.name.label("cadre"))
            .outerjoin(ct, ct.c.id == ot.c.cadre_id)
            .where(ot.c.household_id.in_(part))
            .order_by(ot.c.date)
        ):
            out["overrides"].setdefault(r.household_id, []).append(
                {
                    "year": r.year,
                    "date": r.date.isoformat(),
                    "cadre": r.cadre or "",
                    "reason": r.reason,
                    "findings": list(r.finding_codes),
                }
            )
            out["override_rows"].setdefault(r.household_id, []).append(r)
        for hid, day in conn.execute(
            select(st.c.household_id, func.max(st.c.date))
            .where(st.c.household_id.in_(part), st.c.status == HouseholdStatus.PROPOSED.value)
            .group_by(st.c.household_id)
        ):
            out["proposed"][hid] = day.isoformat() if day else None
    return out


def decide(
    store: Store,
    key: str,
    decision: str,
    reason: str,
    *,
    village: str | None = None,
    ctx: RuleContext | None = None,
    override: Override | None = None,
    on: dt.date | None = None,
) -> StatusRecordData:
    """Certify (→ 已脱贫, through the exit guard) or reject (→ 未脱贫, with the reason)."""
    return decide_op(
        store, key, decision, reason, village=village, ctx=ctx, override=override, on=on
    ).value


def decide_op(
    store: Store,
    key: str,
    decision: str,
    reason: str,
    *,
    village: str | None = None,
    ctx: RuleContext | None = None,
    override: Override | None = None,
    on: dt.date | None = None,
) -> OpResult[StatusRecordData]:
    """`decide`, with what it changed (the household and its status record)."""
    if decision not in (CERTIFY, REJECT):
        raise UserError(
            f"决定只能是 certify(认定退出)或 reject(退回):{decision}",
            f"The decision is certify or reject, not {decision}",
            code="invalid",
        )
    reason = reason.strip()
    if decision == REJECT and len(reason) < MIN_REASON:
        raise UserError(
            f"退回须写明理由（至少 {MIN_REASON} 个字），让工作队知道要补什么。",
            f"A rejection needs a reason ({MIN_REASON} characters or more) so the team "
            "knows what to fix.",
            code="invalid",
        )
    hh = _household(store, key, village)
    on = on or (ctx.today if ctx is not None else dt.date.today())
    year = ctx.year if ctx is not None else None
    target = HouseholdStatus.POOR if decision == REJECT else HouseholdStatus.EXITED
    with store.tx() as tx:
        row = write_status(
            store,
            tx,
            hh.id,
            target,
            year=year,
            reason=reason,
            on=on,
            override=override if decision == CERTIFY else None,
            only_from=HouseholdStatus.PROPOSED,
        )
    return OpResult(as_data(StatusRecordData, row), OpChanges.of(tx.changes))


def _village_id(store: Store, code: str) -> str:
    found = store.villages.find(code)
    if found is None:
        raise NotFound("村", "village", code)
    return found.id


def _household(store: Store, key: str, village: str | None) -> Any:
    found = store.households.find(
        key, village_id=_village_id(store, village) if village is not None else None
    )
    if found is None:
        raise NotFound("户", "household", key)
    return found
