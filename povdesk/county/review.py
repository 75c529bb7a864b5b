"""The county's review of proposed exits (拟退出 → 已脱贫, domain.md §3 "county certifies"):
the queue with each household's evidence, and the decision, which is an audited status
change. It reaches the team in the village's next return bundle like any county edit:
the household's status and the status record with the reason (docs/bundle-format.md §2.2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from povdesk.codes import AttachmentKind, HouseholdStatus
from povdesk.errors import ExitBlocked, NotFound, UserError
from povdesk.models import StatusRecordData
from povdesk.rules.exit_guard import guard
from povdesk.rules.facts import RuleContext
from povdesk.services.base import as_data
from povdesk.services.checks import SCOPED
from povdesk.services.status import Override
from povdesk.store.store import Store
from povdesk.store.tx import table

CERTIFY, REJECT = "certify", "reject"
MIN_REASON = 4  # characters: a rejection the team can act on says what is wrong


def queue(store: Store, ctx: RuleContext, village: str | None = None) -> list[dict[str, Any]]:
    """Every household proposed for exit, by village and number, with its evidence."""
    h, v = table("household"), table("village")
    stmt = (
        select(h.c.id, v.c.code, v.c.name)
        .join(v, v.c.id == h.c.village_id)
        .where(h.c.status == HouseholdStatus.PROPOSED.value)
    )
    if village is not None:
        stmt = stmt.where(v.c.id == _village_id(store, village))
    with store.read() as conn:
        where = {r.id: (r.code, r.name) for r in conn.execute(stmt)}
        evidence = _evidence(conn, list(where))
    ids = sorted(where)
    checks = []
    for i in range(0, len(ids), SCOPED):  # see figures.village_checks
        checks += store.checks.evaluate(ctx=ctx, household_ids=ids[i : i + SCOPED])
    out = []
    for c in checks:
        hid = c.household.id
        covered = evidence["overridden"].get(hid, set())
        blocking = [f for f in c.readiness.blocking if f.code not in covered]
        out.append(
            {
                "id": hid,
                "village_code": where[hid][0],
                "village": where[hid][1],
                "number": c.household.number,
                "head": c.head_name,
                "size": c.size,
                "proposed_on": evidence["proposed"].get(hid),
                "checklist": {d: not found for d, found in c.readiness.by_dimension.items()},
                "findings": [
                    {"code": f.code, "blocking": f.blocking, "zh": f.zh, "en": f.en}
                    for f in c.findings
                ],
                "blocking_open": len(blocking),
                "visits": evidence["visits"].get(hid, 0),
                "last_visit": evidence["last_visit"].get(hid),
                "photos": evidence["photos"].get(hid, 0),
                "overrides": evidence["overrides"].get(hid, []),
            }
        )
    return sorted(out, key=lambda r: (r["village_code"], r["number"]))


def _evidence(conn: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {
        k: {} for k in ("visits", "last_visit", "photos", "overrides", "overridden", "proposed")
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
            out["overridden"].setdefault(r.household_id, set()).update(r.finding_codes)
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
    if hh.status != HouseholdStatus.PROPOSED.value:
        now = HouseholdStatus.parse(hh.status)
        raise UserError(
            f"户 {hh.number} 当前为{now.zh}，不在待审核的拟退出名单中，未作任何改动。",
            f"Household {hh.number} is {now.en}, not proposed for exit; nothing was changed.",
            code="not_proposed",
        )
    ctx = ctx or store.config.context(today=on)
    if decision == REJECT:
        return store.status.change(
            hh.id, HouseholdStatus.POOR, year=ctx.year, reason=reason, on=on or ctx.today
        )
    file = store.households.file(hh.id)
    covered = frozenset(
        code for o in file.overrides if o.year == ctx.year for code in o.finding_codes
    )
    blocking = guard(file, ctx, HouseholdStatus.EXITED.value)
    left = guard(file, ctx, HouseholdStatus.EXITED.value, covered)
    if blocking and not left and override is None:
        return _certify_overridden(store, hh.id, ctx, reason, on or ctx.today)
    if left and override is None:
        raise ExitBlocked(hh.number, [(f.zh, f.en) for f in left])
    return store.status.change(
        hh.id,
        HouseholdStatus.EXITED,
        year=ctx.year,
        reason=reason,
        on=on or ctx.today,
        override=override if blocking else None,
    )


def _certify_overridden(
    store: Store, household_id: str, ctx: RuleContext, reason: str, on: dt.date
) -> StatusRecordData:
    """Every blocking finding is covered by a written override already on record (made by
    the team when proposing): the certificate points at the newest one."""
    with store.tx() as tx:
        o = table("exit_override")
        override_id = tx.conn.execute(
            select(o.c.id)
            .where(o.c.household_id == household_id, o.c.year == ctx.year)
            .order_by(o.c.date.desc(), o.c.rev.desc())
            .limit(1)
        ).scalar()
        row = tx.insert(
            "status_record",
            {
                "household_id": household_id,
                "year": ctx.year,
                "status": HouseholdStatus.EXITED.value,
                "date": on,
                "reason": reason,
                "decided_by": tx.actor,
                "override_id": override_id,
            },
        )
        tx.update("household", household_id, {"status": HouseholdStatus.EXITED.value})
    return as_data(StatusRecordData, row)


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
