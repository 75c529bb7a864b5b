"""The window's two steps: the list at once, the checks after, and nothing untrue between."""

from __future__ import annotations

import dataclasses

import pytest

from povdesk.services.lists import PRESETS, HouseholdFilter
from povdesk.store import Store
from ui.households_model import Col
from ui.village_view import PENDING, LoadCancelled, VillageView


def test_the_quick_list_shows_people_but_claims_no_readiness(village: Store) -> None:
    quick = VillageView.quick(village)
    assert not quick.checked
    rows = quick.rows(quick.order, "zh")
    first = rows[quick.order[0]]
    assert len(first) == len(Col)  # a cell for each declared column, in their order
    assert (first[Col.NUMBER], first[Col.HEAD], first[Col.SIZE]) == ("0001", "向德1", "2")
    assert first[Col.READY :] == (PENDING, PENDING, PENDING)
    assert quick.ids("", HouseholdFilter()) == quick.order
    assert quick.ids("向德2", HouseholdFilter()) == [quick.order[1]]  # plain text until indexed
    assert quick.ids("", PRESETS["dropout"].filter) == []  # no list before the check


def test_the_complete_view_checks_and_indexes(village: Store) -> None:
    full = VillageView.quick(village).complete(village)
    assert full.checked and full.summary is not None
    assert full.rows(full.order, "zh")[full.order[0]][Col.READY] == "否"
    assert full.ids("xx1", HouseholdFilter()) == [full.order[0]]
    assert full.ids("", PRESETS["dropout"].filter) == [full.order[0]]


def test_the_detail_check_is_recomputed_when_asked_and_kept_briefly(village: Store) -> None:
    full = VillageView.quick(village).complete(village)
    first, second = full.order
    assert len(full.checks) == 2 and set(full.checks) == {first, second}
    check = full.checks[first]
    assert check.household.id == first
    assert [f.code for f in check.findings] == [
        f.code for f in village.checks.household(first, village.config.context()).findings
    ]
    assert full.checks[first] is check  # kept: the detail pane asks again on every paint
    assert full.checks.get("no-such-household") is None


def test_filters_read_the_compact_facts_once_per_filter(village: Store) -> None:
    full = VillageView.quick(village).complete(village)
    dropout = PRESETS["dropout"].filter
    assert full.matching(dropout) == {full.order[0]}
    assert full.matching(dropout) is full.matching(dropout)
    assert full.ids("向德", dropout) == [full.order[0]]
    assert full.ids("向德2", dropout) == []
    ready = HouseholdFilter(ready=True)
    assert full.ids("", ready) == [h for h in full.order if full.checked_rows[h].facts.ready]


def test_a_household_added_after_the_check_is_not_listed_as_checked(village: Store) -> None:
    full = VillageView.quick(village).complete(village)
    later = village.households.create({"number": "0003", "group": "一组"})
    view = dataclasses.replace(
        full,
        summaries={**full.summaries, later.id: VillageView.quick(village).summaries[later.id]},
        order=[*full.order, later.id],
        every_listed_checked=False,
    )
    assert view.ids("", HouseholdFilter()) == full.order
    assert full.ids("", HouseholdFilter()) == full.order


def test_equal_facts_are_shared_between_households(store: Store) -> None:
    for n in range(1, 4):
        store.households.create({"number": f"000{n}", "group": "一组"})
    full = VillageView.quick(store).complete(store)
    facts = [full.checked_rows[h].facts for h in full.order]
    assert facts[0] == facts[1] == facts[2]
    assert facts[0] is facts[1] is facts[2]


def test_the_background_step_reports_progress_and_can_be_given_up(village: Store) -> None:
    quick = VillageView.quick(village)
    village.config.set_poverty_line(2020, 500_000)  # every kept check is stale now
    assert quick.complete(village, refresh=False).outdated == 2
    seen: list[tuple[int, int]] = []
    full = quick.complete(village, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 2)] and full.checked and full.up_to_date
    asked: list[bool] = []

    def superseded() -> bool:
        asked.append(True)
        return True

    with pytest.raises(LoadCancelled):
        quick.complete(village, cancelled=superseded)
    assert asked == [True]


