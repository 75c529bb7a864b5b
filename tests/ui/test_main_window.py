"""The main window end to end through real widgets: load, search by pinyin, a list."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase

from povdesk.services.lists import PRESETS
from povdesk.store import Store
from ui.cadre_form import CadreForm
from ui.fonts import register_bundled_font
from ui.main_window import MainWindow


def loaded(qtbot, store: Store) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.view is not None and window.view.checked)
    return window


def shown(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def test_bundled_font_covers_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    family = register_bundled_font()
    assert family
    systems = QFontDatabase.writingSystems(family)
    assert QFontDatabase.WritingSystem.SimplifiedChinese in systems


def test_loads_the_village_in_the_background(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    assert shown(window) == ["0001", "0002"]
    assert window.count.text() == "2 / 2 户"


def test_search_by_pinyin_initials(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    qtbot.keyClicks(window.search, "xx2")
    qtbot.waitUntil(lambda: shown(window) == ["0002"])
    window.search.clear()
    qtbot.waitUntil(lambda: shown(window) == ["0001", "0002"])


def test_ready_made_list_and_detail(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    names = [window.preset.itemData(i) for i in range(window.preset.count())]
    window.preset.setCurrentIndex(names.index("dropout"))
    assert PRESETS["dropout"].zh == window.preset.currentText()
    qtbot.waitUntil(lambda: shown(window) == ["0001"])
    qtbot.waitUntil(lambda: "义务教育未保障" in window.detail.toPlainText())
    assert "向小1" in window.detail.toPlainText()


def test_a_bug_in_background_work_reaches_the_crash_route(  # type: ignore[no-untyped-def]
    qtbot, village: Store, monkeypatch, tmp_path
) -> None:
    import logging

    from ui import messages, village_view

    def broken(store: Store, **_how: object) -> None:
        raise RuntimeError("bug while loading")

    crashes: list[object] = []
    monkeypatch.setenv("POVDESK_LOG_DIR", str(tmp_path))
    monkeypatch.setattr(village_view.VillageView, "quick", staticmethod(broken))
    monkeypatch.setattr(messages, "crash", lambda parent, log: crashes.append(log))
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.load()
    qtbot.waitUntil(lambda: bool(crashes))
    assert crashes == [tmp_path / "povdesk.log"]
    assert "RuntimeError: bug while loading" in (tmp_path / "povdesk.log").read_text("utf-8")
    logger = logging.getLogger("povdesk")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_a_user_error_in_background_work_is_shown_inline(  # type: ignore[no-untyped-def]
    qtbot, village: Store, monkeypatch
) -> None:
    from povdesk.errors import UserError
    from ui import messages, village_view

    def refused(store: Store, **_how: object) -> None:
        raise UserError("数据库被占用", "The database is in use")

    monkeypatch.setattr(village_view.VillageView, "quick", staticmethod(refused))
    monkeypatch.setattr(messages, "crash", lambda parent, log: pytest.fail("not a bug"))
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.load()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "数据库被占用")


def test_overview_number_opens_its_list(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    window = loaded(qtbot, village)
    window.tabs.setCurrentIndex(1)
    button = window.dashboard.buttons["shortfall_education"]
    assert button.text() == "义务教育：1"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: shown(window) == ["0001"])
    assert "义务教育" in window.statusBar().currentMessage()
    window.preset.setCurrentIndex(0)  # choosing a list again leaves the overview's one
    qtbot.waitUntil(lambda: shown(window) == ["0001", "0002"])


def test_exit_is_blocked_then_overridden_and_audited(qtbot, village: Store, cadre_asked) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from PySide6.QtCore import Qt

    village.config.set_poverty_line(dt.date.today().year - 1, 1)
    window = loaded(qtbot, village)
    window.table.selectRow(0)  # 0001, whose child is out of school
    qtbot.waitUntil(lambda: window.exit_panel.household_id is not None)
    panel = window.exit_panel
    cadre_asked.answer = lambda store: None  # asked who is working, the cadre cancels
    qtbot.mouseClick(panel.propose, Qt.MouseButton.LeftButton)
    assert cadre_asked.asked == ["asked"] and panel.message.text() == ""
    window.worker.setCurrentIndex(window.worker.findText("李建华"))
    qtbot.mouseClick(panel.propose, Qt.MouseButton.LeftButton)
    assert "义务教育未保障" in panel.message.text()
    window.worker.setCurrentIndex(0)  # nobody chosen again
    assert panel.override.isVisible()
    assert village.households.get("0001").status == "1"  # nothing changed

    # Chinese arrives through an input method, not key events: set the text as one would.
    panel.reason.setText("孩子已在县城寄宿学校报名,九月入学,户主同意申报")
    qtbot.mouseClick(panel.override, Qt.MouseButton.LeftButton)
    assert "先在上方选择" in panel.message.text()  # nobody said who is working
    window.worker.setCurrentIndex(window.worker.findText("李建华"))
    qtbot.mouseClick(panel.override, Qt.MouseButton.LeftButton)
    assert panel.message.text().startswith("已申报拟退出：0001。下一步：入户核实")
    assert village.households.get("0001").status == "2"
    qtbot.waitUntil(lambda: "放行退出" in window.detail.toPlainText())
    # The confirmation stays after the window reloaded the village.
    assert panel.message.text().startswith("已申报拟退出：0001")
    history = village.audit.history(
        "exit_override",
        village.status.history(village.households.get("0001").id)[-1].override_id or "",
    )
    assert history and history[0]["actor"].startswith("李建华")


def test_record_a_visit_updates_the_checklist(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.worker.setCurrentIndex(window.worker.findText("李建华"))
    window.table.selectRow(1)  # 0002
    form = window.record_visit()
    assert form is not None
    qtbot.addWidget(form)
    form.purposes["7"].setChecked(True)
    form.checklist["water"].setCurrentIndex(form.checklist["water"].findData("unmet"))
    form.findings.setPlainText("水井浑浊")
    form.save()
    hid = village.households.get("0002").id
    visits = village.visits.of(hid)
    assert len(visits) == 1 and visits[0].purposes == ["7"] and visits[0].findings == "水井浑浊"
    assert [(a.item, a.status) for a in village.assessments.of(hid)] == [("water", "unmet")]
    assert village.audit.history("visit", visits[0].id)[0]["actor"].startswith("李建华")
    qtbot.waitUntil(lambda: "饮水安全核查结果为未保障" in window.detail.toPlainText())


def test_a_visit_asks_who_is_working_first(qtbot, village: Store, cadre_asked) -> None:  # type: ignore[no-untyped-def]
    """No cadre chosen: the window asks; cancelling opens no form, choosing one records
    the visit under that cadre (never under the computer's login name)."""
    window = loaded(qtbot, village)
    cadre_asked.answer = lambda store: None
    assert window.record_visit() is None
    assert cadre_asked.asked == ["asked"]
    cadre_asked.answer = lambda store: store.cadres.all()[0].id
    form = window.record_visit()
    assert form is not None
    qtbot.addWidget(form)
    assert window.worker.currentText() == "李建华"
    form.save()
    hid = village.households.get("0001").id
    visits = village.visits.of(hid)
    assert len(visits) == 1
    assert village.audit.history("visit", visits[0].id)[0]["actor"].startswith("李建华")


def test_qt_own_strings_speak_chinese(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.app import use_language

    use_language(qapp, "zh")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        qtbot.addWidget(box)
        save = box.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None and save.text() == "保存"
        assert QLocale().language() == QLocale.Language.Chinese
    finally:
        use_language(qapp, "en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Save).text() == "Save"  # type: ignore[union-attr]


def test_edit_household_from_its_declared_fields(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.table.selectRow(1)  # 0002, no finding about the house yet
    form = window.edit_household()
    assert form is not None
    qtbot.addWidget(form)
    assert form.changes() == {}  # opening and saving changes nothing
    grade = form.form.widgets["danger_grade"]
    grade.setCurrentIndex(grade.findData("D"))  # type: ignore[attr-defined]
    assert form.changes() == {"danger_grade": "D"}
    form.save()
    assert village.households.get("0002").danger_grade == "D"
    qtbot.waitUntil(lambda: "危房" in window.detail.toPlainText())
    assert "status" not in form.form.widgets  # only through the exit guard


def test_household_form_round_trips_every_field(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from ui.household_form import HouseholdForm

    village.households.update(
        village.households.get("0001").id,
        {
            "secondary_causes": ["07", "09"],
            "water_safe": False,
            "land_cultivated": 2.5,
            "identified_year": 2015,
            "main_cause": "03",
        },
    )
    form = HouseholdForm(village, village.households.get("0001").id)
    qtbot.addWidget(form)
    assert form.changes() == {}
    values = form.form.values()
    assert values["secondary_causes"] == ["07", "09"] and values["water_safe"] is False
    assert values["land_cultivated"] == 2.5 and values["identified_year"] == 2015


def test_members_birth_edit_and_death(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from PySide6.QtCore import QDate

    from povdesk.codes import Presence

    window = loaded(qtbot, village)
    window.table.selectRow(0)  # 0001
    dialog = window.edit_members()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    hid = village.households.get("0001").id

    # a birth: a new member with the event, no ID number yet
    dialog.form.widgets["name"].setText("向小宝")  # type: ignore[attr-defined]
    rel = dialog.form.widgets["relation"]
    rel.setCurrentIndex(rel.findData("07"))  # type: ignore[attr-defined]
    sex = dialog.form.widgets["sex"]
    sex.setCurrentIndex(sex.findData("1"))  # type: ignore[attr-defined]
    dialog.form.widgets["id_number"].setText("")  # type: ignore[attr-defined]
    dialog.form.widgets["birth_date"].setDate(QDate(2025, 8, 8))  # type: ignore[attr-defined]
    dialog.arrival_box.setCurrentIndex(dialog.arrival_box.findData("birth"))
    dialog._add()
    assert dialog.message.text() == ""
    assert dialog.table.rowCount() == 3
    baby = next(m for m in village.members.of(hid) if m.name == "向小宝")
    assert baby.birth_date == dt.date(2025, 8, 8)
    assert [e.kind for e in village.members.events(hid)] == ["birth"]

    # a death of the child who dropped out: recorded, never deleted
    child_row = [m.name for m in dialog.members].index("向小1")
    dialog.table.selectRow(child_row)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("death"))
    dialog._leave()
    child = next(m for m in village.members.of(hid) if m.name == "向小1")
    assert child.presence == Presence.DECEASED.value
    assert dialog.table.rowCount() == 2
    # the head cannot leave while others remain: said inline, nothing changed
    head_row = [m.name for m in dialog.members].index("向德1")
    dialog.table.selectRow(head_row)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("move_away"))
    dialog._leave()
    assert "户主" in dialog.message.text()
    assert village.members.of(hid, present_only=True)[0].presence == Presence.PRESENT.value


def test_add_a_cadre_and_work_as_them(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    assert village.actor == "测试员"  # the account, until someone is chosen
    window.worker.setCurrentIndex(window.worker.count() - 1)  # 添加干部…
    form = window.findChild(CadreForm)
    assert form is not None
    form.form.widgets["name"].setText("王芳")  # type: ignore[attr-defined]
    form.form.widgets["unit"].setText("县卫健局")  # type: ignore[attr-defined]
    form.save()
    assert window.worker.currentText() == "王芳"
    assert village.actor.startswith("王芳（")
    assert [c.name for c in village.cadres.find("王芳")] == ["王芳"]


def test_cancelled_cadre_form_leaves_nobody_chosen(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.worker.setCurrentIndex(window.worker.count() - 1)
    form = window.findChild(CadreForm)
    assert form is not None
    form.reject()
    assert window.worker.currentIndex() == 0 and window.current_cadre() is None


def test_settings_poverty_line_changes_the_findings(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from PySide6.QtWidgets import QTableWidgetItem

    from ui.settings_dialog import SettingsDialog, app_settings

    year = dt.date.today().year - 1
    window = loaded(qtbot, village)
    # A missing line is said once, at the top, as a setting to enter; no household has it.
    qtbot.waitUntil(lambda: not window.banner.isHidden())
    assert f"{year} 年度扶贫标准" in window.banner.text()
    assert "不是农户的问题" in window.banner.text()
    codes = {f.code for c in window.view.checks.values() for f in c.findings}  # type: ignore[union-attr]
    assert not codes & {"poverty_line_missing", "standard_missing"}
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    table = dialog.lines
    row = table.rowCount()
    table.insertRow(row)
    table.setItem(row, 0, QTableWidgetItem(str(year)))
    table.setItem(row, 1, QTableWidgetItem("4637.50"))
    dialog.font_size.setValue(14)
    dialog.save()
    assert village.config.poverty_lines()[year] == 463750
    assert int(str(app_settings().value("font_size"))) == 14
    qtbot.waitUntil(
        lambda: f"{year} 年度扶贫标准" not in window.banner.text() or window.banner.isHidden()
    )


def test_settings_refuse_a_bad_amount_inline(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableWidgetItem

    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(village)
    qtbot.addWidget(dialog)
    before = village.config.poverty_lines()
    row = dialog.lines.rowCount()
    dialog.lines.insertRow(row)
    dialog.lines.setItem(row, 0, QTableWidgetItem("2024"))
    dialog.lines.setItem(row, 1, QTableWidgetItem("4,000.555"))
    dialog.save()
    assert "两位小数" in dialog.message.text()
    assert village.config.poverty_lines() == before


def test_measures_and_the_append_only_ledger(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.table.selectRow(0)
    dialog = window.edit_money()
    assert dialog is not None
    qtbot.addWidget(dialog)
    hid = village.households.get("0001").id
    f = dialog.measure_form
    f.widgets["content"].setText("雨露计划职业教育补助")  # type: ignore[attr-defined]
    cat = f.widgets["category"]
    cat.setCurrentIndex(cat.findData("04"))  # type: ignore[attr-defined]
    f.widgets["cost"].setText("3,000")  # type: ignore[attr-defined]  # typed in yuan
    dialog.add_measure()
    assert dialog.message.text() == ""
    [measure] = village.measures.of(hid)
    assert (measure.category, measure.content, measure.cost) == (
        "04",
        "雨露计划职业教育补助",
        300000,
    )

    dialog.amount.setText("1,500.5")
    dialog.for_measure.setCurrentIndex(dialog.for_measure.findData(measure.id))
    dialog.record_payment()
    assert village.funds.total(hid) == 150050
    dialog.amount.setText("12.345")
    dialog.record_payment()
    assert "两位小数" in dialog.message.text() and village.funds.total(hid) == 150050

    dialog.ledger.selectRow(0)
    dialog.reverse_selected()  # no reason given: refused inline
    assert "原因" in dialog.message.text() and village.funds.total(hid) == 150050
    dialog.reason.setText("金额录错")
    dialog.reverse_selected()
    assert village.funds.total(hid) == 0
    assert len(village.funds.entries(hid)) == 2  # the mistake stays on record
    f.widgets["cost"].setText("12.345")  # type: ignore[attr-defined]
    dialog.measure_table.selectRow(0)
    f.widgets["cost"].setText("12.345")  # type: ignore[attr-defined]
    dialog.save_measure()
    assert "两位小数" in dialog.message.text()
    assert village.measures.of(hid)[0].cost == 300000


def test_digits_and_latin_letters_come_from_a_bundled_font(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontDatabase

    from ui.fonts import LATIN_FILE, app_font

    family = register_bundled_font()
    font = app_font(family, 11)
    latin = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(LATIN_FILE)))
    assert font.families() == [latin[0], family]


def test_a_missing_line_offers_no_override(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    """Only entering the figure helps: a written reason cannot stand in for a standard."""
    from PySide6.QtCore import Qt

    window = loaded(qtbot, village)
    window.worker.setCurrentIndex(window.worker.findText("李建华"))
    window.table.selectRow(1)  # 0002
    qtbot.waitUntil(lambda: window.exit_panel.household_id is not None)
    panel = window.exit_panel
    qtbot.mouseClick(panel.propose, Qt.MouseButton.LeftButton)
    assert "年度扶贫标准" in panel.message.text()
    assert not panel.override.isVisible()
    assert village.households.get("0002").status == "1"


def test_the_ready_column_says_pending_for_a_missing_standard() -> None:
    from povdesk.services.lists import ListFacts
    from ui.village_view import _ready_text

    def facts(ready: bool, blocked: bool) -> ListFacts:
        return ListFacts("一组", None, "1", ready, blocked, frozenset(), frozenset(), frozenset())

    assert _ready_text(facts(True, False), "是", "否", "zh") == "是"
    assert _ready_text(facts(False, True), "是", "否", "zh") == "否"
    assert _ready_text(facts(False, False), "是", "否", "zh") == "待定"
    assert _ready_text(facts(False, False), "yes", "no", "en") == "pending"
