"""Add or edit a cadre (帮扶干部/工作队员) from the declared cadre fields."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import CadreData
from povdesk.store import Store
from ui.field_form import FieldForm
from ui.i18n import said, tr

ASKED = ("name", "sex", "unit", "level", "post", "phone", "id_number", "team_member", "active")


class CadreForm(QDialog):
    added = Signal(str)  # the new (or edited) cadre's id

    def __init__(
        self,
        store: Store,
        lang: str = "zh",
        parent: QWidget | None = None,
        cadre_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.cadre_id = cadre_id
        if cadre_id is None:
            self.setWindowTitle(tr("添加干部"))
        else:
            self.setWindowTitle(tr("编辑干部"))
        self.form = FieldForm([s for s in specs(CadreData) if s.name in ASKED], lang)
        # A new cadre starts from the declared defaults (active, for one).
        self.form.set_values(store.cadres.get(cadre_id) if cadre_id else CadreData())
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        self.form.edited.connect(self.message.clear)  # a corrected value clears its error
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def save(self) -> None:
        values = {k: v for k, v in self.form.values().items() if v is not None}
        try:
            if self.cadre_id is None:
                cadre = self.store.cadres.add(values)
            else:
                cadre = self.store.cadres.update(self.cadre_id, values)
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        self.added.emit(cadre.id)
        self.accept()
