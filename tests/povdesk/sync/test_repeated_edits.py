"""One side edits the same field in several bundles the other has not acknowledged yet.

Every bundle since the last acknowledgement carries, as the field's base, the value
before the *first* of those edits. The receiver must recognise that its differing value
came from the same sender's earlier bundle (an edit made only there, in steps) and apply
the newer value; only an edit made here since the two last agreed is a conflict."""

from __future__ import annotations

from povdesk.store import Store
from povdesk.sync import conflicts, ledger
from povdesk.sync.merge import merge_fields
from tests.povdesk.sync.conftest import Link, receive, send


def agreed(pair: Link) -> str:
    """Both sides hold the same data and have acknowledged each other; a household id."""
    pair.to_county()
    pair.to_village()
    return sorted(pair.village.households.ids())[0]


def note(store: Store, hh: str) -> str:
    return str(store.households.get(hh).note)


def open_conflicts(store: Store) -> int:
    with store.read() as conn:
        return ledger.open_count(conn)


def test_village_edits_in_two_bundles_imported_in_order(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = agreed(pair)
    v.households.update(hh, {"note": "B"})
    first = send(v, pair.folder)
    v.households.update(hh, {"note": "C"})
    second = send(v, pair.folder)
    one = receive(c, first)[0]
    assert note(c, hh) == "B" and one.conflicts == 0
    two = receive(c, second)[0]
    assert two.conflicts == 0 and two.kinds["household"]["updated"] == 1
    assert note(c, hh) == "C"
    assert open_conflicts(c) == 0
    # The receipt goes back; nothing is echoed or disputed at the village either.
    _, back = pair.to_village()
    assert back.conflicts == 0 and note(v, hh) == "C"


def test_three_steps_in_three_bundles(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = agreed(pair)
    paths = []
    for value in ("B", "C", "D"):
        v.households.update(hh, {"note": value})
        paths.append(send(v, pair.folder))
    for path, value in zip(paths, ("B", "C", "D"), strict=True):
        assert receive(c, path)[0].conflicts == 0
        assert note(c, hh) == value
    assert open_conflicts(c) == 0


def test_first_bundle_imported_twice(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = agreed(pair)
    v.households.update(hh, {"note": "B"})
    first = send(v, pair.folder)
    v.households.update(hh, {"note": "C"})
    second = send(v, pair.folder)
    receive(c, first)
    assert receive(c, first)[0].already
    report = receive(c, second)[0]
    assert report.conflicts == 0 and note(c, hh) == "C"
    assert open_conflicts(c) == 0


def test_out_of_order_never_rolls_back(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = agreed(pair)
    v.households.update(hh, {"note": "B"})
    first = send(v, pair.folder)
    v.households.update(hh, {"note": "C"})
    second = send(v, pair.folder)
    assert receive(c, second)[0].conflicts == 0
    assert note(c, hh) == "C"
    old = receive(c, first)[0]
    assert old.stale and old.conflicts == 0 and not old.changed()
    assert note(c, hh) == "C" and open_conflicts(c) == 0


def test_county_edit_between_the_bundles_is_a_conflict_kept_on_both_sides(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = agreed(pair)
    base = note(v, hh)
    v.households.update(hh, {"note": "B"})
    first = send(v, pair.folder)
    v.households.update(hh, {"note": "C"})
    second = send(v, pair.folder)
    receive(c, first)
    c.households.update(hh, {"note": "X"})  # the county's own edit after agreeing on B
    report = receive(c, second)[0]
    assert report.conflicts == 1
    assert note(c, hh) == "X"  # nothing overwritten
    [found] = conflicts.describe(c)
    assert (found["field"], found["local"], found["remote"], found["base"]) == (
        "note",
        "X",
        "C",
        base,
    )
    # The county's X reaches the village, where C stays and the conflict is listed too.
    _, back = pair.to_village()
    assert back.conflicts == 1 and note(v, hh) == "C"
    [there] = conflicts.describe(v)
    assert (there["local"], there["remote"]) == ("C", "X")


def test_field_set_when_the_row_was_created_from_the_sender(pair: Link) -> None:
    """The county's value came with the row's creation (audit `create` from the village),
    not with an update: still the village's own value, so its next edit applies."""
    v, c = pair.village, pair.county
    agreed(pair)
    cadre = v.cadres.add({"name": "新干部", "unit": "县农业局"})
    v.cadres.update(cadre.id, {"unit": "县林业局"})
    first = send(v, pair.folder)
    v.cadres.update(cadre.id, {"unit": "县水利局"})
    second = send(v, pair.folder)
    receive(c, first)
    assert c.cadres.get(cadre.id).unit == "县林业局"
    report = receive(c, second)[0]
    assert report.conflicts == 0 and c.cadres.get(cadre.id).unit == "县水利局"


def test_county_corrections_in_two_return_bundles(pair: Link) -> None:
    v, c = pair.village, pair.county
    code = v.meta()["area_code"]
    hh = agreed(pair)
    c.households.update(hh, {"address": "县里第一次更正"})
    first = send(c, pair.folder, to=code)
    c.households.update(hh, {"address": "县里第二次更正"})
    second = send(c, pair.folder, to=code)
    assert receive(v, first)[0].conflicts == 0
    report = receive(v, second)[0]
    assert report.conflicts == 0
    assert v.households.get(hh).address == "县里第二次更正"
    assert open_conflicts(v) == 0


def test_return_bundles_out_of_order_and_a_village_edit_between(pair: Link) -> None:
    v, c = pair.village, pair.county
    code = v.meta()["area_code"]
    hh = agreed(pair)
    c.households.update(hh, {"address": "甲"})
    first = send(c, pair.folder, to=code)
    c.households.update(hh, {"address": "乙"})
    second = send(c, pair.folder, to=code)
    c.households.update(hh, {"address": "丙"})
    third = send(c, pair.folder, to=code)
    receive(v, second)
    assert receive(v, first)[0].stale
    assert v.households.get(hh).address == "乙"
    v.households.update(hh, {"address": "村里改"})  # the village's own edit
    report = receive(v, third)[0]
    assert report.conflicts == 1 and v.households.get(hh).address == "村里改"


def test_merge_fields_takes_a_value_the_sender_made() -> None:
    local, remote = {"note": "B"}, {"note": "C"}
    fields = {"note": ("A", 20)}
    assert merge_fields(local, remote, fields, 10).conflicts  # not known to be the sender's
    echoed = merge_fields(local, remote, fields, 10, from_sender={"note"})
    assert echoed.take == {"note": "C"} and not echoed.conflicts
    # Already received: skipped whoever made the local value.
    assert merge_fields(local, remote, fields, 20, from_sender={"note"}).stale
