"""The window's file dialogs and the names it proposes. Every "save as" starts in the
user's documents folder with a name that says what the file is, for which village or
household, and on which day; tests replace `ask_save` and `ask_open`, never QFileDialog."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

# A stored name (a village, a household head) never becomes a path: whatever could
# separate folders or upset a file system is dropped from it.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+|^\.+')


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def default_name(*parts: str, suffix: str, day: dt.date | None = None) -> str:
    """E.g. ("青龙村", "花名册") -> 青龙村花名册-20261205.xlsx."""
    text = _NOT_IN_NAMES.sub("", "".join(parts)).strip()[:60] or "povdesk"
    return f"{text}-{(day or dt.date.today()):%Y%m%d}{suffix}"


def ask_save(parent: QWidget | None, title: str, name: str, kinds: str) -> Path | None:
    """Where to save `name`; None when the user cancels."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(documents_folder() / name), kinds)
    return Path(chosen) if chosen else None


def ask_open(parent: QWidget | None, title: str, kinds: str) -> Path | None:
    """Which file to open; None when the user cancels."""
    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(documents_folder()), kinds)
    return Path(chosen) if chosen else None
