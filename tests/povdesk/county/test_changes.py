"""The county's writes say what they changed (OpResult: the value and its OpChanges), so
an open view can refresh only that."""

from __future__ import annotations

import pytest

from exports.bundle.folder import import_folder
from povdesk.codes import HouseholdStatus
from povdesk.county import figures, review, sampling, villages
from tests.povdesk.county.conftest import County


@pytest.fixture
def imported(county: County) -> County:
    import_folder(county.store, [county.usb])
    return county


def test_a_decision_names_the_household_it_changed(imported: County) -> None:
    c = imported
    hh = c.store.households.get(c.ready)
    done = review.decide_op(c.store, c.ready, review.CERTIFY, "入户核实无误", ctx=c.ctx())
    assert done.value.status == HouseholdStatus.EXITED.value
    assert done.changes.households == {hh.id}
    assert done.changes.kinds == {"household", "status_record"}
    assert done.changes.villages == {hh.village_id}
    assert c.store.households.get(c.ready).status == HouseholdStatus.EXITED.value


def test_a_draw_names_the_spot_checks_and_their_villages(imported: County) -> None:
    c = imported
    done = sampling.draw_op(c.store, 10, "2025-11-03")
    chosen = {hid for d in done.value for hid, _ in d.households}
    assert chosen and done.changes.households == chosen
    assert done.changes.kinds == {"spot_check"}
    ids = {c.store.villages.find(d.village_code).id for d in done.value}  # type: ignore[union-attr]
    assert done.changes.villages == ids
    assert [d["draw"] for d in sampling.draws(c.store)] == [1]


def test_refresh_names_the_villages_recomputed_and_then_nothing(imported: County) -> None:
    c = imported
    first = figures.refresh_op(c.store, c.ctx())
    assert first.value and first.changes.villages == set(first.value)
    assert first.changes.kinds == {"village_figures"}
    assert set(figures.kept(c.store)) == set(first.value)
    again = figures.refresh_op(c.store, c.ctx())
    assert again.value == [] and not again.changes
    assert [r.code for r in villages.ledger(c.store)] == sorted(c.villages)
    assert villages.open_conflicts(c.store) == []
