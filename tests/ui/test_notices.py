"""An edit refreshes the households it touched, not the whole village (issue 15), and
what the window then shows is what a full check would show."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.services.lists import PRESETS, HouseholdFilter
from povdesk.store import Store
from tests.conftest import person
from ui.main_window import MainWindow
from ui.village_view import VillageView

FILTERS = [HouseholdFilter(), *(p.filter for p in PRESETS.values())]


def assert_same(view: VillageView, fresh: VillageView) -> None:
    """Everything the list, its filters, the search and the overview show."""
    assert view.order == fresh.order
    assert view.rows(view.order, "zh") == fresh.rows(fresh.order, "zh")
    assert view.summary == fresh.summary
    assert view.checked_rows == fresh.checked_rows  # what the filters read, codes and all
    assert view.last_visits == fresh.last_visits
    for flt in FILTERS:
        assert view.ids("", flt) == fresh.ids("", flt), flt
    for query in ("xx", "向德2", "0001", "xd"):
        assert view.ids(query, HouseholdFilter()) == fresh.ids(query, HouseholdFilter()), query
    for hid in fresh.order:
        assert view.checks[hid].findings == fresh.checks[hid].findings


def full(window: MainWindow, store: Store) -> VillageView:
    """What a full load shows now (not counted as the window's own check)."""
    view = VillageView.load(store)
    window.full_checks -= 1  # type: ignore[attr-defined]
    return view


@pytest.fixture
def window(qtbot, village: Store, monkeypatch):  # type: ignore[no-untyped-def]
    """The window on the two households, checked once; then every whole-village load
    (reading every household's stored check, re-checking the stale) is counted in
    `window.full_checks`."""
    w = MainWindow(village)
    qtbot.addWidget(w)
    w.show()
    w.load()
    qtbot.waitUntil(lambda: w.view is not None and w.view.checked)
    w.tasks.wait()
    assert w.view is not None
    for flt in FILTERS:  # the filters' cached households, which an edit must correct
        w.view.ids("", flt)
    w.full_checks = 0  # type: ignore[attr-defined]
    w.overviews = []  # type: ignore[attr-defined]
    show_summary = w.dashboard.show_summary

    def shown(summary, seventy=None, **kw):  # type: ignore[no-untyped-def]
        w.overviews.append(summary)  # type: ignore[attr-defined]
        show_summary(summary, seventy, **kw)

    monkeypatch.setattr(w.dashboard, "show_summary", shown)
    complete = VillageView.complete

    def counted(self, *args, **kw):  # type: ignore[no-untyped-def]
        # A load first shows the kept checks (refresh=False), then re-checks: one load.
        w.full_checks += kw.get("refresh", True)  # type: ignore[attr-defined]
        return complete(self, *args, **kw)

    monkeypatch.setattr(VillageView, "complete", counted)
    return w


def settled(qtbot, window: MainWindow, before: VillageView | None) -> VillageView:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.view is not before and window.view is not None)
    qtbot.waitUntil(lambda: not window.notices.held and not window.tasks.busy())
    assert window.view is not None and window.view.checked
    return window.view


def member(store: Store, number: str, relation: str) -> str:
    hh = store.households.get(number)
    return next(m.id for m in store.members.of(hh.id) if m.relation == relation)


def test_an_edit_refreshes_its_household_and_the_overview_only(qtbot, window, village) -> None:  # type: ignore[no-untyped-def]
    before = window.view
    assert before.summary.shortfalls["education"] == 1
    first = village.households.get("0001").id
    window.table.selectRow(before.order.index(first))
    qtbot.waitUntil(lambda: "义务教育未保障" in window.detail.toPlainText())

    village.members.update(member(village, "0001", "03"), {"school_status": "4"})
    view = settled(qtbot, window, before)

    assert window.full_checks == 0  # no whole-village check
    assert view.rows([first], "zh") != before.rows([first], "zh")  # one fewer blocking
    assert view.summary is not None and view.summary.shortfalls["education"] == 0
    fresh = full(window, village)
    assert window.overviews[-1] == fresh.summary  # the overview tab shows it
    assert_same(view, fresh)
    qtbot.waitUntil(lambda: "义务教育未保障" not in window.detail.toPlainText())


def test_a_duplicate_id_number_rechecks_the_other_household_too(qtbot, window, village) -> None:  # type: ignore[no-untyped-def]
    """The same ID number in two households flags both; only one was edited."""
    head1, head2 = member(village, "0001", "01"), member(village, "0002", "01")
    number = village.members.get(head1).id_number
    own = village.members.get(head2).id_number
    second = village.households.get("0002").id
    first = village.households.get("0001").id
    # As a sync merge can leave it (the members service itself refuses a duplicate).
    with village.tx() as tx:
        tx.update("member", head2, {"id_number": number})
    view = settled(qtbot, window, window.view)
    assert window.full_checks == 0
    for hid in (first, second):
        assert "id_duplicate" in {f.code for f in view.checks[hid].findings}
    assert_same(view, full(window, village))

    village.members.update(head2, {"id_number": own})  # put right: both are clear again
    view = settled(qtbot, window, view)
    assert window.full_checks == 0
    assert "id_duplicate" not in {f.code for f in view.checks[first].findings}
    assert_same(view, full(window, village))


def test_a_new_household_and_a_visit_are_listed_in_place(qtbot, window, village) -> None:  # type: ignore[no-untyped-def]
    before = window.view
    hh = village.households.create({"number": "0000", "group": "一组"})
    village.members.add(
        hh.id, {"name": "向新", "relation": "01", "id_number": person(dt.date(1980, 3, 4), 7)}
    )
    view = settled(qtbot, window, before)
    assert window.full_checks == 0
    assert view.order[0] == hh.id
    assert_same(view, full(window, village))

    cadre = village.cadres.all()[0]
    village.visits.record(hh.id, {"cadre_ids": [cadre.id]})
    view = settled(qtbot, window, view)
    assert window.full_checks == 0
    assert hh.id in view.last_visits
    assert_same(view, full(window, village))


def test_a_change_beyond_households_checks_the_whole_village(qtbot, window, village) -> None:  # type: ignore[no-untyped-def]
    """A standard reaches every household's findings: the full load, as before."""
    before = window.view
    village.config.set_poverty_line(2020, 500_000)
    view = settled(qtbot, window, before)
    assert window.full_checks == 1
    assert_same(view, full(window, village))
