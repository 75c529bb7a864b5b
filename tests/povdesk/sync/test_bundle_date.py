"""The ledger keeps when the sender made each bundle (the manifest's `created`) as well as
when it arrived, and the county's villages ledger shows both."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.main import main
from povdesk.codes import StoreRole
from povdesk.county import villages
from povdesk.errors import UserError
from povdesk.models import SyncBundle
from povdesk.store import Store
from povdesk.sync import ledger
from tests.conftest import BACKENDS
from tests.povdesk.sync.conftest import (
    COUNTY,
    VILLAGE_A,
    full_snapshot,
    link,
    make_village,
    put_together,
    receive,
    send,
    take_apart,
)

BUNDLE = SyncBundle.__table__  # type: ignore[attr-defined]
MADE = "2025-03-01T08:00:00+00:00"


def utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def ledger_times(store: Store, direction: str) -> list[tuple[int, dt.datetime, dt.datetime]]:
    c = BUNDLE.c
    with store.read() as conn:
        rows = conn.execute(
            select(c.seq, c.created, c.at).where(c.direction == direction).order_by(c.seq)
        )
        return [(seq, utc(created), utc(at)) for seq, created, at in rows]


@pytest.fixture(params=BACKENDS)
def county(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A county store on each backend (its bundle ledger is what is tested here)."""
    from tests.povdesk.store.pg.server import fresh_schema

    if request.param == "sqlite":
        s = Store(tmp_path / "county.sqlite", create=True, files=tmp_path / "files")
        yield from _county(s)
        return
    from tests.conftest import PG_URL

    assert PG_URL is not None
    with fresh_schema(PG_URL) as url:
        yield from _county(Store(url, create=True, files=tmp_path / "files"))


def _county(s: Store) -> Iterator[Store]:
    s.actor = "县扶贫办"
    s.villages.init_store(StoreRole.COUNTY, COUNTY, "巴东县")
    yield s
    s.close()


@pytest.fixture
def village(county: Store, tmp_path: Path) -> Iterator[Store]:
    v = make_village(tmp_path, VILLAGE_A)
    link(v, county, tmp_path)
    yield v
    v.close()


def made_on(
    village: Store, county: Store, folder: Path, created: Any, name: str = "old.pvb"
) -> Path:
    """A real bundle from the village whose manifest says it was made at `created`
    (re-signed with the village's own key: as if the stick took weeks to arrive)."""
    path = send(village, folder)
    with county.read() as conn:
        imported = ledger.entries(conn, "in", village.store_id)

    def when(m: dict[str, Any]) -> None:
        m["created"] = created
        if imported:  # re-signed bundles: the next one follows the re-signed one before
            m["prev"] = imported[-1].hash

    return put_together(take_apart(path, county), village, county, folder / name, manifest=when)


def test_import_stores_when_the_village_made_the_bundle(
    village: Store, county: Store, tmp_path: Path
) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    receive(county, made_on(village, county, tmp_path, MADE))
    [(seq, created, at)] = ledger_times(county, "in")
    assert seq == 1
    assert created == dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
    assert at >= before  # the arrival is still kept, separately

    [row] = [r for r in villages.ledger(county) if r.code == VILLAGE_A]
    assert row.last_made == created and row.last_at is not None and utc(row.last_at) == at
    assert row.silent_days == 0  # silence counts from the arrival, as before
    assert row.as_json()["last_made"] == "2025-03-01T08:00:00+00:00"


def test_a_time_with_an_offset_is_stored_in_utc(
    village: Store, county: Store, tmp_path: Path
) -> None:
    receive(county, made_on(village, county, tmp_path, "2025-03-01T16:30:00+08:00"))
    [(_, created, _)] = ledger_times(county, "in")
    assert created == dt.datetime(2025, 3, 1, 8, 30, tzinfo=dt.UTC)


def test_the_latest_made_bundle_is_shown(village: Store, county: Store, tmp_path: Path) -> None:
    receive(county, made_on(village, county, tmp_path, MADE, "one.pvb"))
    village.households.update(village.households.ids()[0], {"note": "第二包"})
    receive(county, made_on(village, county, tmp_path, "2025-03-09T02:00:00+00:00", "two.pvb"))
    [row] = [r for r in villages.ledger(county) if r.code == VILLAGE_A]
    assert row.last_made == dt.datetime(2025, 3, 9, 2, 0, tzinfo=dt.UTC)
    assert row.last_seq == 2


def test_sent_ledger_keeps_the_manifest_time(village: Store, county: Store, tmp_path: Path) -> None:
    path = send(village, tmp_path)
    made = take_apart(path, county).manifest["created"]
    [(_, created, _)] = ledger_times(village, "out")
    assert created == dt.datetime.fromisoformat(made)
    receive(county, path)
    [(_, arrived_made, _)] = ledger_times(county, "in")
    assert arrived_made == created  # both sides name the same moment


@pytest.mark.parametrize("bad", ["yesterday", "", "2025-13-01T00:00:00"])
def test_a_manifest_time_that_is_not_a_time_is_refused(
    village: Store, county: Store, tmp_path: Path, bad: str
) -> None:
    path = made_on(village, county, tmp_path, bad)
    before = full_snapshot(county)
    with pytest.raises(UserError) as err:
        receive(county, path)
    assert err.value.code == "bad_bundle"
    assert full_snapshot(county) == before


def test_cli_villages_shows_made_and_received(
    village: Store, county: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    receive(county, made_on(village, county, tmp_path, MADE))
    [(_, _, at)] = ledger_times(county, "in")
    db = str(county.target)
    assert main(["county", "villages", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "制作 made" in out and "收到 received" in out
    line = next(ln for ln in out.splitlines() if VILLAGE_A in ln)
    assert "2025-03-01" in line and at.date().isoformat() in line
    assert main(["county", "villages", "--db", db, "--json"]) == 0
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["code"] == VILLAGE_A]
    assert row["last_made"] == "2025-03-01T08:00:00+00:00"
