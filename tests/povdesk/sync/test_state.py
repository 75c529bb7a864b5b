"""Per-household sync state from real exports and receipts: village -> county -> return
bundle -> village."""

from __future__ import annotations

from pathlib import Path

from povdesk.store import Store
from povdesk.sync.state import household_sync_state
from tests.povdesk.sync.conftest import VILLAGE_A, Link, make_village


def flags(store: Store) -> dict[str, tuple[bool, bool]]:
    return {
        hid: (s.changed_since_last_export, s.county_has)
        for hid, s in household_sync_state(store).items()
    }


def test_every_household_has_a_state_and_none_before_linking(tmp_path: Path) -> None:
    v = make_village(tmp_path, VILLAGE_A, households=3)
    try:
        states = household_sync_state(v)
        assert set(states) == set(v.households.ids()) and len(states) == 3
        assert all(s.changed_since_last_export and not s.county_has for s in states.values())
        assert not any(s.linked for s in states.values())
    finally:
        v.close()


def test_export_then_receipt_then_local_edits(pair: Link) -> None:
    v = pair.village
    homes = sorted(v.households.ids())
    assert set(flags(v).values()) == {(True, False)}  # nothing exported yet

    pair.to_county()
    # Exported, but the county has not said so yet: nothing new, not confirmed.
    assert set(flags(v).values()) == {(False, False)}

    pair.to_village()  # the return bundle's receipt covers everything sent
    assert set(flags(v).values()) == {(False, True)}

    edited, removed, still = homes[0], homes[1], homes[2:]
    v.households.update(edited, {"note": "村里新改的"})
    photo = v.attachments.add(removed, b"photo", filename="a.png")
    after_add = flags(v)
    assert after_add[edited] == after_add[removed] == (True, False)
    assert all(after_add[h] == (False, True) for h in still)

    pair.to_county()
    pair.to_village()
    assert set(flags(v).values()) == {(False, True)}

    # A deletion of a household's record counts for that household, and only it.
    v.attachments.remove(photo.id)
    after_remove = flags(v)
    assert after_remove[removed] == (True, False)
    assert all(after_remove[h] == (False, True) for h in homes if h != removed)


def test_changes_from_the_county_are_not_changes_to_send(pair: Link) -> None:
    v, c = pair.village, pair.county
    pair.to_county()
    pair.to_village()
    hh = sorted(v.households.ids())[0]
    c.households.update(hh, {"note": "县里改的"})
    county_before = household_sync_state(c)[hh]
    assert county_before.changed_since_last_export and county_before.county_has
    assert not county_before.peer_has  # the village has not got it yet

    pair.to_village()
    assert v.households.get(hh).note == "县里改的"
    # The village received it from the county: nothing to send back, the county has it.
    assert flags(v)[hh] == (False, True)
    county_after = household_sync_state(c)[hh]
    assert not county_after.changed_since_last_export and not county_after.peer_has
    pair.to_county()  # the village's receipt now covers the county's change
    assert household_sync_state(c)[hh].peer_has
