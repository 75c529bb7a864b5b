"""GUI tests run offscreen, with the bundled font, on a small real village store."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from povdesk.store import Store
from tests.conftest import person


@pytest.fixture
def village(store: Store) -> Store:
    """0001 向德1: a 13-year-old not in school; 0002 向德2: the child is in school."""
    c = store.cadres.add({"name": "李建华"})
    for number, child_status in (("0001", "1"), ("0002", "4")):
        hh = store.households.create({"number": number, "group": "一组", "water_safe": True})
        store.members.add(
            hh.id,
            {
                "name": f"向德{number[-1]}",
                "relation": "01",
                "ins_medical": True,
                "id_number": person(dt.date(1975, 1, 2), int(number) * 2 + 1),
            },
        )
        store.members.add(
            hh.id,
            {
                "name": f"向小{number[-1]}",
                "relation": "03",
                "ins_medical": True,
                "school_status": child_status,
                "id_number": person(dt.date(2013, 4, 5), int(number) * 2 + 11),
            },
        )
        store.cadres.pair(hh.id, c.id, dt.date(2024, 1, 1))
    return store
