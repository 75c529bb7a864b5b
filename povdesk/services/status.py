"""Status changes with the exit guard: no fake exit without a visible, signed override.

`write_status` is the one writer of a household's status: the village's proposal, the
county's certify and reject, and a person resolving a conflict over the status all go
through it. It evaluates the exit guard inside the caller's write transaction (the
household's file and the standards are read through that transaction), so nothing can
change the household between the guard's verdict and the write, not even another
workstation on the county's shared database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from povdesk.codes import HouseholdStatus
from povdesk.errors import ExitBlocked, NotFound, UserError, ValidationError
from povdesk.models import StatusRecordData, table
from povdesk.rules.exit_guard import GUARDED_STATUSES, covered_codes, guard_reasons
from povdesk.rules.readiness import readiness
from povdesk.rules.standards import STANDARD_MISSING
from povdesk.services.base import Service, as_data, fetch, sibling
from povdesk.services.checks import Checks
from povdesk.services.config import Config
from povdesk.services.households import Households

if TYPE_CHECKING:
    from povdesk.services.base import StoreAPI, Tx

# The procedure of domain.md §3: an exit is proposed before it is certified, and only
# an exited (or removed) household can fall back.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    HouseholdStatus.EXITED.value: frozenset({HouseholdStatus.PROPOSED.value}),
    HouseholdStatus.RETURNED.value: frozenset(
        {HouseholdStatus.EXITED.value, HouseholdStatus.REMOVED.value}
    ),
    HouseholdStatus.REMOVED.value: frozenset({HouseholdStatus.EXITED.value}),
}
MIN_REASON = 10  # characters: "同意" is not a reason


@dataclass(frozen=True)
class Override:
    """A named cadre's written reason to let an exit pass despite blocking findings."""

    cadre_id: str
    reason: str


def write_status(
    store: StoreAPI,
    tx: Tx,
    household_id: str,
    status: HouseholdStatus | str,
    *,
    year: int | None = None,
    reason: str = "",
    on: dt.date | None = None,
    override: Override | None = None,
    check_order: bool = True,
    only_from: HouseholdStatus | None = None,
) -> dict[str, Any]:
    """Change one household's status inside `tx`, through the exit guard; the new status
    record's row. Raises (and the caller's transaction then writes nothing) when the move
    breaks the procedure order (unless `check_order` is off: a conflict's resolution
    chooses between two recorded values) or the guard refuses it. `only_from` is the
    status a decision is about (the county certifies or rejects only proposed exits),
    checked here so that nothing can change it between the check and the write.

    The guard counts the overrides recorded for the assessment year; `override` adds a new
    one for whatever they leave uncovered. A missing standard is never overridden."""
    target = HouseholdStatus.parse(status)
    files = sibling(store, "households", Households).files(household_ids=[household_id])
    if not files:
        raise NotFound("户", "household", household_id)
    file = files[0]
    hh = file.household
    if only_from is not None and hh.status != only_from.value:
        now = HouseholdStatus.parse(hh.status)
        raise UserError(
            f"户 {hh.number} 当前为{now.zh}，不在待审核的{only_from.zh}名单中，未作任何改动。",
            f"Household {hh.number} is {now.en}, not {only_from.en.lower()}; nothing was changed.",
            code="not_proposed",
        )
    allowed = ALLOWED_FROM.get(target.value)
    if check_order and allowed is not None and hh.status not in allowed:
        now = HouseholdStatus.parse(hh.status)
        raise UserError(
            f"户 {hh.number} 当前为{now.zh}，不能直接改为{target.zh}",
            f"Household {hh.number} is {now.en}; it cannot go straight to {target.en}",
            code="bad_transition",
        )
    on = on or dt.date.today()
    ctx = sibling(store, "config", Config).context(today=on, year=year)
    ready = readiness(file, ctx)
    guarded = target.value in GUARDED_STATUSES
    left = guard_reasons(ready, hh.id, covered_codes(file.overrides, ctx.year)) if guarded else []
    override_id = None
    if any(f.code == STANDARD_MISSING for f in left):
        raise ExitBlocked(hh.number, [(f.zh, f.en) for f in left], overridable=False)
    if left:
        if override is None:
            raise ExitBlocked(hh.number, [(f.zh, f.en) for f in left])
        override_id = _new_override(tx, hh.id, ctx.year, override, left, on)
    elif guarded and ready.blocking:
        # Every blocking finding is covered by a written override already on record for
        # the year (made by the team when proposing): the record points at the newest.
        override_id = _newest_override(tx, hh.id, ctx.year)
    row = tx.insert(
        "status_record",
        {
            "household_id": hh.id,
            "year": ctx.year,
            "status": target.value,
            "date": on,
            "reason": reason,
            "decided_by": tx.actor,
            "override_id": override_id,
        },
    )
    tx.update("household", hh.id, {"status": target.value})
    return row


