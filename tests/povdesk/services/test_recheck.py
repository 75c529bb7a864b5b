"""After an edit, which households are checked again (issue 15) and how the overview is
kept without checking the others: the parts taken away and added equal a full count."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.changes import Changes
from povdesk.demo.generator import generate
from povdesk.services.checks import Tally, TallyPart, summarise
from povdesk.services.recheck import recheck
from povdesk.services.stored import holders
from povdesk.store import Store
from tests.conftest import add_two_households

TODAY = dt.date(2026, 6, 30)


def heard(store: Store) -> list[Changes]:
    notices: list[Changes] = []
    store.subscribe(notices.append)
    return notices


def member_ids(store: Store, number: str) -> list[str]:
    return [m.id for m in store.members.of(store.households.get(number).id)]


def test_an_edit_rechecks_its_household_alone(store: Store) -> None:
    add_two_households(store)
    before = store.config.context()
    notices = heard(store)
    store.members.update(member_ids(store, "0001")[1], {"school_status": "4"})
    fresh = recheck(store, notices[-1], before)
    assert fresh is not None
    first = store.households.get("0001").id
    assert fresh.household_ids == {first}
    assert list(fresh.briefs) == [first]
    assert [s.number for s in fresh.summaries] == ["0001"]
    assert [k[0] for k in fresh.search_keys] == [first]


def test_a_duplicate_id_number_brings_in_its_other_holder(store: Store) -> None:
    """The identity rule reads the ID numbers used twice from the rule context, so the
    household not edited changes too."""
    add_two_households(store)
    head1, _child1 = member_ids(store, "0001")
    head2, _child2 = member_ids(store, "0002")
    number = store.members.get(head1).id_number
    before = store.config.context()
    notices = heard(store)
    with store.tx() as tx:  # as a sync merge can leave it
        tx.update("member", head2, {"id_number": number})
    fresh = recheck(store, notices[-1], before)
    assert fresh is not None
    both = {store.households.get(n).id for n in ("0001", "0002")}
    assert fresh.household_ids == both
    with store.read() as conn:
        assert holders(conn, {number}, TODAY) == both
        assert holders(conn, {number[:6] + number[8:17]}, TODAY) == set()  # not as typed


def test_a_change_beyond_households_asks_for_the_whole_village(store: Store) -> None:
    add_two_households(store)
    before = store.config.context()
    notices = heard(store)
    store.config.set_poverty_line(2020, 500_000)
    assert recheck(store, notices[-1], before) is None
    store.cadres.add({"name": "王芳", "unit": "县民政局"})
    assert recheck(store, notices[-1], before) is None


@pytest.mark.parametrize("seed", [3, 11])
def test_parts_taken_away_and_added_give_the_full_count(store: Store, seed: int) -> None:
    generate(store, households=30, seed=seed, today=TODAY)
    ctx = store.config.context(today=TODAY)
    checks = store.checks.evaluate(ctx=ctx)
    tally = Tally()
    tally.add(checks)
    kept = tally.copy()
    for c in checks[::3]:
        kept.count(TallyPart.of(c), -1)
    assert kept.summary() != tally.summary()
    assert tally.summary() == summarise(checks, TODAY)  # the copy left the original be
    for c in checks[::3]:
        kept.count(TallyPart.of(c))
    assert kept.summary() == tally.summary()
    alone = Tally()
    alone.add(checks[1:])
    alone.count(TallyPart.of(checks[0]))
    assert alone.summary() == tally.summary()
