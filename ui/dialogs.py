"""What every household dialog shares: its store, household and language, and one
inline line for what went wrong (no message box where a line of text serves)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QTableWidget, QWidget

from povdesk.errors import UserError
from povdesk.store import Store
from ui import messages
from ui.i18n import said


class HouseholdDialog(QDialog):
    changed = Signal()  # something of the household was saved

    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.household_id = household_id
        self.lang = lang
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")

    # -- unsaved changes ------------------------------------------------------------------
    def is_dirty(self) -> bool:
        """Something typed and not saved (forms override this)."""
        return False

    def save_pending(self) -> bool:
        """Save what is typed; False if it could not be saved (the message says why)."""
        return True

    def reject(self) -> None:
        """Esc, Cancel or the title bar's close button (QDialog routes all three here):
        ask before anything typed is lost."""
        if self.is_dirty():
            answer = messages.ask_save(self)
            if answer == "cancel":
                return
            if answer == "save":
                if self.save_pending():
                    self.accept()
                return
        super().reject()

    def watch(self, form: QWidget) -> None:
        """An error shown for what was typed goes as soon as the user changes a field:
        a message about a value already corrected only misleads."""
        form.edited.connect(self.message.clear)  # type: ignore[attr-defined]

    def show_error(self, exc: UserError) -> None:
        self.message.setText(said(exc, self.lang))

    @staticmethod
    def record_table() -> QTableWidget:
        """A read-only list of records; one row is picked and edited in the form below."""
        table = QTableWidget()
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return table

    @staticmethod
    def scrolled(widget: QWidget) -> QScrollArea:
        """A long form scrolls: a whole record does not fit a 768-pixel-high screen."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(widget)
        return area
