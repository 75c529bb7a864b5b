"""A county's workbook goes back into a fresh county store village by village (issue 10):
`report --xlsx`, `init --role county`, `roster import --create-villages`, all from the
CLI, give the same villages with the same households and people."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.roster.export import roster_rows
from povdesk.store import Store
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import COUNTY

Run = pytest.CaptureFixture[str]


def per_village(store: Store) -> dict[str, tuple[str, list[list[str]]]]:
    """village code -> (name, its roster rows in the national layout, sorted)."""
    return {
        v.code: (v.name, sorted(roster_rows(store.households.files(village_id=v.id))))
        for v in store.villages.all()
    }


def test_county_report_imports_back_into_a_fresh_county(
    county: County, tmp_path: Path, capsys: Run
) -> None:
    import_folder(county.store, [county.usb])
    book = tmp_path / "county.xlsx"
    assert main(["report", "--db", county.store.target, "--xlsx", str(book)]) == 0
    fresh = str(tmp_path / "fresh.sqlite")
    assert (
        main(["init", "--db", fresh, "--role", "county", "--code", COUNTY, "--name", "巴东县"]) == 0
    )
    capsys.readouterr()

    assert main(["roster", "import", "--db", fresh, str(book)]) == 2
    err = capsys.readouterr().err
    assert all(code in err for code in county.villages) and "--create-villages" in err
    with Store(fresh) as s:
        assert s.villages.all() == [] and s.households.all() == []

    assert main(["roster", "import", "--db", fresh, str(book), "--create-villages"]) == 0
    want = per_village(county.store)
    assert set(want) == set(county.villages)
    with Store(fresh) as s:
        got = per_village(s)
        numbers = {
            v.code: {h.number for h in s.households.all(village_id=v.id)} for v in s.villages.all()
        }
    assert got == want  # names, households and people, village by village
    for code, v in county.villages.items():
        assert numbers[code] == {h.number for h in v.households.all()}
