"""The ID masking pattern: stored per store, default first 6 and last 4, bounded."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.errors import ValidationError
from povdesk.services.config import Settings
from povdesk.store import Store
from tests.conftest import person, snapshot

ID = "420323198001011234"


def test_default_mask_is_first_six_and_last_four(store: Store) -> None:
    assert store.config.id_mask() == (6, 4)
    assert store.config.mask_id(ID) == "420323********1234"


def test_changed_mask_is_kept_and_applied(store: Store) -> None:
    store.config.set_id_mask(3, 2)
    assert store.config.id_mask() == (3, 2)
    assert store.config.mask_id(ID) == "420*************34"


@pytest.mark.parametrize(("start", "end"), [(-1, 4), (8, 4), (18, 0)])
def test_a_mask_showing_too_much_is_refused_and_nothing_changes(
    store: Store, start: int, end: int
) -> None:
    with pytest.raises(ValidationError):
        store.config.set_id_mask(start, end)
    assert store.config.id_mask() == (6, 4)


def test_settings_are_saved_together(store: Store) -> None:
    village = store.villages.all()[0]
    store.config.save_settings(
        Settings(
            poverty_lines=[(2021, 430_000, "")],
            reference_incomes=[(2021, "42", 1_800_000, "湖北省")],
            village_id=village.id,
            village={"objection_contact": "村委会 王主任"},
            id_mask=(4, 4),
        )
    )
    assert store.config.poverty_lines()[2021] == 430_000
    assert store.config.reference_incomes()[(2021, "42")] == 1_800_000
    assert store.villages.get(village.id).objection_contact == "村委会 王主任"
    assert store.config.id_mask() == (4, 4)


def test_one_bad_row_leaves_every_setting_as_it_was(store: Store) -> None:
    village = store.villages.all()[0]
    before = snapshot(store)
    with pytest.raises(ValidationError):
        store.config.save_settings(
            Settings(
                poverty_lines=[(2021, 430_000, "")],
                reference_incomes=[(2021, "4", 1_800_000, "")],  # a 1-digit area code
                village_id=village.id,
                village={"objection_contact": "王主任"},
            )
        )
    assert snapshot(store) == before


def test_income_standing_against_line_and_reference(store: Store) -> None:
    h = store.households.create({"number": "0001"})
    for n in range(2):
        store.members.add(
            h.id,
            {
                "name": f"人{n}",
                "relation": "01" if n == 0 else "10",
                "id_number": person(dt.date(1970 + n, 1, 2), 11 + n),
            },
        )
    line = store.config.poverty_lines()[2020]
    s = store.incomes.standing(h.id, 2020, {"wages": line * 2 + 2})
    assert (s.size, s.per_capita, s.above_line) == (2, line + 1, True)
    s = store.incomes.standing(h.id, 2020, {"wages": line * 2})
    assert s.above_line is False  # equal to the line is not above it
    assert s.seventy is not None
