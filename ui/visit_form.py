"""Record a visit: a short guided form. The checklist as found that day can update the
household's assessments (the team decides, by the tick box)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import ChecklistItem, CheckStatus, VisitPurpose
from povdesk.errors import UserError
from povdesk.fields import spec
from povdesk.models import VisitData
from povdesk.store import Store
from ui.dialogs import HouseholdDialog
from ui.i18n import tr


class VisitForm(HouseholdDialog):
    """Emits `saved(visit_id)`; stays open with an inline message when saving fails."""

    saved = Signal(str)

    def __init__(
        self,
        store: Store,
        household_id: str,
        cadre_id: str | None,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        hh = store.households.get(household_id)
        self.setWindowTitle(tr("入户走访") + " " + hh.number)

        def label(name: str) -> str:
            return spec(VisitData, name).label(lang)

        self.when = QDateTimeEdit(QDateTime.currentDateTime(), calendarPopup=True)
        self.cadres = QListWidget()
        for c in store.cadres.all(active_only=True):
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setCheckState(
                Qt.CheckState.Checked if c.id == cadre_id else Qt.CheckState.Unchecked
            )
            self.cadres.addItem(item)
        self.purposes = {p.value: QCheckBox(p.label(lang)) for p in VisitPurpose}
        purpose_row = QHBoxLayout()
        for box in self.purposes.values():
            purpose_row.addWidget(box)
        self.checklist: dict[str, QComboBox] = {}
        check_form = QFormLayout()
        for check in ChecklistItem:
            combo = QComboBox()
            for status in (CheckStatus.UNKNOWN, CheckStatus.MET, CheckStatus.UNMET):
                combo.addItem(status.label(lang), status.value)
            self.checklist[check.value] = combo
            check_form.addRow(check.label(lang), combo)
        self.apply = QCheckBox(tr("用当日核查结果更新该户核查状态"))
        self.apply.setChecked(True)
        self.findings = QPlainTextEdit()
        self.actions_done = QPlainTextEdit()
        self.next_steps = QPlainTextEdit()

        form = QFormLayout()
        form.addRow(label("at"), self.when)
        form.addRow(label("cadre_ids"), self.cadres)
        form.addRow(label("purposes"), purpose_row)
        form.addRow(label("checklist"), check_form)
        form.addRow("", self.apply)
        form.addRow(label("findings"), self.findings)
        form.addRow(label("actions"), self.actions_done)
        form.addRow(label("next_steps"), self.next_steps)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)  # Esc closes, as for every dialog
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def values(self) -> dict[str, object]:
        cadre_ids = [
            self.cadres.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.cadres.count())
            if self.cadres.item(i).checkState() == Qt.CheckState.Checked
        ]
        at = self.when.dateTime().toPython()
        assert isinstance(at, dt.datetime)
        return {
            "at": at,  # naive wall-clock time: the store takes it as local time
            "cadre_ids": cadre_ids,
            "purposes": [code for code, box in self.purposes.items() if box.isChecked()],
            "checklist": {k: c.currentData() for k, c in self.checklist.items()},
            "findings": self.findings.toPlainText().strip(),
            "actions": self.actions_done.toPlainText().strip(),
            "next_steps": self.next_steps.toPlainText().strip(),
        }

    def save(self) -> None:
        try:
            visit = self.store.visits.record(
                self.household_id, self.values(), apply_checklist=self.apply.isChecked()
            )
        except UserError as exc:
            self.show_error(exc)
            return
        self.saved.emit(visit.id)
        self.accept()
