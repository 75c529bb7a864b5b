"""What the window shows of a village, computed off the GUI thread, in two steps: the
household list at once (one grouped query), then the checks, the search index and the
overview when the whole village has been checked. No rule lives here: it only
assembles what the core computes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from povdesk.codes import HouseholdCategory, HouseholdStatus
from povdesk.search import SearchIndex
from povdesk.services.checks import HouseholdCheck, Summary, summarise
from povdesk.services.households import HouseholdSummary
from povdesk.services.lists import HouseholdFilter, select
from povdesk.store import Store
from ui.households_model import Row

PENDING = "…"  # a column the background check has not filled in yet


@dataclass
class VillageView:
    summaries: dict[str, HouseholdSummary]
    order: list[str]  # 户编号 order
    today: dt.date
    checks: dict[str, HouseholdCheck] = field(default_factory=dict)
    index: SearchIndex | None = None
    last_visits: dict[str, dt.date] = field(default_factory=dict)
    summary: Summary | None = None

    @property
    def checked(self) -> bool:
        return self.summary is not None

    @classmethod
    def quick(cls, store: Store) -> VillageView:
        """The list's first columns only: fast enough to show before anything else."""
        rows = store.households.summaries()
        return cls({r.id: r for r in rows}, [r.id for r in rows], dt.date.today())

    @classmethod
    def load(cls, store: Store) -> VillageView:
        return cls.quick(store).complete(store)

    def complete(self, store: Store) -> VillageView:
        """The same village with every household checked and searchable."""
        ctx = store.config.context()
        checks = store.checks.evaluate(ctx=ctx)
        files = store.households.files(parts=["members"])
        return dataclasses.replace(
            self,
            today=ctx.today,
            checks={c.household.id: c for c in checks},
            index=SearchIndex.build((f.household, f.members) for f in files),
            last_visits=store.visits.last_dates(),
            summary=summarise(checks, ctx.today),
        )

    def ids(self, query: str, flt: HouseholdFilter) -> list[str]:
        """Households matching the search text (best first) and the filter. Until the
        village is checked, a filter matches nothing rather than something untrue."""
        if flt != HouseholdFilter() and not self.checked:
            return []
        if not query.strip():
            found = self.order
        elif self.index is not None:
            found = self.index.search(query)
        else:  # before the index is built: plain text on number and head
            text = query.strip().lower()
            found = [
                h
                for h in self.order
                if text in self.summaries[h].number or text in self.summaries[h].head
            ]
        if not self.checked:
            return found
        wanted = [self.checks[h] for h in found if h in self.checks]
        return [c.household.id for c in select(wanted, flt, self.last_visits, self.today)]

    def rows(self, ids: Sequence[str], lang: str) -> dict[str, Row]:
        yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
        out: dict[str, Row] = {}
        for hid in ids:
            s = self.summaries.get(hid)
            c = self.checks.get(hid)
            if s is None:
                continue
            category = HouseholdCategory.lookup(s.category) if s.category else None
            status = HouseholdStatus.lookup(s.status)
            out[hid] = (
                s.number,
                s.head,
                s.group,
                category.label(lang) if category else "",
                status.label(lang) if status else s.status,
                str(s.size),
                (yes if c.readiness.ready else no) if c else PENDING,
                str(c.blocking_count) if c else PENDING,
                str(c.priority) if c else PENDING,
            )
        return out
