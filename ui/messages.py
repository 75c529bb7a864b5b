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
        f"povdesk 出现内部错误。请把这个日志文件发给技术支持:\n{log}\n\n"
        f"povdesk hit an internal error. Please send this log file to your support:\n{log}",
    )
