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
