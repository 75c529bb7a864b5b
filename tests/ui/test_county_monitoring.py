"""The county window's 监测审定 tab through its real widgets: a village's leads arrive,
the county approves them; an elimination the guard refuses shows why and changes
nothing, and goes through with a named cadre and a written reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from povdesk.codes import MonitorState
from tests.povdesk.sync.conftest import Link, pair  # noqa: F401 (fixture)
from tests.povdesk.sync.monitoring_steps import (
    county_range,
    identify_at_village,
    pick,
    propose_elimination_at_village,
)
from ui.county_window import CountyWindow


def state(link: Link, key: str) -> str:
    hid = link.county.households.get(key).id
    return link.county.monitoring.records(hid)[-1].state


def test_approve_and_override_an_elimination(qtbot, pair: Link) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    v, c = pair.village, pair.county
    county_range(c)
    key = pick(v)
    identify_at_village(v, key)
    pair.to_county()
    w = CountyWindow(c)
    qtbot.addWidget(w)
    w.show()
    w.load()
    qtbot.waitUntil(w.idle)
    tab = w.monitoring
    w.tabs.setCurrentWidget(tab)
    assert tab.queue.rowCount() == 1 and tab.queue.item(0, 1).text() == key
    assert "识别纳入" in tab.queue.item(0, 3).text()
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(w.idle)
    assert state(pair, key) == MonitorState.MONITORING.value
    assert tab.queue.rowCount() == 0

    pair.to_village()
    propose_elimination_at_village(v, key)
    pair.to_county()
    c.incomes.set(
        c.households.get(key).id, c.monitoring.context().year, {"expense_medical": 5 * 10**7}
    )
    tab.reload()
    qtbot.waitUntil(w.idle)
    assert tab.queue.rowCount() == 1
    assert "医疗" in tab.detail.toPlainText()
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    assert "不能标记风险消除" in tab.message.text()
    assert state(pair, key) == MonitorState.MONITORING.value
    tab.cadre.setCurrentIndex(1)
    tab.override_reason.setText("县里入户复核，医疗费用已由医保报销")
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(w.idle)
    assert tab.message.text() == ""
    assert state(pair, key) == MonitorState.ELIMINATED.value
    hid = c.households.get(key).id
    record = c.monitoring.records(hid)[-1]
    last = c.monitoring.steps(record.id)[-1]
    assert last.step == "county_decision" and last.override_reason.startswith("县里")
    assert "elim_rigid_expenditure" in last.override_codes
    assert record.eliminated_on == dt.date.today()
