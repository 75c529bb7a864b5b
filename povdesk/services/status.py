"""Status changes with the exit guard: no fake exit without a visible, signed override."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from povdesk.codes import HouseholdStatus
from povdesk.errors import ExitBlocked, UserError, ValidationError
from povdesk.models import StatusRecordData
from povdesk.rules.exit_guard import guard
from povdesk.services.base import Service, as_data, fetch

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
        target = HouseholdStatus.parse(status)
        file = self.store.households.file(household_key)
        hh = file.household
        allowed = ALLOWED_FROM.get(target.value)
        if allowed is not None and hh.status not in allowed:
            now = HouseholdStatus.parse(hh.status)
            raise UserError(
                f"户 {hh.number} 当前为{now.zh}，不能直接改为{target.zh}",
                f"Household {hh.number} is {now.en}; it cannot go straight to {target.en}",
                code="bad_transition",
            )
        ctx = self.store.config.context(today=on)
        blocking = guard(file, ctx, target.value)
        if blocking and override is None:
            raise ExitBlocked(hh.number, [(f.zh, f.en) for f in blocking])
        with self.store.tx() as tx:
            override_id = None
            if blocking and override is not None:
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
                override_id = tx.insert(
                    "exit_override",
                    {
                        "household_id": hh.id,
                        "year": year or ctx.year,
                        "cadre_id": override.cadre_id,
                        "reason": override.reason.strip(),
                        "finding_codes": sorted({f.code for f in blocking}),
                        "date": on or dt.date.today(),
                    },
                )["id"]
            row = tx.insert(
                "status_record",
                {
                    "household_id": hh.id,
                    "year": year or ctx.year,
                    "status": target.value,
                    "date": on or dt.date.today(),
                    "reason": reason,
                    "decided_by": tx.actor,
                    "override_id": override_id,
                },
            )
            tx.update("household", hh.id, {"status": target.value})
        return as_data(StatusRecordData, row)

    def history(self, household_id: str) -> list[StatusRecordData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(
                conn,
                select(t).where(t.c.household_id == household_id).order_by(t.c.date, t.c.rev),
                StatusRecordData,
            )
