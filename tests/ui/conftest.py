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
