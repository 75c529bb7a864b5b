"""The window's two steps: the list at once, the checks after, and nothing untrue between."""

from __future__ import annotations

from povdesk.services.lists import PRESETS, HouseholdFilter
from povdesk.store import Store
from ui.village_view import PENDING, VillageView


def test_the_quick_list_shows_people_but_claims_no_readiness(village: Store) -> None:
    quick = VillageView.quick(village)
    assert not quick.checked
    rows = quick.rows(quick.order, "zh")
    first = rows[quick.order[0]]
    assert first[:2] == ("0001", "向德1") and first[5] == "2"
    assert first[6:] == (PENDING, PENDING, PENDING)
    assert quick.ids("", HouseholdFilter()) == quick.order
    assert quick.ids("向德2", HouseholdFilter()) == [quick.order[1]]  # plain text until indexed
    assert quick.ids("", PRESETS["dropout"].filter) == []  # no list before the check


def test_the_complete_view_checks_and_indexes(village: Store) -> None:
    full = VillageView.quick(village).complete(village)
    assert full.checked and full.summary is not None
    assert full.rows(full.order, "zh")[full.order[0]][6] == "否"
    assert full.ids("xx1", HouseholdFilter()) == [full.order[0]]
    assert full.ids("", PRESETS["dropout"].filter) == [full.order[0]]
