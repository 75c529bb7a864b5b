"""The exit guard: no household is proposed for or marked as exit against the standard.

domain.md §1 and §3: fake exits (虚假脱贫) are what povdesk exists to make hard. Moving a
household to 拟退出 (PROPOSED) or 已脱贫 (EXITED) is allowed only when no blocking finding
(`readiness.readiness(...).blocking`) stands, or each one that stands is covered by an
override of the assessment year. The one place that applies it is
`povdesk.services.status.write_status`, inside the write transaction; an override
(`ExitOverrideData`) with a written reason by a named cadre is then itself reported to the
county as an `exit_override` finding, so it never hides the problem.

A standard missing for the year (domain.md §8) also refuses, with a reason that names
the setting to enter; no override covers it, because nobody can say the income is above
a line that does not exist.

Other moves (back to 未脱贫, 返贫, 销号) are never blocked: refusing to record that a
household is still or again poor would hide the truth instead of protecting it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from povdesk.codes import HouseholdStatus
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.readiness import Readiness, readiness
from povdesk.rules.standards import gap_reason

__all__ = [
    "GUARDED_STATUSES",
    "ExitVerdict",
    "covered_codes",
    "exit_verdict",
    "guard",
    "guard_reasons",
]

GUARDED_STATUSES = frozenset({HouseholdStatus.PROPOSED.value, HouseholdStatus.EXITED.value})


class _Override(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def finding_codes(self) -> Sequence[str]: ...


def covered_codes(overrides: Iterable[_Override], year: int) -> frozenset[str]:
    """The finding codes a household's overrides for `year` cover (its file's, or rows
    read in bulk). One rule for the village's proposal, the county's queue and its
    decision: an override is given for one assessment year, and an older year's says
    nothing about this one."""
    return frozenset(c for o in overrides if o.year == year for c in o.finding_codes)


def guard(
    file: HouseholdFile,
    ctx: RuleContext,
    target_status: str,
    overridden_codes: frozenset[str] = frozenset(),
    *,
    ready: Readiness | None = None,
) -> list[Finding]:
    """The reasons that forbid moving to `target_status`; [] means allowed.

    The household's blocking findings not in `overridden_codes` come first (a code covers
    every finding with that code, e.g. every member's `no_medical_insurance`, as recorded
    in `ExitOverrideData.finding_codes`), then one reason per missing standard, which no
    override covers. `ready` may be passed to reuse a readiness already computed."""
    if target_status not in GUARDED_STATUSES:
        return []
    r = readiness(file, ctx) if ready is None else ready
    return guard_reasons(r, file.household.id, overridden_codes)


def guard_reasons(
    ready: Readiness, household_id: str, overridden_codes: frozenset[str] = frozenset()
) -> list[Finding]:
    """`guard` for a readiness already computed (the county's queue checks in bulk)."""
    out = [f for f in ready.blocking if f.code not in overridden_codes]
    out += [gap_reason(g, household_id) for g in ready.gaps]
    return out


@dataclass(frozen=True)
class ExitVerdict:
    """Whether a household may be certified, or announced on the village notice, as
    exiting in the context's year (domain.md §3).

    `blocking` holds every reason the guard gives, `open` those no written override for
    the year covers (a missing standard is always open). Allowed means nothing is open:
    either the household meets the standard, or every blocking finding carries a named
    cadre's written reason (`overridden`), which the county still sees as an
    `exit_override` finding.
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
    exit guard with the year's written overrides taken into account (the same rule as
    `povdesk.services.status.write_status` and the county's queue)."""
    r = readiness(file, ctx)
    blocking = tuple(guard_reasons(r, file.household.id))
    covered = covered_codes(file.overrides, ctx.year)
    return ExitVerdict(blocking, tuple(guard_reasons(r, file.household.id, covered)))
