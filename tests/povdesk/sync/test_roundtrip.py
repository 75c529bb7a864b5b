"""Round trips: village -> county -> village, two villages, merges, conflicts, deletions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from povdesk.codes import LifeEventKind
from povdesk.store import Store
from povdesk.store.tx import table
from povdesk.sync import conflicts, ledger
from tests.povdesk.sync.conftest import (
    VILLAGE_A,
    VILLAGE_B,
    Link,
    full_snapshot,
    link,
    make_county,
    make_village,
    receive,
    send,
)


def count(store: Store, entity: str) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table(entity))).scalar_one())


def first_household(store: Store) -> str:
    return sorted(store.households.ids())[0]


def test_village_to_county_and_back(pair: Link) -> None:
    v, c = pair.village, pair.county
    _, report = pair.to_county()
    for entity in ("household", "member", "income", "measure", "fund_entry", "visit"):
        assert count(c, entity) == count(v, entity) > 0, entity
    assert report.kinds["household"]["created"] == count(v, "household")
    assert len(report.households) == count(v, "household")
    assert c.audit.verify() == []
    # The return bundle: the county's configuration, and a receipt for what arrived.
    head = v.sync.cursor()
    _, back = pair.to_village()
    assert back.kinds["poverty_line"]["created"] > 0
    assert "household" not in back.kinds  # the village's own rows never echo back
    with v.read() as conn:
        county = ledger.peers(conn)[0]
    assert county.acked == head  # the village now knows the county has everything
    assert v.audit.verify() == []


def test_same_bundle_twice_changes_nothing(pair: Link) -> None:
    path, _ = pair.to_county()
    before = full_snapshot(pair.county)
    again = receive(pair.county, path)[0]
    assert again.already and not again.changed()
    assert full_snapshot(pair.county) == before


def test_older_bundle_after_newer_rolls_nothing_back(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = first_household(v)
    v.households.update(hh, {"note": "第一次"})
    first = send(v, pair.folder)
    v.households.update(hh, {"note": "第二次"})
    second = send(v, pair.folder)
    report = receive(c, second)[0]
    assert report.missing == [1]  # bundle 1 never arrived: reported
    assert c.households.get(hh).note == "第二次"
    data = {k: v_ for k, v_ in full_snapshot(c).items() if not k.startswith("sync_")}
    old = receive(c, first)[0]
    assert old.stale and not old.changed()
    assert c.households.get(hh).note == "第二次"
    assert {k: v_ for k, v_ in full_snapshot(c).items() if not k.startswith("sync_")} == data
    with c.read() as conn:
        assert ledger.missing(conn, v.store_id) == []


def test_different_fields_merge_cleanly(pair: Link) -> None:
    v, c = pair.village, pair.county
    pair.to_county()
    pair.to_village()
    hh = first_household(v)
    v.households.update(hh, {"note": "村里改的备注"})
    c.households.update(hh, {"address": "县里更正的地址"})
    pair.to_county()
    _, back = pair.to_village()
    for store in (v, c):
        got = store.households.get(hh)
        assert (got.note, got.address) == ("村里改的备注", "县里更正的地址")
    assert back.conflicts == 0
    with v.read() as conn, c.read() as conn2:
        assert ledger.open_count(conn) == ledger.open_count(conn2) == 0


def test_same_field_is_a_conflict_kept_and_resolved_with_audit(pair: Link) -> None:
    v, c = pair.village, pair.county
    pair.to_county()
    pair.to_village()
    hh = first_household(v)
    v.households.update(hh, {"address": "村里的写法"})
    c.households.update(hh, {"address": "县里的写法"})
    _, report = pair.to_county()
    assert report.conflicts == 1 and report.kinds["household"]["conflicts"] == 1
    assert c.households.get(hh).address == "县里的写法"  # nothing silently overwritten
    [found] = conflicts.describe(c)
    assert (found["local"], found["remote"], found["field"]) == (
        "县里的写法",
        "村里的写法",
        "address",
    )
    _, back = pair.to_village()
    assert back.conflicts == 1
    assert v.households.get(hh).address == "村里的写法"
    # A person at the county chooses; the choice is audited and travels back.
    conflicts.resolve(c, found["id"], "村里的写法", actor="王科长")
    assert c.households.get(hh).address == "村里的写法"
    last = c.audit.history("household", hh)[-1]
    assert last["actor"] == "王科长" and "村里的写法" in last["after"]
    assert conflicts.describe(c)[0]["resolved_by"] == "王科长"
    pair.to_village()
    assert v.households.get(hh).address == "村里的写法"
    assert all(x["resolved"] for x in conflicts.describe(v))


def test_deletions_and_life_events_propagate(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = first_household(v)
    photo = v.attachments.add(hh, b"\x89PNG fake photo bytes", filename="house.png")
    pair.to_county()
    assert c.attachments.read(photo.id) == b"\x89PNG fake photo bytes"
    pair.to_village()
    v.attachments.remove(photo.id)
    home, gone = next(
        (h, m)
        for h in sorted(v.households.ids())
        for m in v.members.of(h, present_only=True)
        if m.relation != "01"
    )
    v.members.leave(gone.id, LifeEventKind.DEATH, dt.date(2025, 3, 1), "病故")
    _, report = pair.to_county()
    assert report.kinds["attachment"]["deleted"] == 1
    with c.read() as conn:
        t = table("attachment")
        assert conn.execute(select(t).where(t.c.id == photo.id)).first() is None
    assert any(e.kind == LifeEventKind.DEATH.value for e in c.members.events(home))
    assert c.members.get(gone.id).presence == v.members.get(gone.id).presence != "1"


def test_two_villages_into_one_county(tmp_path: Path) -> None:
    a = make_village(tmp_path, VILLAGE_A, households=4, seed=1)
    b = make_village(tmp_path, VILLAGE_B, households=5, seed=2)
    county = make_county(tmp_path)
    link(a, county, tmp_path)
    link(b, county, tmp_path)
    receive(county, send(a, tmp_path), send(b, tmp_path))
    assert count(county, "household") == 9
    assert count(county, "village") == 2
    back = send(county, tmp_path, to=VILLAGE_B)
    county.households.update(first_household(a), {"note": "县里给A村的更正"})
    report = receive(b, back)[0]
    assert "household" not in report.kinds  # B gets nothing of A
    again = receive(b, send(county, tmp_path, to=VILLAGE_B))[0]
    assert "household" not in again.kinds
    assert count(b, "household") == 5
    for s in (a, b, county):
        s.close()


def test_dry_run_reports_and_changes_nothing(pair: Link) -> None:
    path = send(pair.village, pair.folder)
    before = full_snapshot(pair.county)
    report = receive(pair.county, path, dry_run=True)[0]
    assert report.dry_run and report.kinds["household"]["created"] > 0
    assert full_snapshot(pair.county) == before


def test_county_decision_reaches_the_village(pair: Link) -> None:
    v, c = pair.village, pair.county
    pair.to_county()
    pair.to_village()
    hh = first_household(v)
    c.households.update(hh, {"note": "县里:退出申请退回,饮水未达标"})
    _, back = pair.to_village()
    assert back.kinds["household"]["updated"] == 1
    assert v.households.get(hh).note == "县里:退出申请退回,饮水未达标"
