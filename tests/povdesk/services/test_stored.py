"""Stored findings (issue 17): after any sequence of edits, what the store keeps and
marks current equals a full recomputation; whatever it cannot keep current (bulk work, a
change of standards, an edit made outside povdesk, an old store) is seen as stale by
revision and re-checked, never shown as current."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from povdesk.codes import LifeEventKind, StoreRole
from povdesk.errors import UserError
from povdesk.services.checks import Brief, summarise
from povdesk.services.stored import MOST
from povdesk.store import Store
from tests.conftest import VILLAGE_CODE, add_two_households, person

DATA = Path(__file__).resolve().parents[2] / "data"


def recomputed(store: Store) -> dict[str, Brief]:
    ctx = store.config.context()
    return {c.household.id: Brief.of(c) for c in store.checks.evaluate(ctx=ctx)}


def kept(store: Store) -> dict[str, tuple[Brief, bool]]:
    ctx = store.config.context()
    return {k.household_id: (k.brief, k.current) for part in store.stored.read(ctx) for k in part}


def assert_never_wrong(store: Store) -> None:
    """Every check read back as current equals the rules run afresh, and so does the
    summary counted from them (`povdesk summary`)."""
    truth = recomputed(store)
    for hid, (brief, current) in kept(store).items():
        if current:
            assert brief == truth[hid], hid
    ctx = store.config.context()
    assert store.stored.summary(ctx) == summarise(store.checks.evaluate(ctx=ctx), ctx.today)


def assert_all_current(store: Store) -> None:
    truth = recomputed(store)
    got = kept(store)
    assert {h: b for h, (b, cur) in got.items() if cur} == truth
    assert store.stored.stale(store.config.context()) == []


# -- the property -----------------------------------------------------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "school",
                "insurance",
                "income",
                "duplicate",
                "unduplicate",
                "leave",
                "new_member",
                "water",
                "status",
                "measure",
                "visit",
                "line",
                "raw",
                "new_household",
            ]
        ),
        st.integers(min_value=0, max_value=3),
    ),
    min_size=1,
    max_size=8,
)


def _apply(store: Store, db: Path, edit: str, n: int) -> None:
    numbers = [h.number for h in store.households.all()]
    hh = store.households.get(numbers[n % len(numbers)])
    members = store.members.of(hh.id, present_only=True)
    other = store.households.get(numbers[(n + 1) % len(numbers)])
    if edit == "school" and members:
        store.members.update(members[-1].id, {"school_status": ["1", "4", "2"][n % 3]})
    elif edit == "insurance" and members:
        store.members.update(members[0].id, {"ins_medical": bool(n % 2)})
    elif edit == "income":
        store.incomes.set(hh.id, dt.date.today().year - 1, {"wages": 100_000 * (n + 1) ** 3})
    elif edit == "duplicate" and members:
        theirs = [m for m in store.members.of(other.id, present_only=True) if m.id_number]
        if theirs and theirs[0].id != members[0].id:
            with store.tx() as tx:  # the form refuses it; a sync merge can leave it
                tx.update("member", members[0].id, {"id_number": theirs[0].id_number})
    elif edit == "unduplicate" and members:
        with store.tx() as tx:
            tx.update("member", members[0].id, {"id_number": person(dt.date(1960, 3, 3), 40 + n)})
    elif edit == "leave" and len(members) > 1:
        store.members.leave(members[-1].id, LifeEventKind.DEATH, dt.date.today())
    elif edit == "new_member":
        store.members.add(
            hh.id,
            {
                "name": f"新{n}",
                "relation": "03",
                "school_status": "1",
                "id_number": person(dt.date(2014, 2, 2), 60 + n),
            },
        )
    elif edit == "water":
        store.households.update(hh.id, {"water_safe": bool(n % 2)})
    elif edit == "status":
        store.status.change(hh.id, "拟退出")
    elif edit == "measure":
        overdue = {"content": "产业帮扶", "start": dt.date(2020, 1, 1), "due": dt.date(2020, 6, 1)}
        store.measures.add(hh.id, {"year": 2020, **overdue})
    elif edit == "visit":
        cadre = store.cadres.all()[0].id
        store.visits.record(hh.id, {"cadre_ids": [cadre], "at": dt.datetime.now(dt.UTC)})
    elif edit == "line":
        store.config.set_poverty_line(dt.date.today().year - 1, 400_000 + 10_000 * n)
    elif edit == "raw" and members:
        # Outside povdesk: straight into the file, no povdesk code runs.
        con = sqlite3.connect(db)
        con.execute("UPDATE member SET ins_medical = ? WHERE id = ?", (n % 2, members[0].id))
        con.commit()
        con.close()
    elif edit == "new_household":
        made = store.households.create({"number": f"00{len(numbers) + 1:02d}", "group": "二组"})
        head = {"name": f"户主{n}", "relation": "01"}
        store.members.add(made.id, {**head, "id_number": person(dt.date(1980, 1, 1), 70 + n)})


@functools.cache
def template() -> Path:
    """A two-household village made once: each example starts from a copy of it."""
    db = Path(tempfile.mkdtemp(prefix="povdesk-stored-")) / "v.sqlite"
    with Store(db, create=True, files=db.parent / "files") as store:
        store.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村")
        add_two_households(store)
        store.stored.refresh()  # as after a first opening: the numbers used twice known
        with store.read() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_after_any_edits_the_stored_findings_equal_a_full_recomputation(edits) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "v.sqlite"
        shutil.copy(template(), db)
        with Store(db, files=Path(tmp) / "files") as store:
            for edit, n in edits:
                # A refused edit (a duplicate, the exit guard) rolls back: the stored
                # checks must be as right after it as after one that is saved.
                with contextlib.suppress(UserError):
                    _apply(store, db, edit, n)
                assert_never_wrong(store)
            store.stored.refresh()
            assert_all_current(store)


# -- the cases, one by one ----------------------------------------------------------------


@pytest.fixture
def village(store: Store) -> Store:
    add_two_households(store)
    return store


def test_an_edit_keeps_the_stored_check_current_in_its_own_transaction(village: Store) -> None:
    first = village.households.get("0001")
    child = next(m for m in village.members.of(first.id) if m.relation == "03")
    assert "dropout" in kept(village)[first.id][0].codes
    village.members.update(child.id, {"school_status": "4"})
    brief, current = kept(village)[first.id]
    assert current and "dropout" not in brief.codes
    assert_all_current(village)


def test_a_rolled_back_edit_leaves_the_stored_check_as_it_was(village: Store) -> None:
    first = village.households.get("0001")
    child = next(m for m in village.members.of(first.id) if m.relation == "03")
    before = kept(village)
    with pytest.raises(RuntimeError), village.tx() as tx:
        tx.update("member", child.id, {"school_status": "4"})
        raise RuntimeError("the save fails")
    assert kept(village) == before
    assert_all_current(village)


def test_an_edit_outside_povdesk_is_seen_by_revision(village: Store, tmp_path: Path) -> None:
    first = village.households.get("0001")
    child = next(m for m in village.members.of(first.id) if m.relation == "03")
    # Outside povdesk: plain SQL on the database, no povdesk code runs.
    with village.engine.begin() as conn:
        conn.execute(text("UPDATE member SET school_status = '4' WHERE id = :id"), {"id": child.id})
    ctx = village.config.context()
    assert village.stored.stale(ctx) == [first.id]
    assert first.id not in kept(village)  # never read back, not even as outdated
    assert village.stored.refresh() == 1
    assert "dropout" not in kept(village)[first.id][0].codes
    assert_all_current(village)


def test_a_change_of_standards_makes_every_check_outdated_not_wrong(village: Store) -> None:
    village.config.set_poverty_line(dt.date.today().year - 1, 990_000)
    got = kept(village)
    assert len(got) == 2 and not any(current for _b, current in got.values())
    seen: list[tuple[int, int]] = []
    assert village.stored.refresh(progress=lambda d, t: seen.append((d, t))) == 2
    assert seen == [(2, 2)]
    assert_all_current(village)


def test_a_new_day_is_another_context(village: Store) -> None:
    tomorrow = village.config.context(today=dt.date.today() + dt.timedelta(days=1))
    assert len(village.stored.stale(tomorrow)) == 2


def test_a_duplicate_id_number_made_by_bulk_work_is_found_on_the_next_read(village: Store) -> None:
    """More than `MOST` households in one transaction are left stale by revision; the
    other holder of a number they now share is not one of them, and is re-checked
    because the ID numbers used twice are not those the stored checks saw."""
    first, second = (village.households.get(n) for n in ("0001", "0002"))
    number = village.members.of(first.id)[0].id_number
    with village.tx() as tx:
        here = {"village_id": first.village_id, "group": "三组"}
        rows = [{"number": f"9{i:03d}", **here} for i in range(MOST + 1)]
        ids = [r["id"] for r in tx.insert_many("household", rows)]
        head = {"household_id": ids[0], "name": "甲", "relation": "01", "id_number": number}
        tx.insert("member", head)
    ctx = village.config.context()
    stale = set(village.stored.stale(ctx))
    assert first.id in stale and second.id not in stale and set(ids) <= stale
    village.stored.refresh()
    assert "id_duplicate" in kept(village)[first.id][0].codes
    assert_all_current(village)


def test_an_old_store_is_checked_once_then_kept(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(DATA / "schema-0006.sqlite", db)
    with Store(db) as store:
        ctx = store.config.context()
        assert len(store.stored.stale(ctx)) == len(store.households.all()) > 0
        assert kept(store) == {}
        store.stored.refresh()
        assert_all_current(store)


def test_a_county_store_keeps_no_checks(tmp_path: Path) -> None:
    """Nothing on a county store reads them, and every bundle import would pay for them."""
    with Store(tmp_path / "county.sqlite", create=True, files=tmp_path / "files") as county:
        county.villages.init_store(StoreRole.COUNTY, VILLAGE_CODE[:6], "竹山县")
        village = county.villages.create(VILLAGE_CODE, "青龙村")
        county.households.create({"number": "0001", "village_id": village.id, "group": "一组"})
        with county.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM household_check")).scalar() == 0
