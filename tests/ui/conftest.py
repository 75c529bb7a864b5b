"""GUI tests run offscreen, with the bundled font, on a small real village store."""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QSettings of the tests go to a folder of their own, never the user's configuration.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="povdesk-test-config-")

from povdesk.store import Store
from tests.conftest import add_two_households


@pytest.fixture
def village(store: Store) -> Store:
    """0001 向德1: a 13-year-old not in school; 0002 向德2: the child is in school."""
    add_two_households(store)
    return store


def _no_translators() -> None:
    from PySide6.QtWidgets import QApplication

    from ui import app

    for t in app._translators:
        QApplication.removeTranslator(t)
    app._translators.clear()


@pytest.fixture(autouse=True)
def _language_reset():  # type: ignore[no-untyped-def]
    """Each test starts in the source language (Chinese) with no translator installed;
    a test that switches language cannot leak it into the next."""
    yield
    _no_translators()


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    from ui.app import use_language

    use_language(qapp, "en")
    yield
    _no_translators()


@pytest.fixture(autouse=True)
def cadre_asked(monkeypatch):  # type: ignore[no-untyped-def]
    """The window asks who is working (a modal dialog) before a change when no cadre is
    chosen. Here the cadre at the computer picks the village's first cadre; each call is
    recorded, and a test that is about the question replaces `answer`."""
    from ui.cadre_prompt import CadrePrompt

    asked: list[str] = []

    class Answer:
        def __call__(self, parent, store, lang="zh"):  # type: ignore[no-untyped-def]
            asked.append("asked")
            return self.answer(store)

        @staticmethod
        def answer(store):  # type: ignore[no-untyped-def]
            cadres = store.cadres.all(active_only=True)
            return cadres[0].id if cadres else None

    fake = Answer()
    monkeypatch.setattr(CadrePrompt, "ask", staticmethod(fake))
    fake.asked = asked  # type: ignore[attr-defined]
    return fake
