"""`povdesk FILE.pvb` (a double-clicked bundle): the window opens with the import
preview of those files; nothing is imported until the user presses 导入."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from ui.county_window import CountyWindow
from ui.main_window import MainWindow
from ui.sync_import import ImportDialog


def open_bundles(window: QMainWindow, paths: Sequence[Path]) -> ImportDialog:
    if isinstance(window, MainWindow):
        dialog = window.sync.import_()
    else:
        assert isinstance(window, CountyWindow)
        dialog = ImportDialog(window.store, window.tasks, window.lang, window)
        dialog.imported.connect(lambda _reports: window.load())
        dialog.open()
    dialog.resize(800, 560)  # room for the preview's table and its household list
    dialog.set_files([Path(p) for p in paths])
    return dialog
