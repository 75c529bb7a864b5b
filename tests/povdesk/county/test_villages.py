"""The bundle ledger per village and the villages that have gone quiet."""

from __future__ import annotations

import datetime as dt
import json

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.county import villages
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import VILLAGE_A, VILLAGE_B


def test_ledger_shows_last_bundle_gaps_and_silence(county: County) -> None:
    a = county.villages[VILLAGE_A]
    import_folder(county.store, [county.usb / f"{VILLAGE_A}-000001.pvb"])
    a.households.update(a.households.ids()[0], {"phone": "13700000000"})
    county.export(VILLAGE_A, "lost-on-the-way.pvb").unlink()  # bundle 2 never arrives
    a.households.update(a.households.ids()[0], {"phone": "13700000001"})
    three = county.export(VILLAGE_A, "third.pvb")
    import_folder(county.store, [three])

    rows = {r.code: r for r in villages.ledger(county.store)}
    today = dt.date.today()
    ra, rb = rows[VILLAGE_A], rows[VILLAGE_B]
    assert (ra.bundles, ra.last_seq, ra.gaps, ra.households) == (2, 3, [2], 20)
    assert ra.trusted and ra.silent_days == 0 and ra.last_at is not None
    # B is trusted but has sent nothing yet: known by its key, silent since ever
    assert (rb.bundles, rb.last_seq, rb.village_id, rb.silent_days) == (0, 0, None, None)

    assert [r.code for r in villages.silent(list(rows.values()), 30)] == [VILLAGE_B]
    later = villages.ledger(county.store, today + dt.timedelta(days=40))
    assert [r.code for r in villages.silent(later, 30)] == [VILLAGE_A, VILLAGE_B]
    assert next(r for r in later if r.code == VILLAGE_A).silent_days == 40


def test_cli_villages(county: County, capsys: object) -> None:
    import_folder(county.store, [county.usb / f"{VILLAGE_A}-000001.pvb"])
    db = county.store.target
    assert main(["county", "villages", "--db", db, "--silent-days", "7", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    assert [r["code"] for r in rows] == [VILLAGE_B]
    assert main(["county", "villages", "--db", db]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert VILLAGE_A in out and "从未 never" in out
    assert main(["county", "villages", "--db", db, "--silent-days", "-1"]) == 2


def test_county_commands_refuse_a_village_database(county: County, capsys: object) -> None:
    village = county.villages[VILLAGE_A].target
    assert main(["county", "villages", "--db", village]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "不是县级数据库" in err and "not a county database" in err


def test_open_conflicts_by_village(county: County) -> None:
    import_folder(county.store, [county.usb])
    a = county.villages[VILLAGE_A]
    hid = a.households.ids()[0]
    county.store.households.update(hid, {"phone": "13500000000"})  # the county's edit
    a.households.update(hid, {"phone": "13600000000"})  # and the team's, meanwhile
    import_folder(county.store, [county.export(VILLAGE_A, "second.pvb")])

    found = villages.open_conflicts(county.store)
    assert [(c["village_code"], c["field"], c["local"], c["remote"]) for c in found] == [
        (VILLAGE_A, "phone", "13500000000", "13600000000")
    ]
    assert found[0]["household"] == a.households.get(hid).number
    assert villages.open_conflicts(county.store, village=VILLAGE_B) == []
