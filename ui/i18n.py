"""povdesk's own words go through Qt's translation system.

The source language is Chinese, the language the app speaks by default, so the window
is Chinese even if no translation file loads; English comes from
resources/i18n/povdesk_en.qm (compiled by Qt's lrelease from povdesk_en.ts, which Qt
Linguist edits). `scripts/i18n.py update` collects every tr("…") of ui/ into the .ts;
a test fails when one lacks its English or the .qm is older than the .ts.

Labels of records come from the field declarations (povdesk.fields), which carry both
languages themselves; this module is for the words of the window around them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

CONTEXT = "povdesk"
FOLDER = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def tr(text: str) -> str:
    """`text` in the language chosen at start. Placeholders are `{0}`, `{1}`… filled
    with str.format after translation, so a translation may reorder them."""
    return QCoreApplication.translate(CONTEXT, text)


def catalogue(lang: str) -> Path:
    return FOLDER / f"povdesk_{lang}.qm"
