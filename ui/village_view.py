"""What the window shows of a village, computed off the GUI thread, in two steps: the
household list at once (one grouped query), then the checks, the search index and the
overview when the whole village has been checked. No rule lives here: it only
assembles what the core computes.

Sized for a township of 100,000 households: the background step checks the village a
chunk at a time and keeps, per household, only the compact facts the list and its
filters read (`ListFacts`, shared between equal households); the full check of the one
household whose detail is open is recomputed when asked. Whatever the GUI thread does on
a keystroke is list work over ids, never per-household Python objects."""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from bisect import insort
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import compress

from povdesk.bulk import gc_paused
from povdesk.codes import HouseholdCategory, HouseholdStatus
from povdesk.rules.facts import RuleContext
from povdesk.rules.readiness import VERDICTS
from povdesk.search import SearchIndex
from povdesk.services.checks import HouseholdCheck, Summary, Tally, TallyPart
from povdesk.services.households import HouseholdSummary
from povdesk.services.lists import HouseholdFilter, ListFacts
from povdesk.services.recheck import Recheck
from povdesk.store import Store
from ui import village_kept
from ui.households_model import Col, Row
from ui.i18n import pick
from ui.tasks import Cancelled
from ui.village_kept import Checked

PENDING = "…"  # a column the background check has not filled in yet
EVERYONE = HouseholdFilter()


class LoadCancelled(Cancelled):
    """A background load given up because a newer one supersedes it (not an error)."""


class LazyChecks(Mapping[str, HouseholdCheck]):
    """The full check of a checked household, recomputed from the store when asked: the
    detail pane shows one household at a time, and keeping every household's findings
    (with their texts) for a large village would take gigabytes. The few most recently
    asked are kept. Read from the GUI thread only."""

    KEEP = 16

    def __init__(self, store: Store, ctx: RuleContext, checked: Mapping[str, Checked]) -> None:
        self._store = store
        self._ctx = ctx
        self._checked = checked
        self._recent: OrderedDict[str, HouseholdCheck] = OrderedDict()

    def __getitem__(self, household_id: str) -> HouseholdCheck:
        if household_id not in self._checked:
            raise KeyError(household_id)
        found = self._recent.get(household_id)
        if found is None:
            checks = self._store.checks.evaluate(ctx=self._ctx, household_ids=[household_id])
            if not checks:  # deleted since the view was made
                raise KeyError(household_id)
            found = self._recent[household_id] = checks[0]
            if len(self._recent) > self.KEEP:
                self._recent.popitem(last=False)
        self._recent.move_to_end(household_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._checked)

    def __len__(self) -> int:
        return len(self._checked)


