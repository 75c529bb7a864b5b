"""Households, members and life events, cadres and pairing history."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.codes import LifeEventKind, Presence
from povdesk.errors import UserError, ValidationError
from povdesk.rules.idcard import IdNumberError
from povdesk.store import Store
from tests.conftest import person, snapshot


@pytest.fixture
def family(store: Store) -> dict[str, str]:
    hh = store.households.create({"number": "0001"})
    head = store.members.add(
        hh.id, {"name": "向德明", "relation": "01", "id_number": person(dt.date(1970, 1, 2), 11)}
    )
    wife = store.members.add(
        hh.id, {"name": "田秀英", "relation": "02", "id_number": person(dt.date(1972, 3, 4), 12)}
    )
    return {"hh": hh.id, "head": head.id, "wife": wife.id}


def test_member_sex_and_birth_come_from_the_id_number(store: Store, family: dict[str, str]) -> None:
    head = store.members.get(family["head"])
    assert (head.sex, head.birth_date) == ("1", dt.date(1970, 1, 2))


def test_bad_id_number_is_refused_with_both_languages(store: Store, family: dict[str, str]) -> None:
    before = snapshot(store)
    good = person(dt.date(2001, 1, 1), 13)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(IdNumberError) as err:
        store.members.add(family["hh"], {"name": "向小军", "id_number": bad, "relation": "03"})
    assert err.value.code == "checksum" and err.value.zh and err.value.en
    assert snapshot(store) == before


def test_id_number_disagreeing_with_sex_is_refused(store: Store, family: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as err:
        store.members.add(
            family["hh"],
            {
                "name": "向小芳",
                "relation": "04",
                "sex": "1",
                "id_number": person(dt.date(2005, 5, 5), 22),
            },
        )
    assert err.value.problems[0][0] == "sex"


def test_fifteen_digit_number_is_upgraded(store: Store, family: dict[str, str]) -> None:
    eighteen = person(dt.date(1950, 6, 7), 33)
    fifteen = eighteen[:6] + eighteen[8:17]
    m = store.members.add(family["hh"], {"name": "向老汉", "relation": "11", "id_number": fifteen})
    assert m.id_number == eighteen


def test_same_person_cannot_be_registered_twice(store: Store, family: dict[str, str]) -> None:
    other = store.households.create({"number": "0002"})
    number = store.members.get(family["head"]).id_number
    with pytest.raises(UserError) as err:
        store.members.add(other.id, {"name": "向德明", "relation": "01", "id_number": number})
    assert err.value.code == "duplicate_id"


def test_death_is_an_event_not_a_deletion(store: Store, family: dict[str, str]) -> None:
    store.members.leave(family["wife"], LifeEventKind.DEATH, dt.date(2025, 3, 1), "病故")
    wife = store.members.get(family["wife"])
    assert wife.presence == Presence.DECEASED.value
    assert [m.id for m in store.members.of(family["hh"], present_only=True)] == [family["head"]]
    events = store.members.events(family["hh"])
    assert [(e.kind, e.member_id) for e in events] == [("death", family["wife"])]


def test_head_cannot_leave_while_others_remain(store: Store, family: dict[str, str]) -> None:
    with pytest.raises(UserError) as err:
        store.members.leave(family["head"], LifeEventKind.MOVE_AWAY, dt.date(2025, 1, 1))
    assert err.value.code == "head_leaving"


def test_birth_adds_a_member_with_its_event(store: Store, family: dict[str, str]) -> None:
    baby = store.members.arrive(
        family["hh"],
        LifeEventKind.BIRTH,
        {"name": "向小宝", "relation": "07", "sex": "1", "birth_date": dt.date(2025, 8, 8)},
        dt.date(2025, 8, 8),
    )
    assert baby.presence == Presence.PRESENT.value and baby.id_number == ""
    assert store.members.events(family["hh"])[0].kind == "birth"


def test_presence_changes_only_through_events(store: Store, family: dict[str, str]) -> None:
    with pytest.raises(UserError):
        store.members.update(family["wife"], {"presence": Presence.DECEASED.value})


def test_split_keeps_both_histories(store: Store, family: dict[str, str]) -> None:
    new = store.households.create({"number": "0003"})
    moved = store.members.move([family["wife"]], new.id, LifeEventKind.SPLIT, dt.date(2025, 2, 2))
    assert moved[0].household_id == new.id and moved[0].name == "田秀英"
    assert store.members.get(family["wife"]).presence == Presence.SPLIT_OFF.value
    assert store.members.events(family["hh"])[0].other_household_id == new.id
    assert store.members.events(new.id)[0].other_household_id == family["hh"]


def test_pairing_history_is_kept(store: Store, family: dict[str, str]) -> None:
    a = store.cadres.add({"name": "李建华", "unit": "县教育局"})
    b = store.cadres.add({"name": "王芳", "unit": "县卫健局"})
    store.cadres.pair(family["hh"], a.id, dt.date(2023, 1, 1))
    store.cadres.pair(family["hh"], b.id, dt.date(2025, 1, 1))
    history = store.cadres.pairings(family["hh"])
    assert [(p.cadre_id, p.end) for p in history] == [(a.id, dt.date(2024, 12, 31)), (b.id, None)]


def test_duplicate_household_number_is_refused(store: Store, family: dict[str, str]) -> None:
    with pytest.raises(UserError) as err:
        store.households.create({"number": "0001"})
    assert err.value.code == "duplicate"


def test_household_lookup_by_number_or_id(store: Store, family: dict[str, str]) -> None:
    assert store.households.get("0001").id == family["hh"]
    assert store.households.get(family["hh"]).number == "0001"
    with pytest.raises(UserError) as err:
        store.households.get("9999")
    assert err.value.code == "not_found"


def test_summaries_agree_with_the_full_files(store: Store, family: dict[str, str]) -> None:
    store.members.leave(family["wife"], LifeEventKind.DEATH, dt.date(2025, 3, 1))
    empty = store.households.create({"number": "0002", "group": "二组"})
    rows = {r.number: r for r in store.households.summaries()}
    assert list(rows) == ["0001", "0002"]
    assert (rows["0001"].head, rows["0001"].size) == ("向德明", 1)  # the deceased wife left
    assert (rows["0002"].head, rows["0002"].size, rows["0002"].group) == ("", 0, "二组")
    assert rows["0002"].id == empty.id
