"""Each household to its village (issue 10): a county store routes a county-wide roster
by the village code that starts each 户编号 (or a 村代码 / 村名 column), creating villages
only when asked; a village store refuses a household of another village unless --village
says where it goes. All or nothing, dry run included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.main import main
from povdesk.codes import StoreRole
from povdesk.roster import RosterRejected, import_roster
from povdesk.roster.routing import UnknownVillages
from povdesk.store import Store
from tests.povdesk.roster.conftest import HH1, HH2, VILLAGE_CODE, Rows, dump

OTHER = "420323105202"
HH3 = OTHER + "0003"  # a household of the neighbouring village
Run = pytest.CaptureFixture[str]


def _move(rows: Rows, old: str, new: str) -> Rows:
    return [{**r, "户编号": new if r["户编号"] == old else r["户编号"]} for r in rows]


@pytest.fixture
def county(tmp_path: Path) -> str:
    s = Store(tmp_path / "county.sqlite", create=True)
    s.villages.init_store(StoreRole.COUNTY, "420323", "竹山县")
    s.close()
    return str(tmp_path / "county.sqlite")


def _households(db: str) -> dict[str, tuple[str, set[str]]]:
    """village code -> (name, 户编号 of its households)."""
    with Store(db) as s:
        return {
            v.code: (v.name, {h.number for h in s.households.all(village_id=v.id)})
            for v in s.villages.all()
        }


# -- village store ---------------------------------------------------------------------
def test_village_store_refuses_a_household_of_another_village(
    store: Store, rows: Rows, csv_file: Any, capsys: Run
) -> None:
    path = csv_file(_move(rows, HH2, HH3))
    db = store.target
    before = dump(store)
    assert main(["roster", "import", "--db", db, str(path)]) == 2
    err = capsys.readouterr().err
    assert f"第 5 行 [户编号] '{HH3}'" in err  # the household's first row
    assert f"属于村 {OTHER}" in err and f"belongs to village {OTHER}" in err
    assert f"--village {VILLAGE_CODE}" in err
    assert dump(store) == before
    # Saying where it goes takes the file as it is.
    assert main(["roster", "import", "--db", db, str(path), "--village", VILLAGE_CODE]) == 0
    assert {h.number for h in store.households.all()} == {HH1, HH3}


def test_village_store_reads_the_village_column_too(
    store: Store, rows: Rows, csv_file: Any
) -> None:
    path = csv_file([{**r, "村代码": OTHER if r["户编号"] == HH1 else ""} for r in rows])
    with pytest.raises(RosterRejected) as err:
        import_roster(store, path)
    assert [(p.row, p.column, p.value) for p in err.value.problems] == [(2, "村代码", OTHER)]
    assert store.households.all() == []
    short = csv_file([{**r, "村代码": VILLAGE_CODE[:-1]} for r in rows], name="short.csv")
    with pytest.raises(RosterRejected) as err:
        import_roster(store, short)
    assert {(p.row, p.column, p.zh) for p in err.value.problems} == {
        (2, "村代码", "村代码应为 12 位数字"),
        (5, "村代码", "村代码应为 12 位数字"),
    }
    report = import_roster(store, csv_file(rows, name="ok.csv"))  # its own: as before
    assert report.counts["household"].created == 2 and not report.warnings


# -- county store ----------------------------------------------------------------------
def test_county_store_refuses_unknown_villages_with_their_codes(
    county: str, rows: Rows, csv_file: Any, capsys: Run
) -> None:
    path = csv_file(_move(rows, HH2, HH3))
    before = _households(county)
    assert main(["roster", "import", "--db", county, str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{VILLAGE_CODE}（1 户）、{OTHER}（1 户）" in err
    assert "--create-villages" in err and "Nothing was imported" in err
    assert _households(county) == before == {}
    with Store(county) as s, pytest.raises(UnknownVillages) as caught:
        import_roster(s, path)
    assert caught.value.codes == [VILLAGE_CODE, OTHER]


def test_county_store_creates_and_routes_villages_when_asked(
    county: str, rows: Rows, csv_file: Any, capsys: Run
) -> None:
    named = [{**r, "村名": "白马村" if r["户编号"] == HH3 else ""} for r in _move(rows, HH2, HH3)]
    path = csv_file(named)
    argv = ["roster", "import", "--db", county, str(path), "--create-villages", "--json"]
    assert main([*argv, "--dry-run"]) == 0
    dry = json.loads(capsys.readouterr().out)
    assert dry["villages_created"] == [
        {"code": VILLAGE_CODE, "name": VILLAGE_CODE},  # no name in the file: its code
        {"code": OTHER, "name": "白马村"},
    ]
    assert (
        main(["roster", "import", "--db", county, str(path), "--create-villages", "--dry-run"]) == 0
    )
    said = capsys.readouterr().out
    assert f"新建村 2 个：{VILLAGE_CODE}、白马村（{OTHER}）" in said
    assert f"村 {OTHER}：1 户" in said
    assert _households(county) == {}  # a dry run writes nothing
    assert main(argv) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["by_village"] == {VILLAGE_CODE: 1, OTHER: 1}
    assert _households(county) == {
        VILLAGE_CODE: (VILLAGE_CODE, {HH1}),
        OTHER: ("白马村", {HH3}),
    }
    # Again: the villages are known now; the same households are found, nothing added.
    assert main(["roster", "import", "--db", county, str(path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["villages_created"] == [] and again["counts"]["household"]["created"] == 0


def test_county_store_needs_a_village_for_every_household(
    county: str, rows: Rows, csv_file: Any
) -> None:
    path = csv_file(_move(rows, HH2, "0002"))  # a local number: no village code in it
    with Store(county) as s:
        with pytest.raises(RosterRejected) as err:
            import_roster(s, path, create_villages=True)
        # Each row of that household is named (the household's and its members' rows).
        found = [(p.row, p.column, p.value) for p in err.value.problems]
        assert found[0] == (5, "户编号", "0002")
        assert {(c, v) for _, c, v in found} == {("户编号", "0002")}
        # A local number says plainly what a 户编号 must be (12-digit village code first).
        assert all("12 位村代码" in p.zh for p in err.value.problems)
        assert s.villages.all() == []  # not even the village of the good household
        s.villages.create(OTHER, "白马村")
        with pytest.raises(RosterRejected):  # --village does not make a bad number good
            import_roster(s, path, village_id=OTHER)
        assert s.households.all() == []