def test_the_kept_checks_read_ahead_are_those_read_after(village: Store) -> None:
    """Read on a thread of their own while the list is read, the kept checks are the same
    as read afterwards: same households, facts, overview, visits, and the list's own id
    strings."""
    import datetime as dt

    first = village.households.get("0001").id
    cadre = village.cadres.all()[0].id
    village.visits.record(first, {"cadre_ids": [cadre], "at": dt.datetime.now(dt.UTC)})
    village.stored.refresh()
    ahead = VillageView.quick(village, read_ahead=True)
    assert ahead.pending is not None
    got = ahead.complete(village, refresh=False, index=False)
    after = VillageView.quick(village).complete(village, refresh=False, index=False)
    assert got.pending is None and got.checked and got.up_to_date
    assert got.checked_rows == after.checked_rows and len(got.checked_rows) == 2
    assert got.summary == after.summary
    assert got.last_visits == after.last_visits and set(got.last_visits) == {first}
    listed = {id(h) for h in got.order}
    assert all(id(h) in listed for h in [*got.checked_rows, *got.last_visits])


def test_a_list_of_the_unvisited_reads_the_last_visit_dates(village: Store) -> None:
    import datetime as dt

    first = village.households.get("0001").id
    cadre = village.cadres.all()[0].id
    village.visits.record(first, {"cadre_ids": [cadre], "at": dt.datetime.now(dt.UTC)})
    full = VillageView.quick(village).complete(village)
    unvisited = PRESETS["no_visit_90"].filter
    assert full.ids("", unvisited) == [full.order[1]]
    assert full.ids("", HouseholdFilter(no_visit_days=90, finding=frozenset({"dropout"}))) == []
    assert full.ids("", HouseholdFilter(ready=False)) == [
        h for h in full.order if not full.checked_rows[h].facts.ready
    ]


def test_a_change_of_standards_shows_the_kept_figures_marked_then_the_new(
    qtbot, village: Store
) -> None:  # type: ignore[no-untyped-def]
    """The window opens on the kept checks at once; after a change of standards it shows
    them marked as being updated while the village is checked again, then the new ones."""
    import threading

    from PySide6.QtWidgets import QLabel

    from ui.main_window import MainWindow

    w = MainWindow(village)
    qtbot.addWidget(w)
    w.show()
    w.load()
    qtbot.waitUntil(lambda: w.view is not None and w.view.index is not None, timeout=20_000)
    w.tasks.wait()
    assert w.dashboard.findChild(QLabel, "updating") is None
    started, proceed = threading.Event(), threading.Event()
    complete = VillageView.complete

    def held(self, store, *args, **kw):  # type: ignore[no-untyped-def]
        if kw.get("refresh", True):  # the re-check waits until the test has looked
            started.set()
            proceed.wait(20)
        return complete(self, store, *args, **kw)

    def note() -> str:
        found = w.dashboard.findChild(QLabel, "updating")
        return found.text() if found is not None else ""

    VillageView.complete = held  # type: ignore[method-assign]
    try:
        village.config.set_poverty_line(2020, 500_000)
        qtbot.waitUntil(started.is_set, timeout=20_000)
        qtbot.waitUntil(lambda: "2 户" in note(), timeout=20_000)
        assert w.view is not None and w.view.outdated == 2 and w.view.summary is not None
        proceed.set()
        qtbot.waitUntil(
            lambda: w.view is not None and w.view.up_to_date and w.view.index is not None,
            timeout=20_000,
        )
        w.tasks.wait()
    finally:
        proceed.set()
        VillageView.complete = complete  # type: ignore[method-assign]
    # The old overview's widgets are deleted by the event loop.
    qtbot.waitUntil(lambda: note() == "")
