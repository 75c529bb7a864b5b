"""What a sync step changed (OpChanges): an import names the households it touched and
the ledger it wrote; resolving a conflict names the record chosen for and the conflict."""

from __future__ import annotations

from povdesk.sync import conflicts
from povdesk.sync.review import open_conflicts
from tests.povdesk.sync.conftest import VILLAGE_A, Link, receive, send


def test_an_import_and_a_resolution_say_what_they_changed(pair: Link) -> None:
    v, c = pair.village, pair.county
    [first] = receive(c, send(v, pair.folder))
    assert first.changes.households == set(v.households.ids())
    assert {"household", "member", "sync_bundle", "sync_peer"} <= first.changes.kinds
    [dry] = receive(c, send(v, pair.folder), dry_run=True)
    assert not dry.changes  # a dry run changes nothing
    receive(v, send(c, pair.folder, to=VILLAGE_A))

    hh = sorted(v.households.ids())[0]
    v.households.update(hh, {"note": "村里写的"})
    c.households.update(hh, {"note": "县里写的"})
    [report] = receive(c, send(v, pair.folder))
    assert report.conflicts == 1 and "sync_conflict" in report.changes.kinds
    [found] = open_conflicts(c)
    done = conflicts.resolve(c, found.id, "村里写的")
    assert done.kinds == {"household", "sync_conflict"} and done.households == {hh}
    assert c.households.get(hh).note == "村里写的"


def test_the_ledger_service_reads_what_the_ledger_holds(pair: Link) -> None:
    v, c = pair.village, pair.county
    [peer] = c.ledger.peers()
    assert peer.store_id == v.store_id
    assert c.ledger.peer_by_id(v.store_id) == peer == c.ledger.peer_for(None)
    assert c.ledger.peer_by_key(peer.key_id) == peer
    receive(c, send(v, pair.folder))
    assert [e.seq for e in c.ledger.entries("in", v.store_id)] == [1]
    assert v.ledger.next_out(c.store_id)[0] == 2
    assert c.ledger.missing(v.store_id) == []
    assert c.ledger.open_count() == 0 and c.ledger.conflicts() == []
    assert set(c.ledger.keys()) == {"sign", "age"}
