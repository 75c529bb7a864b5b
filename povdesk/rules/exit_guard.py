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

from dataclasses import dataclass

from povdesk.codes import HouseholdStatus
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.readiness import readiness

__all__ = ["GUARDED_STATUSES", "ExitVerdict", "covered_codes", "exit_verdict", "guard"]

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


def covered_codes(file: HouseholdFile, year: int) -> frozenset[str]:
    """The finding codes the household's written overrides for `year` cover. An override
    from another year covers nothing now: the facts it excused may have changed."""
    return frozenset(code for o in file.overrides if o.year == year for code in o.finding_codes)


@dataclass(frozen=True)
class ExitVerdict:
    """Whether a household may be certified, or announced on the village notice, as
    exiting in the context's year (domain.md §3).

    `blocking` holds every blocking finding, `open` those no written override for the
    year covers. Allowed means nothing is open: either the household meets the
    standard, or every blocking finding carries a named cadre's written reason
    (`overridden`), which the county still sees as an `exit_override` finding.
    """

    blocking: tuple[Finding, ...]
    open: tuple[Finding, ...]

    @property
    def allowed(self) -> bool:
        return not self.open

    @property
    def overridden(self) -> bool:
        return bool(self.blocking) and not self.open


def exit_verdict(file: HouseholdFile, ctx: RuleContext) -> ExitVerdict:
    """The one answer to "may this household exit in `ctx.year`, and if not, why": the
    exit guard with the year's written overrides taken into account."""
    blocking = tuple(guard(file, ctx, HouseholdStatus.EXITED.value))
    covered = covered_codes(file, ctx.year)
    return ExitVerdict(blocking, tuple(f for f in blocking if f.code not in covered))
