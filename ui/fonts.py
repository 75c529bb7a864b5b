"""The bundled fonts, registered at start so the window renders on any machine: the CJK
font for Chinese, and DejaVu Sans for Latin letters and digits, which the CJK font
lacks (resources/README.md lists both with their licences)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT_FILE = RESOURCES / "fonts" / "DroidSansFallbackFull.ttf"
LATIN_FILE = RESOURCES / "fonts" / "DejaVuSans.ttf"
_latin: list[str] = []  # the Latin family, once registered


def register_bundled_font() -> str:
    """Register the font and return its family name ("" if the file is missing: Qt then
    falls back to whatever the system has, and the caller says so)."""
    if LATIN_FILE.exists() and not _latin:
        latin = QFontDatabase.addApplicationFont(str(LATIN_FILE))
        _latin.extend(QFontDatabase.applicationFontFamilies(latin)[:1] if latin >= 0 else [])
    if not FONT_FILE.exists():
        return ""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ""


def app_font(family: str, point_size: int) -> QFont:
    """Latin letters and digits from DejaVu, everything else from `family` (the CJK font):
    Qt takes each character from the first family in the list that has it."""
    font = QFont()
    families = _latin + ([family] if family else [])
    if families:
        font.setFamilies(families)
    font.setPointSize(point_size)
    return font
