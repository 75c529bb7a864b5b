"""The checks a store keeps for a village, read for the window (povdesk/services/stored.py
keeps them): what the list, its filters and the overview show, read in one pass, with each
household's latest visit. No rule lives here: it only assembles what the core kept.

Read on a thread of its own while the worker reads the list (`read_ahead`): SQLite lets
go of the interpreter while it reads, so the two overlap on a second core, and a
township's window shows readiness and the overview about when it shows the list."""

from __future__ import annotations

import datetime as dt
from array import array
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

from povdesk.bulk import gc_paused
from povdesk.rules.facts import RuleContext
from povdesk.services.checks import Listed, Tally, TallyPart
from povdesk.services.lists import ListFacts
from povdesk.store import Store


class Checked(NamedTuple):
    """What the list shows and filters on of one checked household."""

    facts: ListFacts
    blocking: int
    priority: int
    part: TallyPart  # what it adds to the overview, taken away again when it changes


class Kept(NamedTuple):
    """A village's kept checks as the window holds them."""

    ctx: RuleContext
    checked: dict[str, Checked]  # by household, in the order read
    distinct: list[ListFacts]  # the facts of each kind of check
    kinds: array[int]  # each checked household's kind, in `checked` order
    tally: Tally
    outdated: int  # shown from a check made in another context
    last_visits: dict[str, dt.date]


def read_ahead(store: Store) -> Future[Kept]:
    """`read` started on a thread of its own; the thread ends when it is done."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="povdesk-kept")
    try:
        return pool.submit(read, store)
    finally:
        pool.shutdown(wait=False)


def read(store: Store, ctx: RuleContext | None = None) -> Kept:
    """The kept checks that are as current as the records (see `StoredChecks.read`)."""
    # The latest visits are read meanwhile, on another connection.
    with ThreadPoolExecutor(max_workers=1) as pool:
        visits = pool.submit(store.visits.last_dates)
        ctx = ctx or store.config.context()
        with gc_paused():  # a village's worth of small objects, none in a cycle
            return _read(store, ctx, visits)


def _read(store: Store, ctx: RuleContext, visits: Future[dict[str, dt.date]]) -> Kept:
    checked: dict[str, Checked] = {}
    # Equal `Listed` values are read as one object: each is turned once into what the
    # list keeps, and counted once into the overview with its number of households.
    kinds: dict[Listed, int] = {}
    shared: list[Checked] = []
    per_kind: list[int] = []
    # Equal facts and overview parts of different `Listed` values (another size, another
    # priority) are one object too.
    same_facts: dict[ListFacts, ListFacts] = {}
    same_parts: dict[TallyPart, TallyPart] = {}
    kind_of = array("I")
    outdated = 0
    for chunk in store.stored.read_listed(ctx):
        for hid, listed, current in chunk:
            outdated += not current
            kind = kinds.get(listed)
            if kind is None:
                kind = kinds[listed] = len(shared)
                facts, part = ListFacts.of_brief(listed), TallyPart.of_brief(listed)
                facts = same_facts.setdefault(facts, facts)
                part = same_parts.setdefault(part, part)
                shared.append(Checked(facts, listed.blocking, listed.priority, part))
                per_kind.append(0)
            per_kind[kind] += 1
            kind_of.append(kind)
            checked[hid] = shared[kind]
        del chunk
    tally = Tally()
    for c, n in zip(shared, per_kind, strict=True):
        tally.count(c.part, n)
    distinct = [c.facts for c in shared]
    return Kept(ctx, checked, distinct, kind_of, tally, outdated, visits.result())
