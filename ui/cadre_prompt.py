"""Who is working, asked before a change: every change is signed in the audit log and on
the printouts by the cadre who made it, never by the computer's login name (a shared
village laptop has one login for the whole team)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.store import Store
from ui.cadre_form import CadreForm
from ui.i18n import tr


class CadrePrompt(QDialog):
    """Pick a cadre of the village (or add one); `chosen` is the cadre's id."""

    def __init__(self, store: Store, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.lang = store, lang
        self.chosen: str | None = None
        self.setWindowTitle(tr("请选择操作人"))
        intro = QLabel(
            tr(
                "修改数据和打印之前，请先选择当前操作的干部。所做的修改和打印件都署这位干部的名字。"
            ),
            wordWrap=True,
        )
        self.cadres = QComboBox()
        self.add = QPushButton(tr("添加干部…"))
        self.add.clicked.connect(self.add_cadre)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.cadres)
        layout.addWidget(self.add)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self, select: str | None = None) -> None:
        self.cadres.clear()
        for c in self.store.cadres.all(active_only=True):
            self.cadres.addItem(c.name, c.id)
        if select is not None:
            self.cadres.setCurrentIndex(max(self.cadres.findData(select), 0))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.cadres.count() > 0)

    def add_cadre(self) -> CadreForm:
        form = CadreForm(self.store, self.lang, self)
        form.added.connect(lambda cadre_id: self._fill(select=cadre_id))
        form.open()
        return form

    def choose(self) -> None:
        data = self.cadres.currentData()
        if data:
            self.chosen = str(data)
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, store: Store, lang: str = "zh") -> str | None:
        """The chosen cadre's id, or None if the user cancelled (tests replace this)."""
        dialog = cls(store, lang, parent)
        dialog.exec()
        return dialog.chosen
