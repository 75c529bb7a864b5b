"""Edit a household's own record (basic information and living conditions), built from
the field declarations. The status is not here: it changes only through the exit guard."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import HouseholdData
from povdesk.store import Store
from ui.dialogs import HouseholdDialog
from ui.field_form import FieldForm

NOT_HERE = frozenset({"number", "status"})  # identity, and the exit guard's business


class HouseholdForm(HouseholdDialog):
    saved = Signal(str)

    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        self.current = store.households.get(household_id)
        self.setWindowTitle(
            ("编辑农户 " if lang == "zh" else "Edit household ") + self.current.number
        )
        self.form = FieldForm([s for s in specs(HouseholdData) if s.name not in NOT_HERE], lang)
        self.form.set_values(self.current)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scrolled(self.form), 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(640, 620)

    def changes(self) -> dict[str, object]:
        return {k: v for k, v in self.form.values().items() if v != getattr(self.current, k)}

    def save(self) -> None:
        changed = self.changes()
        if changed:
            try:
                self.store.households.update(self.household_id, changed)
            except UserError as exc:
                self.show_error(exc)
                return
        self.saved.emit(self.household_id)
        self.accept()
