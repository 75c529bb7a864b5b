"""Registering a household (Ctrl+N), its income, pairing, split and merge, settings and
the first start, through the real widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableWidgetItem

from povdesk.codes import LifeEventKind, Presence, StoreRole
from povdesk.store import Store
from tests.conftest import snapshot
from tests.ui.test_main_window import loaded, shown
from ui.first_start import FirstStart, demo_path, is_ready
from ui.household_form import HouseholdForm
from ui.income_dialog import IncomeDialog
from ui.members_dialog import MembersDialog
from ui.settings_dialog import SettingsDialog


def test_ctrl_n_registers_a_household_and_opens_its_members(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.findChild(HouseholdForm)
    assert form is not None and form.isVisible()
    number = form.form.widgets["number"]
    assert isinstance(number, QLineEdit)
    number.setText("0003")
    form.save()
    created = village.households.get("0003")
    qtbot.waitUntil(lambda: "0003" in shown(window))
    members = [d for d in window.findChildren(MembersDialog) if d.isVisible()]
    assert [d.household_id for d in members] == [created.id]
    qtbot.waitUntil(lambda: window.current_id() == created.id)


def test_a_duplicate_number_is_refused_inline(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    form = HouseholdForm(village, None)
    qtbot.addWidget(form)
    number = form.form.widgets["number"]
    assert isinstance(number, QLineEdit)
    number.setText("0001")
    before = snapshot(village)
    form.save()
    assert "已存在" in form.message.text()
    assert snapshot(village) == before


def test_income_shows_the_result_as_typed_and_saves(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    hid = village.households.get("0001").id
    year = dt.date.today().year - 1
    village.config.set_poverty_line(year, 400_000)
    dialog = IncomeDialog(village, hid)
    qtbot.addWidget(dialog)
    dialog.year.setValue(year)
    size = len(village.members.of(hid, present_only=True))
    wages = dialog.form.widgets["wages"]
    assert isinstance(wages, QLineEdit)
    wages.setText(str(4000 * size))  # exactly the line: not above it
    assert "✘ 未超过" in dialog.verdict.text()
    wages.setText(str(4000 * size + 1))
    assert "✔ 高于" in dialog.verdict.text()
    dialog.save()
    saved = [i for i in village.incomes.of(hid) if i.year == year]
    assert saved[0].wages == (4000 * size + 1) * 100


def test_a_bad_amount_is_refused_as_typed(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = IncomeDialog(village, village.households.get("0001").id)
    qtbot.addWidget(dialog)
    wages = dialog.form.widgets["wages"]
    assert isinstance(wages, QLineEdit)
    qtbot.keyClicks(wages, "12a.345")
    assert wages.text() == "12.34"


def test_pairing_is_changed_and_kept_as_history(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    a = village.cadres.add({"name": "李干部"})
    b = village.cadres.add({"name": "张干部"})
    hid = village.households.get("0001").id
    village.cadres.pair(hid, a.id, dt.date(2020, 1, 1))
    form = HouseholdForm(village, hid)
    qtbot.addWidget(form)
    assert form.cadre.currentData() == a.id
    form.cadre.setCurrentIndex(form.cadre.findData(b.id))
    form.change_pairing()
    pairings = [p for p in village.cadres.pairings(hid) if p.cadre_id in (a.id, b.id)]
    assert [(p.cadre_id, p.end is None) for p in pairings] == [(a.id, False), (b.id, True)]
    assert [p.cadre_id for p in village.cadres.pairings(hid) if p.end is None] == [b.id]


def test_split_moves_a_member_with_events_on_both_sides(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    old = village.households.get("0001")
    new = village.households.create({"number": "0009"})
    dialog = MembersDialog(village, old.id)
    qtbot.addWidget(dialog)
    moving = dialog.members[-1]
    dialog.table.selectRow(len(dialog.members) - 1)
    dialog.other.setText("0009")
    dialog.move_kind.setCurrentIndex(dialog.move_kind.findData(LifeEventKind.SPLIT.value))
    dialog.move_button.click()
    assert dialog.message.text() == ""
    assert village.members.get(moving.id).presence == Presence.SPLIT_OFF.value
    assert [m.name for m in village.members.of(new.id, present_only=True)] == [moving.name]
    assert [e.kind for e in village.members.events(old.id)][-1] == LifeEventKind.SPLIT.value


def test_moving_to_an_unknown_household_changes_nothing(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = MembersDialog(village, village.households.get("0001").id)
    qtbot.addWidget(dialog)
    before = snapshot(village)
    dialog.other.setText("9999")
    dialog.move_button.click()
    assert "9999" in dialog.message.text()
    assert snapshot(village) == before


def test_settings_village_details_groups_and_mask_saved_together(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(village)
    qtbot.addWidget(dialog)
    contact = dialog.village_form.widgets["objection_contact"]
    assert isinstance(contact, QLineEdit)
    contact.setText("村委会 王主任 0718-1234567")
    dialog.groups.setText("一组,二组、三组")
    dialog.mask_start.setValue(3)
    dialog.mask_end.setValue(3)
    assert dialog.mask_example.text() == "420************234"
    dialog.save()
    home = village.villages.home()
    assert home is not None
    assert home.objection_contact == "村委会 王主任 0718-1234567"
    assert home.groups == ["一组", "二组", "三组"]
    assert village.config.id_mask() == (3, 3)


def test_a_bad_reference_row_leaves_the_village_details_unsaved(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(village)
    qtbot.addWidget(dialog)
    before = snapshot(village)
    contact = dialog.village_form.widgets["objection_contact"]
    assert isinstance(contact, QLineEdit)
    contact.setText("王主任")
    row = dialog.refs.rowCount()
    dialog.refs.insertRow(row)
    for col, text in enumerate(("2024", "4", "18000", "")):  # a 1-digit area code
        dialog.refs.setItem(row, col, QTableWidgetItem(text))
    dialog.save()
    assert dialog.message.text()
    assert snapshot(village) == before


def test_settings_add_and_edit_a_cadre(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(village)
    qtbot.addWidget(dialog)
    form = dialog._cadre_form(None)
    name = form.form.widgets["name"]
    assert isinstance(name, QLineEdit)
    name.setText("刘书记")
    form.save()
    names = [dialog.cadres.item(r, 0).text() for r in range(dialog.cadres.rowCount())]
    assert "刘书记" in names
    dialog.cadres.selectRow(names.index("刘书记"))
    edit = dialog._cadre_form(dialog.cadre_ids[names.index("刘书记")])
    post = edit.form.widgets["post"]
    assert isinstance(post, QLineEdit)
    post.setText("第一书记")
    edit.save()
    assert [c.post for c in village.cadres.find("刘书记")] == ["第一书记"]


def test_first_start_registers_the_village(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "povdesk.sqlite"
    dialog = FirstStart(db)
    qtbot.addWidget(dialog)
    dialog.encrypt.setChecked(False)  # a plain store (encrypted: test_encryption_ui.py)
    dialog.code.setText("42282310720")  # 11 digits
    dialog.name.setText("龙潭村")
    dialog.create_village()
    assert "12" in dialog.message.text()
    assert not is_ready(db)
    dialog.code.setText("422823107205")
    dialog.create_village()
    assert dialog.chosen == db and is_ready(db)
    with Store(db) as store:
        assert store.role is StoreRole.VILLAGE
        home = store.villages.home()
        assert home is not None and home.name == "龙潭村"


def test_first_start_demo_is_kept_apart_from_real_data(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "povdesk.sqlite"
    dialog = FirstStart(db)
    qtbot.addWidget(dialog)
    dialog.open_demo()
    assert dialog.chosen == demo_path(db) != db
    assert not is_ready(db)
    with Store(demo_path(db)) as store:
        registered = [h for h in store.households.summaries() if h.status != "0"]
        assert len(registered) == 120  # and the 一般农户 of the monitoring picture


def test_new_household_with_a_dropout_child_shows_the_education_finding(
    qtbot, village: Store
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    from tests.conftest import person

    window = loaded(qtbot, village)
    window.new_household()
    form = window.findChild(HouseholdForm)
    assert form is not None
    form.form.widgets["number"].setText("0005")  # type: ignore[attr-defined]
    form.save()
    members = next(d for d in window.findChildren(MembersDialog) if d.isVisible())
    today = dt.date.today()
    for name, relation, born, seq, school in (
        ("王大明", "01", dt.date(1980, 3, 3), 11, "1"),
        ("王小明", "03", today.replace(year=today.year - 13) - dt.timedelta(days=30), 13, "1"),
    ):
        widgets = members.form.widgets
        widgets["name"].setText(name)  # type: ignore[attr-defined]
        widgets["relation"].setCurrentIndex(widgets["relation"].findData(relation))  # type: ignore[attr-defined]
        widgets["id_number"].setText(person(born, seq))  # type: ignore[attr-defined]
        widgets["birth_date"].setDate(QDate(born.year, born.month, born.day))  # type: ignore[attr-defined]
        widgets["school_status"].setCurrentIndex(widgets["school_status"].findData(school))  # type: ignore[attr-defined]
        members.arrival_box.setCurrentIndex(members.arrival_box.findData("move_in"))
        members._add()
        assert members.message.text() == ""
    hid = village.households.get("0005").id
    qtbot.waitUntil(
        lambda: (
            window.current_id() == hid
            and window.view is not None
            and window.view.checked
            and hid in window.view.checks
        )
    )
    ids = [window.model.id_at(r) for r in range(window.model.rowCount())]
    window.table.selectRow(ids.index(hid))
    qtbot.waitUntil(
        lambda: (
            "王小明" in window.detail.toPlainText()
            and "义务教育未保障" in window.detail.toPlainText()
        )
    )
    assert village.checks.evaluate(household_ids=[hid])[0].readiness.ready is False


def test_closing_with_unsaved_changes_asks_first(qtbot, village: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui import messages

    answers: list[str] = []
    monkeypatch.setattr(messages, "ask_save", lambda parent: answers.pop(0))
    hid = village.households.get("0001").id
    form = HouseholdForm(village, hid)
    qtbot.addWidget(form)
    form.show()
    form.reject()  # nothing typed: closes without asking
    assert not form.isVisible() and answers == []

    form = HouseholdForm(village, hid)
    qtbot.addWidget(form)
    form.show()
    address = form.form.widgets["address"]
    assert isinstance(address, QLineEdit)
    address.setText("龙潭村三组 8 号")
    answers[:] = ["cancel"]
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert form.isVisible()  # still editing, nothing lost
    answers[:] = ["discard"]
    form.reject()
    assert not form.isVisible()
    assert village.households.get(hid).address != "龙潭村三组 8 号"

    form = HouseholdForm(village, hid)
    qtbot.addWidget(form)
    form.show()
    form.form.widgets["address"].setText("龙潭村三组 8 号")  # type: ignore[attr-defined]
    answers[:] = ["save"]
    form.close()
    assert village.households.get(hid).address == "龙潭村三组 8 号"


def test_income_asks_before_another_year_drops_what_was_typed(
    qtbot, village: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ui import messages

    monkeypatch.setattr(messages, "ask_save", lambda parent: "save")
    hid = village.households.get("0001").id
    dialog = IncomeDialog(village, hid)
    qtbot.addWidget(dialog)
    year = dialog.year.value()
    dialog.form.widgets["wages"].setText("1234.50")  # type: ignore[attr-defined]
    dialog.year.setValue(year - 1)
    saved = {i.year: i.wages for i in village.incomes.of(hid)}
    assert saved[year] == 123_450
    assert dialog.form.widgets["wages"].text() == ""  # type: ignore[attr-defined]


def test_closing_the_window_waits_for_a_form_with_unsaved_changes(
    qtbot, village: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from ui import messages

    answers = ["cancel", "save"]
    monkeypatch.setattr(messages, "ask_save", lambda parent: answers.pop(0))
    window = loaded(qtbot, village)
    window.table.selectRow(0)
    form = window.edit_household()
    assert form is not None
    form.form.widgets["address"].setText("新地址")  # type: ignore[attr-defined]
    window.close()  # e.g. the session ends while the form is open
    assert window.isVisible() and form.isVisible()  # "keep editing" keeps the window
    window.close()
    assert not window.isVisible()
    assert village.households.get("0001").address == "新地址"


def test_ctrl_q_quits(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_an_id_number_is_checked_as_typed_and_fills_birth_and_sex(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import person

    dialog = MembersDialog(village, village.households.get("0001").id)
    qtbot.addWidget(dialog)
    edit = dialog.form.widgets["id_number"]
    assert isinstance(edit, QLineEdit)
    good = person(dt.date(1990, 5, 6), 22)  # even sequence: female
    edit.clear()
    qtbot.keyClicks(edit, good[:-1] + ("0" if good[-1] != "0" else "1"))
    assert "校验" in dialog.id_hint.text()
    edit.clear()
    qtbot.keyClicks(edit, good)
    assert dialog.id_hint.text() == "证件号码有效"
    assert dialog.form.widgets["birth_date"].date().toPython() == dt.date(1990, 5, 6)  # type: ignore[attr-defined]
    assert dialog.form.widgets["sex"].currentData() == "2"  # type: ignore[attr-defined]
