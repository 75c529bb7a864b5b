"""Checking a large village a chunk at a time gives what checking it at once gives: the
same findings, readiness, priority and overview, with bounded memory."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.demo.generator import generate
from povdesk.services.checks import HouseholdCheck, Tally, summarise
from povdesk.services.lists import PRESETS, ListFacts
from povdesk.store import Store

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def demo(store: Store) -> Store:
    generate(store, households=40, seed=3, today=TODAY)
    return store


def essence(c: HouseholdCheck) -> tuple[object, ...]:
    return (
        [(f.code, f.member_id, f.zh) for f in c.findings],
        c.readiness.ready,
        c.blocking_count,
        c.priority,
        c.groups,
        c.head_name,
        c.size,
    )


def test_chunks_check_every_household_once_as_a_whole_check_does(demo: Store) -> None:
    ctx = demo.config.context(today=TODAY)
    whole = {c.household.id: essence(c) for c in demo.checks.evaluate(ctx=ctx)}
    chunked: dict[str, tuple[object, ...]] = {}
    sizes = []
    for files, checks in demo.checks.evaluate_chunks(ctx=ctx, size=7):
        assert [f.household.id for f in files] == [c.household.id for c in checks]
        sizes.append(len(checks))
        for c in checks:
            assert c.household.id not in chunked
            chunked[c.household.id] = essence(c)
    assert sizes == [7] * 5 + [5]
    assert chunked == whole
    assert any(e[0] for e in whole.values())  # the demo village has findings to compare


def test_tally_over_chunks_is_the_summary_of_the_whole(demo: Store) -> None:
    ctx = demo.config.context(today=TODAY)
    tally = Tally()
    for _files, checks in demo.checks.evaluate_chunks(ctx=ctx, size=6):
        tally.add(checks)
    whole = summarise(demo.checks.evaluate(ctx=ctx), TODAY)
    assert tally.summary() == whole
    assert whole.households == 40 and whole.members > 40


def test_one_household_checked_alone_as_in_the_whole_village(demo: Store) -> None:
    """Alone, the newest assessments are ranked among that household's only."""
    ctx = demo.config.context(today=TODAY)
    whole = {c.household.id: essence(c) for c in demo.checks.evaluate(ctx=ctx)}
    for hid in list(whole)[:10]:
        (alone,) = demo.checks.evaluate(ctx=ctx, household_ids=[hid])
        assert essence(alone) == whole[hid]


def test_an_id_range_loads_just_its_households_and_their_records(demo: Store) -> None:
    ids = demo.households.ids(by_id=True)
    assert ids == sorted(ids) and len(ids) == 40
    assert sorted(demo.households.ids()) == ids
    numbers = [h.number for h in demo.households.all()]
    assert [demo.households.get(i).number for i in demo.households.ids()] == numbers
    files = demo.households.files(id_range=(ids[10], ids[19]))
    assert sorted(f.household.id for f in files) == ids[10:20]
    full = {f.household.id: f for f in demo.households.files()}
    for f in files:
        assert f == full[f.household.id]  # every kind of record, nothing of another's


def test_search_keys_are_each_households_people(demo: Store) -> None:
    empty = demo.households.create({"number": "9999", "phone": "0719-8123456"})
    keys = {hid: rest for hid, *rest in demo.households.search_keys()}
    assert list(keys) == demo.households.ids() and len(keys) == 41  # 户编号 order
    assert keys[empty.id] == ["9999", "0719-8123456", []]
    for f in demo.households.files(parts=["members"]):
        number, phone, people = keys[f.household.id]
        assert (number, phone) == (f.household.number, f.household.phone)
        expected = [(m.name, m.id_number, m.presence, m.relation) for m in f.members]
        assert sorted(people) == sorted(expected)
        assert people or f.household.id == empty.id


def test_list_facts_answer_every_ready_made_list_as_the_checks_do(demo: Store) -> None:
    ctx = demo.config.context(today=TODAY)
    checks = demo.checks.evaluate(ctx=ctx)
    for preset in PRESETS.values():
        flt = preset.filter
        for c in checks:
            f = ListFacts.of(c)
            assert f.codes == {x.code for x in c.findings}
            assert f.shortfalls == {d for d, found in c.readiness.by_dimension.items() if found}
            assert flt.matches_facts(f, None, TODAY) == flt.matches(c, None, TODAY)
    assert any(PRESETS["below_line"].filter.matches(c, None, TODAY) for c in checks)