@dataclass
class VillageView:
    summaries: dict[str, HouseholdSummary]
    order: list[str]  # 户编号 order
    today: dt.date
    checked_rows: dict[str, Checked] = field(default_factory=dict)
    checks: Mapping[str, HouseholdCheck] = field(default_factory=dict)
    index: SearchIndex | None = None
    last_visits: dict[str, dt.date] = field(default_factory=dict)
    summary: Summary | None = None
    every_listed_checked: bool = False
    # Equal facts are one object, about one per ten households: `distinct_facts` lists
    # them and `fact_kinds` gives each checked household's (in `checked_rows` order).
    distinct_facts: list[ListFacts] = field(default_factory=list)
    fact_kinds: array[int] = field(default_factory=lambda: array("I"))
    # The context the households were checked in, and the overview's counts: what an
    # edit's re-check of a few households starts from (`rechecked`).
    ctx: RuleContext | None = None
    tally: Tally | None = None
    # Households shown from a stored check made in another context (see `complete`).
    outdated: int = 0
    # The kept checks being read on another thread (`quick(read_ahead=True)`).
    pending: Future[village_kept.Kept] | None = field(default=None, repr=False, compare=False)
    # Households matching each filter asked for so far: a view's data never changes.
    _matching: dict[HouseholdFilter, frozenset[str]] = field(default_factory=dict, repr=False)

    @property
    def checked(self) -> bool:
        return self.summary is not None

    @classmethod
    def quick(cls, store: Store, *, read_ahead: bool = False) -> VillageView:
        """The list's first columns only: fast enough to show before anything else. With
        `read_ahead` the kept checks are read meanwhile, for `complete(refresh=False)`."""
        pending = village_kept.read_ahead(store) if read_ahead else None
        rows = store.households.summaries()
        today = dt.date.today()
        return cls({r.id: r for r in rows}, [r.id for r in rows], today, pending=pending)

    @classmethod
    def load(cls, store: Store) -> VillageView:
        return cls.quick(store).complete(store)

    def complete(
        self,
        store: Store,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        *,
        refresh: bool = True,
        index: bool = True,
    ) -> VillageView:
        """The same village with its households' checks and the search index. The checks
        are those the store keeps (povdesk/services/stored.py): with `refresh`, the stale
        ones are first checked again (about 0.4 ms a household here; `progress(done,
        total)` is called from the worker after each chunk, and when `cancelled()` turns
        true it stops with `LoadCancelled`). Without it the view is ready at once: the
        households whose records changed since their check are left out (unchecked, not
        shown wrong), and `outdated` counts those shown from a check made in another
        context (yesterday, other standards), to be marked as being updated. Without
        `index` the search index is not built (most of the time when nothing is stale):
        searching then matches the 户编号 and the head's name as typed."""
        if refresh or self.pending is None:
            ctx = store.config.context()
            if refresh:
                store.stored.refresh(ctx, progress=progress, cancelled=cancelled)
                if cancelled is not None and cancelled():
                    raise LoadCancelled
            kept = village_kept.read(store, ctx)
        else:  # read while the list was (`quick(read_ahead=True)`)
            kept = self.pending.result()
        with gc_paused():
            return self._with(store, kept, index=index)

    def _with(self, store: Store, kept: village_kept.Kept, *, index: bool) -> VillageView:
        # The list's own id strings are reused: one string per household, not three.
        known = {hid: hid for hid in self.order}
        checked = {known.get(h, h): c for h, c in kept.checked.items()}
        last_visits = {known.get(h, h): d for h, d in kept.last_visits.items()}
        # The index is built after the checks, from its own lean query: built while the
        # chunks came and went, its strings were strewn among theirs and kept their memory.
        # Joined here, in the worker: the first keystroke finds it ready.
        built = (
            SearchIndex.build_keys(
                (known.get(hid, hid), number, phone, people)
                for hid, number, phone, people in store.households.search_keys()
            )
            if index
            else None
        )
        del known
        ctx = kept.ctx
        return dataclasses.replace(
            self,
            today=ctx.today,
            ctx=ctx,
            tally=kept.tally,
            checked_rows=checked,
            distinct_facts=kept.distinct,
            fact_kinds=kept.kinds,
            checks=LazyChecks(store, ctx, checked),
            index=built,
            last_visits=last_visits,
            summary=kept.tally.summary(),
            every_listed_checked=all(h in checked for h in self.order),
            outdated=kept.outdated,
            pending=None,
            _matching={},
        )

    def with_index(self, store: Store) -> VillageView:
        """This view with its search index built: what is left to do when every kept
        check was current (reading them all again would hold two copies at once)."""
        known = {hid: hid for hid in self.order}
        with gc_paused():
            index = SearchIndex.build_keys(
                (known.get(hid, hid), number, phone, people)
                for hid, number, phone, people in store.households.search_keys()
            )
        return dataclasses.replace(self, index=index)

    @property
    def up_to_date(self) -> bool:
        """Every listed household shown from a check of its records as they are now, in
        today's context."""
        return self.every_listed_checked and not self.outdated

    def ids(self, query: str, flt: HouseholdFilter) -> list[str]:
        """Households matching the search text (best first) and the filter. Until the
        village is checked, a filter matches nothing rather than something untrue.
        The list returned may be the view's own: do not change it."""
        if flt != EVERYONE and not self.checked:
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
        if flt == EVERYONE:
            if self.every_listed_checked:
                return found
            return [h for h in found if h in self.checked_rows]
        matching = self.matching(flt)
        return [h for h in found if h in matching]

    def matched_member(self, household_id: str, query: str) -> str | None:
        """The member (not the head) a search found this household through."""
        s = self.summaries.get(household_id)
        if self.index is None or s is None or not query.strip():
            return None
        return self.index.matched_member(household_id, s.number, query)

    def matching(self, flt: HouseholdFilter) -> frozenset[str]:
        """The checked households a filter lets through, computed once per filter: each
        distinct facts value is tested once, and the households are picked by theirs in C
        (then by the date of their last visit, if the filter asks)."""
        found = self._matching.get(flt)
        if found is None:
            facts_only = dataclasses.replace(flt, no_visit_days=None)
            passing = bytes(
                facts_only.matches_facts(f, None, self.today) for f in self.distinct_facts
            )
            chosen = list(compress(self.checked_rows, map(passing.__getitem__, self.fact_kinds)))
            cutoff = flt.visited_since(self.today)
            if cutoff is not None:
                visits = self.last_visits
                chosen = [h for h in chosen if (d := visits.get(h)) is None or d < cutoff]
            found = self._matching[flt] = frozenset(chosen)
        return found

    def _passes(self, flt: HouseholdFilter, household_id: str) -> bool:
        """`matching` for one household."""
        c = self.checked_rows.get(household_id)
        if c is None:
            return False
        facts_only = dataclasses.replace(flt, no_visit_days=None)
        if not facts_only.matches_facts(c.facts, None, self.today):
            return False
        cutoff = flt.visited_since(self.today)
        return cutoff is None or (d := self.last_visits.get(household_id)) is None or d < cutoff

    def rechecked(self, store: Store, fresh: Recheck) -> VillageView:
        """This view with the households of `fresh` (re-read and re-checked after an
        edit) brought up to date; the others keep what the full check found. The
        overview takes away each such household's old part and adds its new one, and
        the filters' cached households are corrected for these households alone. The
        search index is the same object, updated in place (the GUI thread's)."""
        if self.tally is None:
            raise ValueError("only a checked view can be re-checked in part")
        touched = fresh.household_ids
        summaries = dict(self.summaries)
        for hid in touched:
            summaries.pop(hid, None)
        summaries.update((s.id, s) for s in fresh.summaries)
        order = self.order
        moved = [
            h
            for h in touched
            if (h in summaries) != (h in self.summaries)
            or (h in summaries and summaries[h].number != self.summaries[h].number)
        ]
        if moved:  # a new household, or a 户编号 changed: keep 户编号 order
            order = [h for h in order if h not in set(moved)]
            for h in moved:
                if h in summaries:
                    insort(order, h, key=lambda x: summaries[x].number)

        tally = self.tally.copy()
        checked = dict(self.checked_rows)
        distinct = list(self.distinct_facts)
        kinds = {f: i for i, f in enumerate(distinct)}
        fact_kinds = array("I", self.fact_kinds)
        position = {h: i for i, h in enumerate(checked) if h in touched}
        new = fresh.briefs
        gone = []
        for hid in sorted(touched):
            old = checked.get(hid)
            if old is not None:
                tally.count(old.part, -1)
            c = new.get(hid)
            if c is None or hid not in summaries:
                if old is not None:
                    gone.append(position[hid])
                    del checked[hid]
                continue
            facts = ListFacts.of_brief(c)
            kind = kinds.setdefault(facts, len(distinct))
            if kind == len(distinct):
                distinct.append(facts)
            part = TallyPart.of_brief(c)
            tally.count(part)
            checked[hid] = Checked(distinct[kind], c.blocking, c.priority, part)
            if old is None:
                fact_kinds.append(kind)
            else:
                fact_kinds[position[hid]] = kind
        for i in sorted(gone, reverse=True):
            del fact_kinds[i]

        last_visits = {h: d for h, d in self.last_visits.items() if h not in touched}
        last_visits.update(fresh.last_visits)
        if self.index is not None:
            for hid in touched:
                self.index.remove(hid)
            for keys in fresh.search_keys:
                self.index.add(*keys)
        view = dataclasses.replace(
            self,
            summaries=summaries,
            order=order,
            checked_rows=checked,
            distinct_facts=distinct,
            fact_kinds=fact_kinds,
            checks=LazyChecks(store, fresh.ctx, checked),
            last_visits=last_visits,
            summary=tally.summary(),
            every_listed_checked=all(h in checked for h in order),
            ctx=fresh.ctx,
            tally=tally,
            _matching={},
        )
        for flt, found in self._matching.items():
            kept = found - touched
            view._matching[flt] = kept | {h for h in touched if view._passes(flt, h)}
        return view

    def sorted(self, ids: Sequence[str], column: int, descending: bool = False) -> list[str]:
        """`ids` ordered by a list column (`Col` of ui/households_model.py); ties keep
        户编号 order. Columns the checks fill sort unchecked households last."""
        summaries, checked = self.summaries, self.checked_rows
        text_keys: dict[int, Callable[[HouseholdSummary], str]] = {
            Col.NUMBER: lambda s: s.number,
            Col.HEAD: lambda s: s.head,
            Col.GROUP: lambda s: s.group or "",
            Col.CATEGORY: lambda s: s.category or "",
            Col.STATUS: lambda s: s.status,
        }
        if column in text_keys:
            key = text_keys[column]
            return sorted(ids, key=lambda h: key(summaries[h]), reverse=descending)
        if column == Col.SIZE:
            return sorted(ids, key=lambda h: summaries[h].size, reverse=descending)
        numbers: dict[int, Callable[[Checked], int]] = {
            Col.READY: lambda c: int(c.facts.ready),
            Col.BLOCKING: lambda c: c.blocking,
            Col.PRIORITY: lambda c: c.priority,
        }
        if column not in numbers:
            return list(ids)
        value = numbers[column]
        known = [h for h in ids if h in checked]
        pending = [h for h in ids if h not in checked]
        return sorted(known, key=lambda h: value(checked[h]), reverse=descending) + pending

    def rows(self, ids: Sequence[str], lang: str) -> dict[str, Row]:
        yes, no = pick(lang, "是", "yes"), pick(lang, "否", "no")
        out: dict[str, Row] = {}
        for hid in ids:
            s = self.summaries.get(hid)
            c = self.checked_rows.get(hid)
            if s is None:
                continue
            category = HouseholdCategory.lookup(s.category) if s.category else None
            status = HouseholdStatus.lookup(s.status)
            cells = {
                Col.NUMBER: s.number,
                Col.HEAD: s.head,
                Col.GROUP: s.group,
                Col.CATEGORY: category.label(lang) if category else "",
                Col.STATUS: status.label(lang) if status else s.status,
                Col.SIZE: str(s.size),
                Col.READY: _ready_text(c.facts, yes, no, lang) if c else PENDING,
                Col.BLOCKING: str(c.blocking) if c else PENDING,
                Col.PRIORITY: str(c.priority) if c else PENDING,
            }
            out[hid] = tuple(cells[col] for col in Col)
        return out


def _ready_text(facts: ListFacts, yes: str, no: str, lang: str) -> str:
    """A household that only waits for a missing standard is neither (domain.md §8); one
    never registered poor has no exit to meet."""
    if facts.status == HouseholdStatus.NON_POOR.value:
        return pick(lang, *VERDICTS["not_registered"][2:4])
    if facts.ready:
        return yes
    if facts.blocked:
        return no
    return pick(lang, *VERDICTS["undetermined"][2:4])
