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

from povdesk.errors import UserError

CONTEXT = "povdesk"
SOURCE = "zh"  # the language of the source text: no translator needed
FOLDER = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def tr(text: str) -> str:
    """`text` in the language chosen at start. Placeholders are `{0}`, `{1}`… filled
    with str.format after translation, so a translation may reorder them."""
    return QCoreApplication.translate(CONTEXT, text)


def catalogue(lang: str) -> Path:
    return FOLDER / f"povdesk_{lang}.qm"


def pick(lang: str, zh: str, en: str) -> str:
    """Words that come in both languages from outside the window's own text (a
    UserError, a ready-made list, a code list, a rule's verdict) or a format whose two
    forms differ in more than words: the one for the window's language `lang`. The
    window's own words go through tr()."""
    return zh if lang == SOURCE else en


def said(exc: UserError, lang: str) -> str:
    """A user's error in the window's language, for a message shown inline."""
    return pick(lang, exc.zh, exc.en)
