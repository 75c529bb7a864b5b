"""Starting the GUI: display check, bundled font, the store, the main window."""

from __future__ import annotations

import os
import sys
from types import TracebackType

from povdesk.errors import UserError


def has_display() -> bool:
    """Qt aborts the process when it cannot open a display; we ask first."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have one for a desktop session


def no_display_message(db: str) -> str:
    return (
        "povdesk: 没有可用的显示器,无法打开图形界面。命令行功能都可使用,例如:\n"
        f"  povdesk summary --db {db}\n  povdesk list --db {db}\n  povdesk check --db {db}\n"
        "povdesk: no display is available, so the window cannot open. Everything works from "
        "the command line, e.g. the commands above (povdesk --help lists them all)."
    )


def _crash_hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Any exception escaping a Qt slot: a user error is shown as one, a bug is logged
    with its traceback and the dialog names the log file."""
    from povdesk.logs import log_crash
    from ui import messages

    if isinstance(exc, UserError):
        messages.user_error(None, exc)
        return
    try:
        raise exc.with_traceback(tb)
    except BaseException:
        messages.crash(None, log_crash("the window"))


def run(db: str, lang: str = "zh") -> int:
    from PySide6.QtWidgets import QApplication

    from povdesk.store import Store
    from ui import messages
    from ui.fonts import app_font, register_bundled_font
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    family = register_bundled_font()
    QApplication.setFont(app_font(family, 11))
    sys.excepthook = _crash_hook
    try:
        store = Store(db)
    except UserError as exc:
        messages.user_error(None, exc)
        return 2
    window = MainWindow(store, lang)
    window.show()
    window.load()
    code = app.exec()
    window.tasks.wait()
    store.close()
    return int(code)
