"""The team's lists: each filter and each ready-made list picks the right households."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.services.lists import PRESETS, HouseholdFilter, combine, select
from povdesk.store import Store
from tests.conftest import add_two_households, person

TODAY = dt.date.today()


@pytest.fixture
def village(store: Store) -> Store:
    """0001: a dropped-out child, visited today; 0002: clean, visited 200 days ago;
    0003: an elderly woman alone in a D-grade house, never visited."""
    cadre = add_two_households(store)
    for number, days in (("0001", 0), ("0002", 200)):
        at = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time(10))
        store.visits.record(store.households.get(number).id, {"cadre_ids": [cadre], "at": at})
    old = store.households.create(
        {
            "number": "0003",
            "group": "二组",
            "danger_grade": "D",
            "water_safe": True,
            "category": "3",
        }
    )
    store.members.add(
        old.id,
        {
            "name": "田秀英",
            "relation": "01",
            "ins_medical": True,
            "tekun": True,
            "id_number": person(dt.date(1940, 2, 3), 22),
        },
    )
    return store


def numbers(store: Store, flt: HouseholdFilter) -> list[str]:
    checks = store.checks.evaluate()
    picked = select(checks, flt, store.visits.last_dates(), TODAY)
    return [c.household.number for c in picked]


def test_no_condition_keeps_everyone(village: Store) -> None:
    assert numbers(village, HouseholdFilter()) == ["0001", "0002", "0003"]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("dropout", ["0001"]),
        ("dangerous_house", ["0003"]),
        ("no_visit_90", ["0002", "0003"]),
        ("group_elderly", ["0003"]),
        ("group_child", ["0001", "0002"]),
        ("false_exit", []),
    ],
)
def test_presets(village: Store, preset: str, expected: list[str]) -> None:
    assert numbers(village, PRESETS[preset].filter) == expected


def test_conditions_combine(village: Store) -> None:
    assert numbers(village, HouseholdFilter(group="一组")) == ["0001", "0002"]
    assert numbers(
        village, combine(PRESETS["no_visit_90"].filter, HouseholdFilter(group="一组"))
    ) == ["0002"]
    assert numbers(village, HouseholdFilter(category="3")) == ["0003"]
    assert numbers(village, HouseholdFilter(shortfall="housing")) == ["0003"]
    assert numbers(village, HouseholdFilter(shortfall="education")) == ["0001"]


def test_last_visit_dates_are_local_days(village: Store) -> None:
    dates = village.visits.last_dates()
    assert dates[village.households.get("0001").id] == TODAY
    assert village.households.get("0003").id not in dates


def test_every_preset_has_both_languages() -> None:
    for p in PRESETS.values():
        assert p.zh and p.en and p.filter != HouseholdFilter()
