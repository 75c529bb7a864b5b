"""Which households a saved change may have changed the findings of, and what a view of
the village needs to bring just those up to date (issue 15: checking a township again
after each edit took most of a minute).

A rule reads one household's file and the rule context; the context is where other
households come in (the ID numbers used twice, `RuleContext.duplicate_id_numbers`) and
where the settings are (lines, standards, cadres). So a change re-checks the households
it touched plus those holding an ID number that became, or stopped being, a duplicate;
anything that changes the rest of the context (a setting, a cadre, a new day) is not
answered here: the caller checks the whole village again."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from povdesk.rules.facts import RuleContext
from povdesk.services.base import sibling
from povdesk.services.checks import Brief, Checks
from povdesk.services.config import Config
from povdesk.services.households import Households, HouseholdSummary, SearchKeys
from povdesk.services.stored import MOST, StoredChecks, holders
from povdesk.services.work import Visits

if TYPE_CHECKING:
    from povdesk.changes import Changes
    from povdesk.services.base import StoreAPI

# Records that belong to one household (they carry its id, or are it): a change to any
# other kind (a village, a cadre, a standard) may touch every household's findings.
HOUSEHOLD_RECORDS = frozenset(
    {
        "household",
        "member",
        "pairing",
        "exit_override",
        "status_record",
        "life_event",
        "income",
        "measure",
        "fund_entry",
        "visit",
        "assessment",
        "attachment",
    }
)


@dataclass(frozen=True)
class Recheck:
    """The households re-checked and what the list shows of them, read after the change.
    A household in `household_ids` but missing from `summaries` is gone."""

    ctx: RuleContext
    household_ids: frozenset[str]
    briefs: dict[str, Brief]
    summaries: list[HouseholdSummary]
    search_keys: list[SearchKeys]
    last_visits: dict[str, dt.date]


def kinds(changes: Changes) -> set[str]:
    return {e for part in (changes.created, changes.updated, changes.deleted) for e in part}


def recheck(store: StoreAPI, changes: Changes, before: RuleContext) -> Recheck | None:
    """The households `changes` may have changed, re-checked against a fresh context;
    None when the whole village must be checked again (a change beyond households, or a
    context that differs from `before` in more than its duplicate ID numbers)."""
    if not kinds(changes) <= HOUSEHOLD_RECORDS or len(changes.households) > MOST:
        return None
    ctx = sibling(store, "config", Config).context()
    if dataclasses.replace(ctx, duplicate_id_numbers=before.duplicate_id_numbers) != before:
        return None
    flipped = before.duplicate_id_numbers ^ ctx.duplicate_id_numbers
    with store.read() as conn:
        ids = set(changes.households) | holders(conn, flipped, ctx.today)
    if len(ids) > MOST:
        return None
    listed = sorted(ids)
    households = sibling(store, "households", Households)
    # The transaction stored their checks as it saved (povdesk/services/stored.py); any
    # it left stale are checked here.
    briefs = sibling(store, "stored", StoredChecks).briefs(listed, ctx)
    missing = [h for h in listed if h not in briefs]
    if missing:
        found = sibling(store, "checks", Checks).evaluate(ctx=ctx, household_ids=missing)
        briefs.update((c.household.id, Brief.of(c)) for c in found)
    return Recheck(
        ctx=ctx,
        household_ids=frozenset(ids),
        briefs=briefs,
        summaries=households.summaries(household_ids=listed),
        search_keys=list(households.search_keys(household_ids=listed)),
        last_visits=sibling(store, "visits", Visits).last_dates(household_ids=listed),
    )
