"""One route for messages to the user (qutebrowser's message module): tests patch these
functions, never QMessageBox."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from povdesk.errors import UserError


def user_error(parent: QWidget | None, exc: UserError) -> None:
    """Something the user can fix: both languages, no traceback."""
    QMessageBox.warning(parent, "povdesk", exc.bilingual())


def info(parent: QWidget | None, text: str) -> None:
    """Something done, with what the user should know about it."""
    QMessageBox.information(parent, "povdesk", text)


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


def confirm(parent: QWidget | None, text: str) -> bool:
    """A yes/no question whose answer changes data (e.g. restoring a backup)."""
    answer = QMessageBox.question(
        parent,
        "povdesk",
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    chosen = QFileDialog.getExistingDirectory(parent, title)
    return Path(chosen) if chosen else None


def new_passphrase(parent: QWidget | None) -> str | None:
    """A passphrase typed twice (for a backup leaving the laptop); None if cancelled."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    from ui.i18n import tr

    first, ok = QInputDialog.getText(
        parent, "povdesk", tr("为这份备份设置密码："), QLineEdit.EchoMode.Password
    )
    if not ok or not first:
        return None
    again, ok = QInputDialog.getText(
        parent, "povdesk", tr("再输入一次密码："), QLineEdit.EchoMode.Password
    )
    if not ok:
        return None
    if again != first:
        QMessageBox.warning(parent, "povdesk", tr("两次输入的密码不一致，请重来。"))
        return None
    return first
