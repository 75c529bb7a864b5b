"""GUI tests run offscreen, with the bundled font, on a small real village store."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from povdesk.store import Store
from tests.conftest import add_two_households


@pytest.fixture
def village(store: Store) -> Store:
    """0001 向德1: a 13-year-old not in school; 0002 向德2: the child is in school."""
    add_two_households(store)
    return store
