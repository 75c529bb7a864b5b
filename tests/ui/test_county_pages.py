"""The county's review queue a page at a time (issue 17): the page buttons, the page
indicator, and a decision made on a later page, which reloads that same page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from exports.bundle.folder import import_folder
from povdesk.county import review
from tests.povdesk.county.conftest import YEAR, County
from tests.povdesk.county.conftest import county as county
from tests.povdesk.county.conftest import county_store as county_store
from ui.county_window import CountyWindow


@pytest.fixture
def window(qtbot, county: County) -> CountyWindow:  # type: ignore[no-untyped-def]
    import_folder(county.store, [county.usb])
    w = CountyWindow(county.store, year=YEAR)
    qtbot.addWidget(w)
    w.show()
    w.review.page_size = 2
    w.load()
    qtbot.waitUntil(w.idle)
    w.tabs.setCurrentWidget(w.review)
    return w


def numbers(w: CountyWindow) -> list[str]:
    t = w.review.queue
    return [t.item(r, 1).text() for r in range(t.rowCount())]


def test_page_buttons_walk_the_whole_queue(qtbot, window, county) -> None:  # type: ignore[no-untyped-def]
    w = window
    whole = [r["number"] for r in review.queue(county.store, county.ctx())]
    pages = -(-len(whole) // 2)
    assert pages >= 3
    assert w.review.page_label.text() == f"第 1 / {pages} 页"
    assert f"待审核 {len(whole)} 户" == w.review.count.text()
    assert not w.review.previous_button.isEnabled() and w.review.next_button.isEnabled()
    seen = numbers(w)
    for n in range(2, pages + 1):
        qtbot.mouseClick(w.review.next_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(w.idle)
        assert w.review.page_label.text() == f"第 {n} / {pages} 页"
        seen += numbers(w)
    assert seen == whole
    assert not w.review.next_button.isEnabled()
    # back by the keyboard: the button takes the focus (Tab reaches it) and Space presses
    # it; its shortcut is named in its tooltip
    back = w.review.previous_button
    assert back.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert back.shortcut().toString() == "Alt+PgUp"
    back.setFocus()
    QTest.keyClick(back, Qt.Key.Key_Space)
    qtbot.waitUntil(w.idle)
    assert w.review.page_label.text() == f"第 {pages - 1} / {pages} 页"
    assert numbers(w) == whole[(pages - 2) * 2 : (pages - 1) * 2]


def test_a_decision_on_the_second_page_reloads_that_page(qtbot, window, county) -> None:  # type: ignore[no-untyped-def]
    w = window
    whole = [r["number"] for r in review.queue(county.store, county.ctx())]
    qtbot.mouseClick(w.review.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(w.idle)
    assert numbers(w) == whole[2:4]
    w.review.queue.selectRow(0)
    w.review.reason.setText("请补充收入佐证材料")
    qtbot.mouseClick(w.review.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(w.idle)
    # the same stretch of the queue: the decided household gone, the next one moved up
    assert numbers(w) == whole[3:5]
    assert w.review.count.text() == f"待审核 {len(whole) - 1} 户"
    assert w.review.page_label.text().startswith("第 2 / ")
