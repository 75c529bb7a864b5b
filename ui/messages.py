"""One route for messages to the user (qutebrowser's message module): tests patch these
functions, never QMessageBox."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from povdesk.errors import UserError


def user_error(parent: QWidget | None, exc: UserError) -> None:
    """Something the user can fix: both languages, no traceback."""
    QMessageBox.warning(parent, "povdesk", exc.bilingual())


def crash(parent: QWidget | None, log: Path) -> None:
    """A bug: say so plainly and name the log file to send."""
    QMessageBox.critical(
        parent,
        "povdesk",
        f"povdesk 出现内部错误。请把这个日志文件发给技术支持：\n{log}\n\n"
        f"povdesk hit an internal error. Please send this log file to your support:\n{log}",
    )


def ask_save(parent: QWidget | None) -> str:
    """Closing a form with unsaved changes: "save", "discard" or "cancel" (keep editing).
    Nothing typed is lost by closing a window without being asked."""
    from ui.i18n import tr

    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    answer = QMessageBox.question(
        parent, "povdesk", tr("有未保存的修改。保存吗？"), buttons, QMessageBox.StandardButton.Save
    )
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"
