"""What the monitoring work adds to the household's other dialogs: the consent with its
scan, rigid expenditure on the income dialog, a measure naming the monitoring record
and the risk it answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit

from povdesk.codes import RiskType
from povdesk.store import Store
from ui.income_dialog import IncomeDialog
from ui.money_dialog import MoneyDialog
from ui.monitoring_forms import ConsentForm, EventForm

TODAY = dt.date.today()


def test_the_consent_form_attaches_the_scan(qtbot, village: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    village.monitoring.add_lead("0001", type="1", risks=["01"], source="2", on=TODAY)
    hid = village.households.get("0001").id
    scan = tmp_path / "授权书.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    form = ConsentForm(village, hid)
    qtbot.addWidget(form)
    form.set_scan(scan)
    assert form.scan_label.text() == "授权书.pdf"
    assert form.save()
    (record,) = village.monitoring.records(hid)
    assert record.consent_date == TODAY
    assert record.consent_attachment_id is not None
    assert village.attachments.read(record.consent_attachment_id) == b"%PDF-1.4 signed"


def test_the_consent_needs_an_open_record(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    form = ConsentForm(village, village.households.get("0002").id)
    qtbot.addWidget(form)
    assert not form.save()
    assert "监测线索" in form.message.text()


def test_the_income_dialog_takes_rigid_expenditure(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    hid = village.households.get("0001").id
    dialog = IncomeDialog(village, hid)
    qtbot.addWidget(dialog)
    medical, school = dialog.form.widgets["expense_medical"], dialog.form.widgets["expense_school"]
    assert isinstance(medical, QLineEdit) and isinstance(school, QLineEdit)
    medical.setText("12000")
    school.setText("3000.50")
    dialog.save()
    (saved,) = [i for i in village.incomes.of(hid) if i.year == dialog.year.value()]
    assert (saved.expense_medical, saved.expense_school) == (1_200_000, 300_050)


def test_a_measure_names_the_open_record_and_its_risk(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    record = village.monitoring.add_lead("0001", type="1", risks=["01"], source="2", on=TODAY)
    hid = village.households.get("0001").id
    dialog = MoneyDialog(village, hid)
    qtbot.addWidget(dialog)
    risk = dialog.measure_form.widgets["risk"]
    assert isinstance(risk, QComboBox)
    risk.setCurrentIndex(risk.findData(RiskType.ILLNESS.value))
    content = dialog.measure_form.widgets["content"]
    assert isinstance(content, QLineEdit)
    content.setText("大病救助")
    dialog.for_record.setCurrentIndex(dialog.for_record.findData(record.id))
    dialog.add_measure()
    assert dialog.message.text() == ""
    (measure,) = village.measures.of(hid)
    assert (measure.monitoring_id, measure.risk) == (record.id, RiskType.ILLNESS.value)


def test_no_record_no_monitoring_fields(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    dialog = MoneyDialog(village, village.households.get("0002").id)
    qtbot.addWidget(dialog)
    assert "risk" not in dialog.measure_form.widgets


def test_the_event_form_records_a_hardship(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    hid = village.households.get("0001").id
    form = EventForm(village, hid)
    qtbot.addWidget(form)
    kinds = [form.kind.itemData(i) for i in range(form.kind.count())]
    assert sorted(kinds) == ["accident", "disaster", "illness"]
    form.kind.setCurrentIndex(kinds.index("disaster"))
    form.note.setText("冰雹毁坏烟叶")
    assert form.member.currentData() is None  # a disaster concerns the whole household
    assert form.save()
    (event,) = [e for e in village.members.events(hid) if e.kind == "disaster"]
    assert event.member_id is None and event.note == "冰雹毁坏烟叶" and event.date == TODAY
    # A date in the future is refused in place, and nothing is written.
    again = EventForm(village, hid)
    qtbot.addWidget(again)
    again.date.setDate(again.date.date().addDays(3))
    assert not again.save() and again.message.text()
    assert len([e for e in village.members.events(hid) if e.kind == "disaster"]) == 1
