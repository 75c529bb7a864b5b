"""Spot-check sampling: at least 10% of each village's exits, reproducible, recorded."""

from __future__ import annotations

import json
import math

import pytest

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.codes import HouseholdStatus
from povdesk.county import sampling
from povdesk.errors import UserError
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import full_snapshot

EXITED = HouseholdStatus.EXITED.value


def exited_by_village(c: County) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for code, v in c.villages.items():
        out[code] = {h.id for h in v.households.all() if h.status == EXITED}
    return out


def test_same_seed_same_sample_at_least_ten_percent_recorded(county: County) -> None:
    import_folder(county.store, [county.usb])
    exits = exited_by_village(county)
    assert all(exits.values())

    first = sampling.draw(county.store, 10, "2025-11-03")
    second = sampling.draw(county.store, 10, "2025-11-03")

    assert [d.households for d in first] == [d.households for d in second]
    for d in first:
        ids = {i for i, _ in d.households}
        assert ids <= exits[d.village_code]
        assert len(ids) == max(1, math.ceil(len(exits[d.village_code]) / 10))
    assert [r["draw"] for r in sampling.draws(county.store)] == [1, 2]
    past = sampling.draws(county.store)[0]
    assert (past["seed"], past["percent"], past["by"]) == ("2025-11-03", 10, "县扶贫办审核员")
    assert past["households"] == sum(len(d.households) for d in first)

    half = sampling.draw(county.store, 50, "2025-11-03")
    for d in half:
        assert len(d.households) == math.ceil(len(exits[d.village_code]) / 2)


def test_pick_depends_on_seed_and_village_not_on_order() -> None:
    ids = [f"{i:032x}" for i in range(200)]
    a = sampling.pick(ids, 20, "s1", "422823107205")
    assert a == sampling.pick(list(reversed(ids)), 20, "s1", "422823107205")
    assert a != sampling.pick(ids, 20, "s2", "422823107205")
    assert a != sampling.pick(ids, 20, "s1", "422823107206")
    assert len(set(a)) == 20
    assert sampling.size(1, 10) == 1 and sampling.size(10, 10) == 1 and sampling.size(11, 10) == 2


@pytest.mark.parametrize("percent", [0, 9, 101])
def test_below_ten_percent_is_refused(county: County, percent: int) -> None:
    before = full_snapshot(county.store)
    with pytest.raises(UserError) as caught:
        sampling.draw(county.store, percent, "x")
    assert "10%" in caught.value.zh and "10%" in caught.value.en
    assert full_snapshot(county.store) == before


def test_cli_sample(county: County, capsys: object) -> None:
    import_folder(county.store, [county.usb])
    db = county.store.target
    assert main(["county", "sample", "--db", db, "--seed", "7", "--json"]) == 0
    one = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    assert main(["county", "sample", "--db", db, "--seed", "7", "--json"]) == 0
    two = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    assert [d["households"] for d in one] == [d["households"] for d in two]
    assert [d["draw"] for d in one + two] == [1, 1, 2, 2]
    assert main(["county", "sample", "--db", db]) == 2
    assert "--seed" in capsys.readouterr().err  # type: ignore[attr-defined]
    assert main(["county", "sample", "--db", db, "--list"]) == 0
