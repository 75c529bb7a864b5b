"""The window's file dialogs and the names it proposes. Every "save as" starts in the
user's documents folder with a name that says what the file is, for which village or
household, and on which day; tests replace `ask_save` and `ask_open`, never QFileDialog."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.i18n import tr

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
    chosen, _ = get_save_file_name(parent, title, str(documents_folder() / name), kinds)
    return Path(chosen) if chosen else None


def ask_open(parent: QWidget | None, title: str, kinds: str) -> Path | None:
    """Which file to open; None when the user cancels."""
    chosen, _ = get_open_file_name(parent, title, str(documents_folder()), kinds)
    return Path(chosen) if chosen else None


# -- file dialogs in the window's language -------------------------------------------------
# The system's own file dialog speaks the system's language (English on many a county
# laptop) and Qt's Chinese catalogue leaves "Look in" and "Files of type" untranslated:
# Qt's dialog, with every label set, is Chinese throughout. Same signatures as
# QFileDialog's static functions, so each call site reads as before.
def dialog(parent: QWidget | None, caption: str, start: str, kinds: str, mode: str) -> QFileDialog:
    """`mode`: save, open, open_many or folder."""
    d = QFileDialog(parent, caption, start, kinds)
    d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    save = mode == "save"
    d.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    if mode == "folder":
        d.setFileMode(QFileDialog.FileMode.Directory)
        d.setOption(QFileDialog.Option.ShowDirsOnly, True)
    elif mode == "open_many":
        d.setFileMode(QFileDialog.FileMode.ExistingFiles)
    elif mode == "open":
        d.setFileMode(QFileDialog.FileMode.ExistingFile)
    label = QFileDialog.DialogLabel
    d.setLabelText(label.LookIn, tr("查找范围："))
    d.setLabelText(label.FileName, tr("文件夹：") if mode == "folder" else tr("文件名："))
    d.setLabelText(label.FileType, tr("文件类型："))
    d.setLabelText(
        label.Accept, tr("保存") if save else tr("选择") if mode == "folder" else tr("打开")
    )
    d.setLabelText(label.Reject, tr("取消"))
    return d


def _run(d: QFileDialog) -> list[str]:
    return d.selectedFiles() if d.exec() == QFileDialog.DialogCode.Accepted else []


def get_save_file_name(
    parent: QWidget | None, caption: str = "", start: str = "", kinds: str = ""
) -> tuple[str, str]:
    chosen = _run(dialog(parent, caption, start, kinds, "save"))
    return (chosen[0] if chosen else ""), kinds


def get_open_file_name(
    parent: QWidget | None, caption: str = "", start: str = "", kinds: str = ""
) -> tuple[str, str]:
    chosen = _run(dialog(parent, caption, start, kinds, "open"))
    return (chosen[0] if chosen else ""), kinds


def get_open_file_names(
    parent: QWidget | None, caption: str = "", start: str = "", kinds: str = ""
) -> tuple[list[str], str]:
    return _run(dialog(parent, caption, start, kinds, "open_many")), kinds


def get_existing_directory(parent: QWidget | None, caption: str = "", start: str = "") -> str:
    chosen = _run(dialog(parent, caption, start, "", "folder"))
    return chosen[0] if chosen else ""
