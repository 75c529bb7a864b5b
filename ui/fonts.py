"""The bundled CJK font: registered at start so Chinese renders on any machine."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
FONT_FILE = RESOURCES / "fonts" / "DroidSansFallbackFull.ttf"


def register_bundled_font() -> str:
    """Register the font and return its family name ("" if the file is missing: Qt then
    falls back to whatever the system has, and the caller says so)."""
    if not FONT_FILE.exists():
        return ""
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else ""


def app_font(family: str, point_size: int) -> QFont:
    font = QFont(family) if family else QFont()
    font.setPointSize(point_size)
    return font
