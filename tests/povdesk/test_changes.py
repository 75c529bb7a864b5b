"""What a transaction touched, down to the households and villages (OpChanges)."""

from __future__ import annotations

from povdesk.changes import Changes, OpChanges
from povdesk.store import Store
from tests.conftest import add_two_households


def test_changes_name_the_households_of_child_records(store: Store) -> None:
    add_two_households(store)
    first, second = store.households.all()[:2]
    seen: list[Changes] = []
    store.subscribe(seen.append)
    store.members.add(first.id, {"name": "向新", "relation": "03"})
    op = OpChanges.of(seen[-1])
    assert op.kinds == {"member"}
    assert op.households == {first.id}
    assert op.villages == set()  # a member names its household, not the village
    store.households.update(second.id, {"group": "二组"})
    op = OpChanges.of(seen[-1], kinds=["spot_check"])
    assert op.kinds == {"household", "spot_check"} and op.households == {second.id}
    assert op.villages == {second.village_id}


def test_op_changes_combine_and_say_whether_anything_changed() -> None:
    assert not OpChanges()
    a = OpChanges.of(kinds=["visit"], households=["h1"])
    b = OpChanges.of(villages=["v1"])
    assert a | b == OpChanges(frozenset({"visit"}), frozenset({"h1"}), frozenset({"v1"}))
    assert a | b
