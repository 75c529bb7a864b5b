"""All findings for one household, and whether it meets the exit standard (domain.md §3).

`findings_for` gathers every rule module:

- exit standard, six dimensions (`exit_standard.py`, the only blocking findings);
- national data-cleaning consistency checks (`consistency.py`);
- ID numbers (`identity.py`);
- plan and funds (`measures.py`);
- and, here, the exit-status checks below.

=============  =========================  ========  ========
code           dimension                  blocking  severity
=============  =========================  ========  ========
false_exit     that of the underlying     yes       error
exit_override  plan                       no        warning
=============  =========================  ========  ========

`false_exit` (虚假脱贫, domain.md §1): a household already marked 已脱贫 while a blocking
finding stands gets one `false_exit` per such finding, with the same dimension, member
and field, so the county's list of fake exits points at the exact fact. `exit_override`:
every recorded override is reported, naming the cadre and the written reason, because an
override must never hide a problem from the county.

`readiness` answers "may this household exit now?" from the underlying blocking
findings. It leaves `false_exit` out: those repeat findings already counted, and
counting them twice would make an exited household look twice as far from the standard.
A standard missing for the year (`standards.py`) makes a household neither ready nor
blocked: its readiness is *undetermined* until the figure is entered, and it is counted
in no shortfall (domain.md §8).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from povdesk.codes import EXIT_DIMENSIONS, Dimension, HouseholdStatus, Severity
from povdesk.rules.common import finding
from povdesk.rules.consistency import consistency_findings
from povdesk.rules.elimination import monitoring_findings
from povdesk.rules.exit_standard import exit_findings
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.identity import identity_findings
from povdesk.rules.measures import fund_findings, plan_findings
from povdesk.rules.standards import StandardGap, exit_gaps

__all__ = ["EXIT_DIMENSIONS", "FALSE_EXIT", "VERDICTS", "Readiness", "findings_for", "readiness"]


FALSE_EXIT = "false_exit"

# verdict -> (zh sentence, en sentence, zh short, en short): the one wording of
# "may this household exit" for the CLI, the window, the PDFs and the spreadsheets.
VERDICTS: dict[str, tuple[str, str, str, str]] = {
    "ready": ("达到退出标准", "meets the exit standard", "是", "yes"),
    "blocked": ("未达到退出标准", "does not meet the exit standard", "否", "no"),
    "undetermined": (
        "能否退出待定：缺少本年度标准",
        "cannot be judged: this year's standard is missing",
        "待定",
        "pending",
    ),
    "not_registered": (
        "一般农户，不适用退出标准",
        "an ordinary household: the exit standard does not apply",
        "不适用",
        "n/a",
    ),
}

# Plain strings, read once per household: an enum member's .value is a descriptor call.
_EXITED = HouseholdStatus.EXITED.value
_NON_POOR = HouseholdStatus.NON_POOR.value
_DIMENSION_VALUES = {d: d.value for d in EXIT_DIMENSIONS}


@dataclass(frozen=True)
class Readiness:
    """`by_dimension` has a key for each of the six exit dimensions (by value, e.g.
    "housing"), its blocking findings, empty when that dimension passes.

    `blocking` holds the household's own problems; `gaps` the standards missing for the
    year, which keep the household from being `ready` without being its problem."""

    ready: bool
    blocking: tuple[Finding, ...]
    by_dimension: Mapping[str, tuple[Finding, ...]]
    gaps: tuple[StandardGap, ...] = ()
    registered: bool = True  # False for a household never registered poor (一般农户)

    @property
    def verdict(self) -> str:
        """ "ready", "blocked" (a problem of its own), "undetermined" (only a standard
        is missing) or "not_registered" (一般农户: there is no exit to meet); `VERDICTS`
        has the words for each."""
        if not self.registered:
            return "not_registered"
        if self.ready:
            return "ready"
        return "blocked" if self.blocking else "undetermined"

    @property
    def blocked(self) -> bool:
        """A household problem blocks the exit (a missing standard is not one)."""
        return bool(self.blocking)

    @property
    def undetermined(self) -> bool:
        """Nothing of the household's own blocks, but a standard is missing."""
        return self.registered and not self.blocking and bool(self.gaps)


def findings_for(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    """Every finding for the household, blocking or not, in a stable order."""
    present = file.present  # rebuilt by the file on every read: once for all the rules
    # A household never registered poor has no exit to meet; it is in the store to be
    # monitored (domain.md §7), and the monitoring rules speak for it.
    registered = file.household.status != _NON_POOR
    out = [
        *(exit_findings(file, ctx, present=present) if registered else ()),
        *consistency_findings(file, ctx, present=present),
        *identity_findings(file, ctx, present=present),
        *plan_findings(file, ctx),
        *fund_findings(file, ctx),
        *monitoring_findings(file, ctx),
    ]
    if file.household.status == _EXITED:
        out += [_false_exit(f) for f in out if f.blocking]
    out += _overrides(file, ctx)
    return out


def readiness(
    file: HouseholdFile, ctx: RuleContext, findings: list[Finding] | None = None
) -> Readiness:
    """Whether the household meets the exit standard; `findings` may be passed to reuse
    a list already computed by `findings_for` for the same file and context."""
    found = findings_for(file, ctx) if findings is None else findings
    blocking = tuple(f for f in found if f.blocking and f.code != FALSE_EXIT)
    gaps = exit_gaps(ctx)
    registered = file.household.status != _NON_POOR
    return Readiness(
        ready=registered and not blocking and not gaps,
        blocking=blocking,
        by_dimension=MappingProxyType(_by_dimension(blocking)),
        gaps=gaps,
        registered=registered,
    )


def _by_dimension(blocking: tuple[Finding, ...]) -> dict[str, tuple[Finding, ...]]:
    """{dimension value: its findings, in order} for each exit dimension, in one pass
    over `blocking` rather than one per dimension (Dimension members are singletons, so
    grouping by equality is grouping by identity)."""
    groups: dict[Dimension, list[Finding]] = {d: [] for d in EXIT_DIMENSIONS}
    for f in blocking:
        group = groups.get(f.dimension)
        if group is not None:
            group.append(f)
    return {_DIMENSION_VALUES[d]: tuple(found) for d, found in groups.items()}


def _false_exit(f: Finding) -> Finding:
    return Finding(
        code=FALSE_EXIT,
        dimension=f.dimension,
        blocking=True,
        severity=Severity.ERROR,
        household_id=f.household_id,
        zh=f"已脱贫但：{f.zh}",
        en=f"Marked as out of poverty, but: {f.en}",
        member_id=f.member_id,
        field=f.field,
    )


def _overrides(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for o in file.overrides:
        cadre = ctx.cadres.get(o.cadre_id)
        who = cadre.name if cadre is not None and cadre.name else f"（干部 {o.cadre_id}）"
        who_en = cadre.name if cadre is not None and cadre.name else f"(cadre {o.cadre_id})"
        # The findings by number, not by their internal codes (a person reads this).
        held = (
            f"当时有 {len(o.finding_codes)} 项阻止退出的问题" if o.finding_codes else "当时无问题"
        )
        reason = o.reason.strip() or "（未写理由）"
        out.append(
            finding(
                file,
                "exit_override",
                Dimension.PLAN,
                Severity.WARNING,
                f"{o.date.isoformat()} {who} 放行退出（{o.year} 年，{held}），理由：{reason}",
                f"On {o.date.isoformat()} {who_en} overrode the exit check for {o.year} "
                f"(findings: {', '.join(o.finding_codes) or 'none'}); reason: "
                f"{o.reason.strip() or '(no reason written)'}",
            )
        )
    return out
