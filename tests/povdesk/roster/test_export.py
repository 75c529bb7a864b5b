"""Export then import gives back the same households, people and money."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from povdesk.codes import StoreRole
from povdesk.roster import import_roster
from povdesk.roster.export import write_roster_csv
from povdesk.store import Store
from tests.conftest import VILLAGE_CODE, person


def test_round_trip(tmp_path: Path, store: Store) -> None:
    hh = store.households.create(
        {
            "number": VILLAGE_CODE + "0001",
            "group": "二组",
            "main_cause": "01",
            "secondary_causes": ["07", "09"],
            "danger_grade": "C",
            "water_safe": False,
            "housing_area": 85.5,
        }
    )
    store.members.add(
        hh.id,
        {
            "name": "向德明",
            "relation": "01",
            "health": ["2"],
            "ins_medical": True,
            "migrant_months": 3,
            "labour": "1",
            "id_number": person(dt.date(1970, 1, 2), 11),
        },
    )
    store.members.add(
        hh.id,
        {
            "name": "向小芳",
            "relation": "04",
            "school_status": "4",
            "id_number": person(dt.date(2012, 5, 6), 22),
        },
    )
    store.incomes.set(
        hh.id,
        2025,
        {"wages": 1234567, "production": 89, "transfer_other": 5, "production_costs": 1},
    )
    out = tmp_path / "roster.csv"
    assert write_roster_csv(store, out) == 2

    fresh = Store(tmp_path / "fresh.sqlite", create=True)
    fresh.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村")
    import_roster(fresh, out)
    a, b = (
        store.households.file(VILLAGE_CODE + "0001"),
        fresh.households.file(VILLAGE_CODE + "0001"),
    )
    keep = ("group", "main_cause", "secondary_causes", "danger_grade", "water_safe", "housing_area")
    assert {k: getattr(b.household, k) for k in keep} == {k: getattr(a.household, k) for k in keep}
    fields = (
        "name",
        "id_number",
        "sex",
        "birth_date",
        "relation",
        "health",
        "school_status",
        "migrant_months",
        "ins_medical",
        "labour",
    )
    assert sorted(tuple(getattr(m, f) for f in fields) for m in b.members) == sorted(
        tuple(getattr(m, f) for f in fields) for m in a.members
    )
    money = ("year", "wages", "production", "transfer_other", "production_costs")
    assert [tuple(getattr(i, f) for f in money) for i in b.incomes] == [
        tuple(getattr(i, f) for f in money) for i in a.incomes
    ]
    fresh.close()
