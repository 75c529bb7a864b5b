"""The exit guard: no household is proposed for or marked as exit against the standard.

domain.md §1 and §3: fake exits (虚假脱贫) are what povdesk exists to make hard. Moving a
household to 拟退出 (PROPOSED) or 已脱贫 (EXITED) is allowed only when no blocking finding
(`readiness.readiness(...).blocking`) stands, or each one that stands is covered by an
override. The service layer calls `guard` and raises `povdesk.errors.ExitBlocked` with
the findings it returns, unless an override (`ExitOverrideData`) with a written reason by
a named cadre is recorded for those finding codes; the override is then itself reported
to the county as an `exit_override` finding, so it never hides the problem.

Other moves (back to 未脱贫, 返贫, 销号) are never blocked: refusing to record that a
household is still or again poor would hide the truth instead of protecting it.
"""

from __future__ import annotations

from povdesk.codes import HouseholdStatus
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.readiness import readiness

__all__ = ["GUARDED_STATUSES", "guard"]

GUARDED_STATUSES = frozenset({HouseholdStatus.PROPOSED.value, HouseholdStatus.EXITED.value})


def guard(
    file: HouseholdFile,
    ctx: RuleContext,
    target_status: str,
    overridden_codes: frozenset[str] = frozenset(),
) -> list[Finding]:
    """The blocking findings that forbid moving to `target_status`; [] means allowed.

    `overridden_codes` are finding codes an override covers; a code covers every finding
    with that code (e.g. every member's `no_medical_insurance`), as recorded in
    `ExitOverrideData.finding_codes`.
    """
    if target_status not in GUARDED_STATUSES:
        return []
    return [f for f in readiness(file, ctx).blocking if f.code not in overridden_codes]