def _new_override(
    tx: Tx, household_id: str, year: int, override: Override, left: list[Any], on: dt.date
) -> str:
    if len(override.reason.strip()) < MIN_REASON:
        raise ValidationError(
            [
                (
                    "reason",
                    f"放行理由至少 {MIN_REASON} 个字",
                    f"an override reason needs {MIN_REASON} characters or more",
                )
            ]
        )
    if tx.get("cadre", override.cadre_id) is None:
        raise UserError(
            f"找不到干部：{override.cadre_id}",
            f"No cadre found: {override.cadre_id}",
            code="not_found",
        )
    return str(
        tx.insert(
            "exit_override",
            {
                "household_id": household_id,
                "year": year,
                "cadre_id": override.cadre_id,
                "reason": override.reason.strip(),
                "finding_codes": sorted({f.code for f in left}),
                "date": on,
            },
        )["id"]
    )


def _newest_override(tx: Tx, household_id: str, year: int) -> str | None:
    o = table("exit_override")
    found = tx.conn.execute(
        select(o.c.id)
        .where(o.c.household_id == household_id, o.c.year == year)
        .order_by(o.c.date.desc(), o.c.rev.desc())
        .limit(1)
    ).scalar()
    return None if found is None else str(found)


VERDICT_SLICE = 500


def incoming_verdicts(
    store: StoreAPI, tx: Tx, household_ids: list[str]
) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """For households a bundle has just set to 拟退出 or 已脱贫, this store's own guard
    verdict, inside the import's transaction: (户编号, status, reasons) for each the guard
    refuses. A merge records what the sender decided (the sender's guard let it pass, on
    the sender's data and standards) and is not refused for it, but the difference is
    said at once instead of surfacing later as a surprise in the queue."""
    out: list[tuple[str, str, list[tuple[str, str]]]] = []
    if not household_ids:
        return out
    ctx = sibling(store, "config", Config).context()
    checks = sibling(store, "checks", Checks)
    # A slice of households at a time: a village's first bundle sets thousands to 已脱贫,
    # and their whole files at once held hundreds of MB (issue 17). Only what the rules
    # read is loaded, as for the county's own review queue (county/review.py).
    files = (
        f
        for i in range(0, len(household_ids), VERDICT_SLICE)
        for f in checks.load(ctx, household_ids=household_ids[i : i + VERDICT_SLICE])
    )
    for file in files:
        hh = file.household
        if hh.status not in GUARDED_STATUSES:
            continue
        left = guard_reasons(readiness(file, ctx), hh.id, covered_codes(file.overrides, ctx.year))
        # A missing standard is said once, to whoever can enter it (domain.md §8), not
        # once per household of the bundle.
        left = [f for f in left if f.code != STANDARD_MISSING]
        if left:
            out.append((hh.number, hh.status, [(f.zh, f.en) for f in left]))
    return sorted(out)


class Status(Service):
    entity = "status_record"

    def change(
        self,
        household_key: str,
        status: HouseholdStatus | str,
        *,
        year: int | None = None,
        reason: str = "",
        on: dt.date | None = None,
        override: Override | None = None,
    ) -> StatusRecordData:
        hid = sibling(self.store, "households", Households).get(household_key).id
        with self.store.tx() as tx:
            row = write_status(
                self.store, tx, hid, status, year=year, reason=reason, on=on, override=override
            )
        return as_data(StatusRecordData, row)

    def history(self, household_id: str) -> list[StatusRecordData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(
                conn,
                select(t).where(t.c.household_id == household_id).order_by(t.c.date, t.c.rev),
                StatusRecordData,
            )
