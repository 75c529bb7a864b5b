"""What the window shows of a village, computed off the GUI thread: the checked
households, the search index and the last visits. No rule lives here: it only
assembles what the core computes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from povdesk.codes import HouseholdCategory, HouseholdStatus
from povdesk.search import SearchIndex
from povdesk.services.checks import HouseholdCheck, Summary, summarise
from povdesk.services.lists import HouseholdFilter, select
from povdesk.store import Store
from ui.households_model import Row


@dataclass
class VillageView:
    checks: dict[str, HouseholdCheck]
    order: list[str]  # 户编号 order
    index: SearchIndex
    last_visits: dict[str, dt.date]
    today: dt.date
    summary: Summary

    @classmethod
    def load(cls, store: Store) -> VillageView:
        ctx = store.config.context()
        checks = store.checks.evaluate(ctx=ctx)
        files = store.households.files(parts=["members"])
        return cls(
            checks={c.household.id: c for c in checks},
            order=[c.household.id for c in checks],
            index=SearchIndex.build((f.household, f.members) for f in files),
            last_visits=store.visits.last_dates(),
            today=ctx.today,
            summary=summarise(checks, ctx.today),
        )

    def ids(self, query: str, flt: HouseholdFilter) -> list[str]:
        """Households matching the search text (best first) and the filter."""
        found = self.index.search(query) if query.strip() else self.order
        wanted = [self.checks[h] for h in found if h in self.checks]
        return [c.household.id for c in select(wanted, flt, self.last_visits, self.today)]

    def rows(self, ids: Sequence[str], lang: str) -> dict[str, Row]:
        yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
        out: dict[str, Row] = {}
        for hid in ids:
            c = self.checks[hid]
            h = c.household
            category = HouseholdCategory.lookup(h.category) if h.category else None
            status = HouseholdStatus.lookup(h.status)
            out[hid] = (
                h.number,
                c.head_name,
                h.group,
                category.label(lang) if category else "",
                status.label(lang) if status else h.status,
                str(c.size),
                yes if c.readiness.ready else no,
                str(c.blocking_count),
                str(c.priority),
            )
        return out
