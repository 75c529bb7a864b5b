"""A household's own record (basic information and living conditions), built from the
field declarations: editing one, or registering a new one (Ctrl+N). The status is not
here: it changes only through the exit guard. The paired cadre (帮扶责任人) is changed
here too, as its own step, because a pairing is history, not a field."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import HouseholdData
from povdesk.store import Store
from ui.dialogs import HouseholdDialog
from ui.field_form import FieldForm
from ui.i18n import tr

NOT_HERE = frozenset({"status", "village_id"})  # the exit guard's business; the home village


class HouseholdForm(HouseholdDialog):
    saved = Signal(str)

    def __init__(
        self,
        store: Store,
        household_id: str | None,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        """`household_id` None registers a new household."""
        super().__init__(store, household_id or "", lang, parent)
        self.current = store.households.get(household_id) if household_id else None
        hidden = NOT_HERE | ({"number"} if self.current else set())  # a number is identity
        self.form = FieldForm([s for s in specs(HouseholdData) if s.name not in hidden], lang)
        if self.current is not None:
            self.setWindowTitle((tr("编辑农户 ")) + self.current.number)
            self.form.set_values(self.current)
        else:
            self.setWindowTitle(tr("新增农户"))
        self.baseline = self.form.values()  # what "unsaved changes" are measured against
        self.watch(self.form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)
        layout = QVBoxLayout(self)
        if self.current is not None:
            layout.addWidget(self._pairing_box())
        layout.addWidget(self.scrolled(self.form), 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # As wide as the form needs at the chosen font (no sideways scrolling), no less.
        self.resize(max(640, self.form.sizeHint().width() + 60), 620)

    # -- the household's fields ----------------------------------------------------------
    def changes(self) -> dict[str, object]:
        values = self.form.values()
        if self.current is None:
            return values
        return {k: v for k, v in values.items() if v != getattr(self.current, k)}

    def is_dirty(self) -> bool:
        try:
            return self.form.values() != self.baseline
        except UserError:
            return True  # something half-typed (e.g. a bad amount) is still typed

    def save_pending(self) -> bool:
        try:
            if self.current is None:
                self.household_id = self.store.households.create(self.changes()).id
            elif changed := self.changes():
                self.store.households.update(self.household_id, changed)
        except UserError as exc:
            self.show_error(exc)
            return False
        self.baseline = self.form.values()
        self.saved.emit(self.household_id)
        self.changed.emit()
        return True

    def save(self) -> None:
        if self.save_pending():
            self.accept()

    # -- the paired cadre ----------------------------------------------------------------
    def _pairing_box(self) -> QGroupBox:
        box = QGroupBox(tr("帮扶责任人"))
        self.cadre = QComboBox()
        self.cadre.addItem(tr("（未结对）"), None)
        for c in self.store.cadres.all(active_only=True):
            self.cadre.addItem(f"{c.name}  {c.unit}".strip(), c.id)
        self.pair_from = QDateEdit(QDate.currentDate())
        self.pair_from.setCalendarPopup(True)
        self.pair_button = QPushButton(tr("更换结对"))
        self.pair_button.clicked.connect(self.change_pairing)
        self.pair_note = QLabel()
        current = [p for p in self.store.cadres.pairings(self.household_id) if p.end is None]
        if current:
            self.cadre.setCurrentIndex(max(self.cadre.findData(current[-1].cadre_id), 0))
            since = current[-1].start.isoformat()
            self.pair_note.setText(tr("自 {0} 起").format(since))
        line = QHBoxLayout(box)
        line.addWidget(self.cadre, 1)
        line.addWidget(QLabel(tr("起始")))
        line.addWidget(self.pair_from)
        line.addWidget(self.pair_button)
        line.addWidget(self.pair_note)
        return box

    def change_pairing(self) -> None:
        cadre_id = self.cadre.currentData()
        if cadre_id is None:
            return
        start = self.pair_from.date().toPython()
        assert isinstance(start, dt.date)
        try:
            self.store.cadres.pair(self.household_id, str(cadre_id), start)
        except UserError as exc:
            self.show_error(exc)
            return
        self.message.clear()
        self.pair_note.setText(tr("已保存"))
        self.changed.emit()
