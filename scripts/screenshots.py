"""Screenshots for docs/ and the README: the main window, a household and the overview,
made offscreen from a fresh demo village with the bundled font.

    python scripts/screenshots.py [--out docs/screenshots] [--lang zh|en]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDeadlineTimer, QEventLoop
from PySide6.QtWidgets import QApplication

from povdesk.demo.generator import init_and_generate
from povdesk.store import Store
from ui.app import use_language
from ui.fonts import app_font, register_bundled_font
from ui.main_window import MainWindow

SIZE = (1366, 740)  # a 1366×768 laptop screen less the task bar


def settle(app: QApplication, until: object, seconds: float = 60) -> None:
    """Let queued work and repaints run until `until()` holds."""
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not until() and not deadline.hasExpired():  # type: ignore[operator]
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    use_language(app, args.lang)
    QApplication.setFont(app_font(register_bundled_font(), 10))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.sqlite", create=True)
        init_and_generate(store, households=120, seed=1)
        window = MainWindow(store, args.lang)
        window.resize(*SIZE)
        window.show()
        window.load()
        settle(app, lambda: window.view is not None and window.view.checked)
        settle(app, lambda: "funds_source" in window.dashboard.charts)
        window.table.selectRow(3)
        settle(app, lambda: False, 0.5)
        suffix = "" if args.lang == "zh" else "-en"
        window.grab().save(str(args.out / f"main{suffix}.png"))
        members = window.edit_members()
        if members is not None:
            settle(app, lambda: False, 0.5)
            members.grab().save(str(args.out / f"household{suffix}.png"))
            members.close()
        window.tabs.setCurrentIndex(1)
        settle(app, lambda: False, 0.5)
        window.grab().save(str(args.out / f"dashboard{suffix}.png"))
        window.close()
        window.tasks.wait()
        store.close()
    print(f"screenshots written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
