"""The county overview while the village figures are recomputed after a change of
standards (issue 17): the figures of before stay in view, greyed and said to be
updating, the page still answers, and the new figures replace them when done."""

from __future__ import annotations

import threading

import pytest

from exports.bundle.folder import import_folder
from povdesk.county import dashboard, figures
from tests.povdesk.county.conftest import YEAR, County
from tests.povdesk.county.conftest import county as county
from tests.povdesk.county.conftest import county_store as county_store
from tests.povdesk.sync.conftest import VILLAGE_A, VILLAGE_B
from ui.county_dashboard import STALE_COLOR
from ui.county_window import CountyWindow


@pytest.fixture
def window(qtbot, county: County) -> CountyWindow:  # type: ignore[no-untyped-def]
    import_folder(county.store, [county.usb])
    w = CountyWindow(county.store, year=YEAR)
    qtbot.addWidget(w)
    w.show()
    w.load()
    qtbot.waitUntil(w.idle)
    w.tabs.setCurrentWidget(w.overview)
    return w


def below_70(w: CountyWindow) -> list[str]:
    t = w.overview.villages
    col = t.columnCount() - 2
    return [t.item(r, col).text() for r in range(t.rowCount())]


def test_stale_figures_stay_marked_while_the_refresh_runs(  # type: ignore[no-untyped-def]
    qtbot, window, county, monkeypatch
) -> None:
    w, o = window, window.overview
    assert o.stale_codes == () and o.updating.isHidden()
    old = below_70(w)
    # The county enters a far higher reference income: more households fall below 70%.
    for r in county.store.config.reference_income_rows():
        if r.year == YEAR:
            county.store.config.set_reference_income(r.year, r.area_code, r.amount * 4)
    go = threading.Event()
    compute = figures.compute

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert go.wait(30)  # the refresh waits here until the test has looked
        return compute(*args, **kwargs)

    monkeypatch.setattr(figures, "compute", held)
    o.reload()
    qtbot.waitUntil(lambda: o.loading == 0 and o.refreshing())
    assert o.stale_codes == (VILLAGE_A, VILLAGE_B)
    assert o.updating.isVisible() and "数字更新中（0 / 2 个村）" in o.updating.text()
    assert below_70(w) == old  # the figures of before, in view
    assert o.villages.item(0, 0).foreground().color() == STALE_COLOR
    # The page still answers while the refresh is held.
    o.reload()
    qtbot.waitUntil(lambda: o.loading == 0)
    assert o.refreshing() and below_70(w) == old

    go.set()
    qtbot.waitUntil(w.idle)
    assert o.stale_codes == () and o.updating.isHidden()
    fresh = dashboard.county(county.store, county.ctx(), refresh=False)
    assert fresh.stale == ()
    assert below_70(w) == [str(r["below_70"]) for r in fresh.below_70]
    assert sum(map(int, below_70(w))) > sum(map(int, old))
    assert o.villages.item(0, 0).foreground().color() != STALE_COLOR
