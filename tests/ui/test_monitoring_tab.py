"""The 监测 tab and the monitoring forms through real widgets: candidates from the
warnings, a lead added from the form, a refused notice, the elimination guard with an
override by a named cadre, the household page's history."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from povdesk.codes import MonitorState, MonitorStep, MonitorType, RiskType, StoreRole
from povdesk.services.status import Override
from povdesk.store import Store
from tests.ui.test_layout import SCREENS, font, placed, problems
from tests.ui.test_main_window import loaded, shown
from ui.elimination_dialog import EliminationDialog
from ui.main_window import MainWindow
from ui.monitoring_forms import LeadForm, StepForm
from ui.monitoring_tab import CANDIDATES, OBJECTS, OVERDUE

TODAY = dt.date.today()


@pytest.fixture
def watched(village: Store) -> Store:
    """0003, an ordinary household whose income is barely above the monitoring range (a
    candidate), and 0004, one far above it (not one)."""
    year = village.monitoring.context().year
    village.config.set_monitoring_range(year, 880_000, "测试")
    for number, wages in (("0003", 920_000), ("0004", 9_000_000)):
        hh = village.households.create({"number": number, "group": "一组", "status": "0"})
        village.members.add(hh.id, {"name": f"户主{number}", "relation": "01"})
        village.incomes.set(hh.id, year, {"wages": wages})
    return village


def window_with_lists(qtbot, store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, store)
    qtbot.waitUntil(lambda: window.monitoring.lists is not None)
    return window


def column(table, col: int = 0) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, col).text() for r in range(table.rowCount())]


def hid(store: Store, number: str) -> str:
    return store.households.get(number).id


def test_the_tab_lists_a_candidate_with_its_reasons(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    window = window_with_lists(qtbot, watched)
    tab = window.monitoring
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "监测"
    assert column(tab.candidates) == ["0003"]
    row = [tab.candidates.item(0, c).text() for c in range(4)]
    assert row[1] == "户主0003"
    assert row[2] == MonitorType.EDGE.zh
    assert "监测范围" in row[3]
    # The overview counts it and opens the tab on it.
    window.dashboard.buttons["monitor_candidates"].click()
    assert window.tabs.currentWidget() is tab
    assert tab.sections.currentIndex() == CANDIDATES


def test_a_lead_from_the_candidate_is_written(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    window = window_with_lists(qtbot, watched)
    tab = window.monitoring
    opened: list[LeadForm] = []
    original = window.household_actions.add_lead

    def remember(*args):  # type: ignore[no-untyped-def]
        form = original(*args)
        opened.append(form)
        return form

    window.household_actions.add_lead = remember  # type: ignore[method-assign]
    tab.candidates.selectRow(0)
    tab.lead_button.click()
    (form,) = opened
    assert form.kind.currentData() == MonitorType.EDGE.value
    assert form.chosen_risks()  # the suggested risks are ticked
    form.note.setText("走访发现")
    assert form.save()
    (record,) = watched.monitoring.records(hid(watched, "0003"))
    assert record.state == MonitorState.PENDING.value
    assert record.lead_note == "走访发现"
    assert record.lead_by == "李建华"  # the cadre working
    # Once a lead, no longer a candidate; now an object (pending) in the second list.
    qtbot.waitUntil(lambda: column(tab.candidates) == [] and column(tab.objects) == ["0003"])


def test_the_overview_keeps_its_monitoring_numbers_when_its_figures_come_later(
    qtbot, watched: Store
) -> None:  # type: ignore[no-untyped-def]
    # The monitoring lists and the village's figures are read apart, in either order.
    watched.monitoring.add_lead("0003", type="2", risks=["01"], source="2", on=TODAY)
    window = window_with_lists(qtbot, watched)
    qtbot.waitUntil(lambda: window.view is not None and window.view.summary is not None)
    assert window.view is not None
    window.dashboard.show_summary(window.view.summary)  # the figures landing last
    assert "monitor_overdue" in window.dashboard.buttons
    window.dashboard.buttons[f"monitor_type_{MonitorType.EDGE.value}"].click()
    assert window.monitoring.sections.currentIndex() == OBJECTS


def test_a_lead_needs_a_risk_and_says_so_in_place(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    form = LeadForm(watched, hid(watched, "0004"))
    qtbot.addWidget(form)
    assert not form.save()
    assert "风险类型" in form.message.text()
    assert watched.monitoring.records() == []


def test_objects_filter_by_type_and_state_and_overdue_leads(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    old = TODAY - dt.timedelta(days=40)
    watched.monitoring.add_lead("0003", type="2", risks=["01"], source="2", on=old)
    watched.monitoring.add_lead("0004", type="3", risks=["04"], source="1", on=TODAY)
    window = window_with_lists(qtbot, watched)
    tab = window.monitoring
    assert column(tab.objects) == ["0003", "0004"]
    tab.type_filter.setCurrentIndex(tab.type_filter.findData(MonitorType.SUDDEN.value))
    assert column(tab.objects) == ["0004"]
    tab.state_filter.setCurrentIndex(tab.state_filter.findData(MonitorState.MONITORING.value))
    assert column(tab.objects) == []
    assert column(tab.overdue) == ["0003"]  # undecided after more than 15 days
    window.dashboard.buttons["monitor_overdue"].click()
    assert tab.sections.currentIndex() == OVERDUE
    window.dashboard.buttons[f"monitor_type_{MonitorType.EDGE.value}"].click()
    assert tab.sections.currentIndex() == OBJECTS
    assert column(tab.objects) == ["0003"]
    # Enter on a row opens the household in the 农户 tab.
    tab.overdue.setFocus()
    tab.overdue.selectRow(0)
    qtbot.keyClick(tab.overdue, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0
    assert window.current_id() == hid(watched, "0003")


def at_notice(store: Store, number: str) -> None:
    """A lead checked at home, consent signed, reviewed by the village: the notice next."""
    start = TODAY - dt.timedelta(days=3)
    store.monitoring.add_lead(number, type="2", risks=["01"], source="2", on=start)
    store.monitoring.step(number, "home_check", on=start, per_capita_income=700_000)
    store.monitoring.consent(number, start)
    store.monitoring.step(number, "village_review", on=start)


def test_the_step_form_refuses_a_four_day_notice(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    at_notice(watched, "0003")
    before = watched.monitoring.steps(watched.monitoring.records()[0].id)
    form = StepForm(watched, hid(watched, "0003"), step=MonitorStep.VILLAGE_NOTICE.value)
    qtbot.addWidget(form)
    form.show()
    assert form.notice_end.isVisibleTo(form) and not form.income.isVisibleTo(form)
    start = TODAY - dt.timedelta(days=2)
    form.date.setDate(start)
    form.notice_end.setDate(start + dt.timedelta(days=3))  # 4 days, both ends counted
    assert not form.save()
    assert "公示" in form.message.text() and "5" in form.message.text()
    assert watched.monitoring.steps(watched.monitoring.records()[0].id) == before
    form.notice_end.setDate(start + dt.timedelta(days=4))
    assert form.save()


def monitored(store: Store, number: str, monkeypatch, days: int = 12) -> None:  # type: ignore[no-untyped-def]
    """Identified through every step, the county's decision included (recorded as the
    county would: only a county store may), then checked at home for elimination; the
    lead `days` ago."""
    start = TODAY - dt.timedelta(days=days)
    at = lambda n: start + dt.timedelta(days=n)  # noqa: E731
    store.monitoring.add_lead(number, type="2", risks=["01"], source="2", on=start)
    store.monitoring.step(number, "home_check", on=at(0))
    store.monitoring.consent(number, at(0))
    store.monitoring.step(number, "village_review", on=at(1))
    store.monitoring.step(number, "village_notice", on=at(1), notice_end=at(6))
    store.monitoring.step(number, "township_review", on=at(7))
    meta = store.meta
    monkeypatch.setattr(store, "meta", lambda: {**meta(), "role": StoreRole.COUNTY.value})
    store.monitoring.step(number, "county_decision", on=at(8))
    monkeypatch.setattr(store, "meta", meta)
    store.monitoring.step(number, "home_check", on=at(9), per_capita_income=1_000_000)


def test_the_elimination_dialog_lists_the_reasons_and_takes_an_override(  # type: ignore[no-untyped-def]
    qtbot, watched: Store, monkeypatch, cadre_asked
) -> None:
    monitored(watched, "0003", monkeypatch)
    household = hid(watched, "0003")
    verdict = watched.monitoring.verdict(household)
    assert not verdict.allowed and verdict.overridable
    dialog = EliminationDialog(watched, household)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = [dialog.reasons.item(i).text() for i in range(dialog.reasons.count())]
    assert shown == [f.zh for f in verdict.blocking]
    assert any("半年" in s for s in shown)
    assert dialog.override_box.isVisibleTo(dialog) and not dialog.propose.isVisibleTo(dialog)
    # A reason too short is refused in place; nothing is written.
    steps = len(watched.monitoring.steps(watched.monitoring.records()[0].id))
    dialog.reason.setPlainText("太短")
    dialog.override.click()
    assert dialog.message.text()
    assert len(watched.monitoring.steps(watched.monitoring.records()[0].id)) == steps
    cadre = watched.cadres.all()[0]
    dialog.cadre.setCurrentIndex(dialog.cadre.findData(cadre.id))
    dialog.reason.setPlainText("大病已报销，家中两人外出务工收入稳定，经入户核实确认")
    dialog.override.click()
    assert dialog.recorded, dialog.message.text()
    last = watched.monitoring.steps(watched.monitoring.records()[0].id)[-1]
    assert last.step == MonitorStep.VILLAGE_REVIEW.value
    assert last.override_cadre_id == cadre.id
    assert "外出务工" in last.override_reason


def test_a_refusal_that_cannot_be_overridden_offers_no_override(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    watched.monitoring.add_lead("0003", type="2", risks=["01"], source="2", on=TODAY)
    dialog = EliminationDialog(watched, hid(watched, "0003"))  # a lead, not yet monitored
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reasons.count() >= 1
    assert not dialog.override_box.isVisibleTo(dialog)
    assert not dialog.propose.isVisibleTo(dialog)


def test_the_household_page_shows_the_history(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    at_notice(watched, "0003")
    window = window_with_lists(qtbot, watched)
    window.open_household(hid(watched, "0003"))
    qtbot.waitUntil(lambda: "防返贫监测" in window.detail.toPlainText())
    text = window.detail.toPlainText()
    for words in ("边缘易致贫户", RiskType.ILLNESS.zh, "待识别", "干部走访排查", "入户核实"):
        assert words in text
    assert "7000.00" in text  # the income found at the home check
    assert text.index("入户核实") < text.index("村级民主评议")
    # An ordinary household was never registered poor: no exit to propose.
    assert window.exit_panel.isHidden()
    window.open_household(hid(watched, "0001"))
    qtbot.waitUntil(lambda: not window.exit_panel.isHidden())


def test_the_window_with_the_tab_fits_1366x768(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    watched.monitoring.add_lead("0004", type="3", risks=["04"], source="1", on=TODAY)
    with font(11):
        window = window_with_lists(qtbot, watched)
        placed(qtbot, window, SCREENS["1366x768"])
        window.tabs.setCurrentWidget(window.monitoring)
        for section in (CANDIDATES, OBJECTS, OVERDUE):
            window.monitoring.sections.setCurrentIndex(section)
            QApplication.processEvents()
            assert window.width() <= 1366 and window.height() <= 728
            assert problems(window) == []
        hh = hid(watched, "0004")
        dialogs = (LeadForm(watched, hh), StepForm(watched, hh), EliminationDialog(watched, hh))
        for dialog in dialogs:
            placed(qtbot, dialog, SCREENS["1366x768"])
            assert problems(dialog) == [], type(dialog).__name__


def test_in_english_the_tab_and_its_errors_speak_english(qtbot, watched: Store, english) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(watched, lang="en")
    qtbot.addWidget(window)
    window.load()
    qtbot.waitUntil(lambda: window.monitoring.lists is not None)
    tab = window.monitoring
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "Monitoring"
    assert tab.candidates.item(0, 2).text() == MonitorType.EDGE.en
    assert "monitoring range" in tab.candidates.item(0, 3).text()
    form = LeadForm(watched, hid(watched, "0004"), "en")
    qtbot.addWidget(form)
    assert not form.save()
    assert "risk type" in form.message.text()


def test_a_newer_scan_cancels_the_one_running(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    from ui.monitoring_tab import MonitoringTab
    from ui.tasks import TaskManager

    tasks = TaskManager()
    tab = MonitoringTab(watched, tasks)
    qtbot.addWidget(tab)
    shown: list[object] = []
    tab.loaded.connect(shown.append)
    tab.load()
    first = tab._task
    tab.load()
    assert first is not None and first.cancelled()
    qtbot.waitUntil(lambda: not tasks.busy())
    assert len(shown) == 1  # only the newer scan's lists are shown
    assert column(tab.candidates) == ["0003"]


def test_the_print_button_opens_the_monitoring_notice(qtbot, watched: Store) -> None:  # type: ignore[no-untyped-def]
    window = window_with_lists(qtbot, watched)
    assert window.printing.notice_dialog is None
    window.monitoring.print_button.click()
    dialog = window.printing.notice_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.request().kind == "monitor-notice"
    dialog.reject()
    assert window.printing.job is None


def test_the_overview_counts_false_and_overridden_eliminations(  # type: ignore[no-untyped-def]
    qtbot, watched: Store, monkeypatch
) -> None:
    monitored(watched, "0003", monkeypatch, days=30)
    m, at = watched.monitoring, lambda n: TODAY - dt.timedelta(days=n)
    cadre = watched.cadres.all()[0]
    m.propose_elimination(
        "0003", on=at(20), override=Override(cadre.id, "大病已报销，两人外出务工收入稳定")
    )
    m.step("0003", "village_notice", on=at(19), notice_end=at(15))
    m.step("0003", "township_review", on=at(14))
    meta = watched.meta
    monkeypatch.setattr(watched, "meta", lambda: {**meta(), "role": StoreRole.COUNTY.value})
    m.step("0003", "county_decision", on=at(13))
    monkeypatch.setattr(watched, "meta", meta)
    # Since then the water failed: a condition no override covered.
    watched.households.update(hid(watched, "0003"), {"water_safe": False})
    window = loaded(qtbot, watched)
    window.tabs.setCurrentIndex(1)
    assert window.dashboard.buttons["elimination_overrides"].text().endswith("：1")
    button = window.dashboard.buttons["false_elimination"]
    assert "疑似虚假消除" in button.text() and button.text().endswith("：1")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window) == ["0003"])
