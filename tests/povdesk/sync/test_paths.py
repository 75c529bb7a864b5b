"""Issue 11 item 3: stored values never become paths or commands. Old stores may hold a
户编号 or a peer's area code that today's entrances refuse; the outputs that build file
names from them still keep to the folder the user chose, and what the command line
prints never carries a terminal escape."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.main import main
from exports.bundle import keys
from povdesk.errors import UserError
from tests.povdesk.sync.conftest import Link, full_snapshot


def raw(db: str, sql: str, *params: object) -> None:
    """What an old store (or someone at the database's prompt) can hold."""
    con = sqlite3.connect(db)
    with con:
        con.execute(sql, params)
    con.close()


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_split_printing_stays_inside_the_folder(pair: Link, tmp_path: Path) -> None:
    db = str(pair.village.target)
    [hid] = pair.village.households.ids()[:1]
    raw(db, "UPDATE household SET number = ? WHERE id = ?", "../../../../escaped/pwned", hid)
    root = tmp_path / "root"
    out = root / "a" / "b" / "c" / "d"
    out.mkdir(parents=True)
    assert main(["print", "card", "--db", db, "--all", "--split", str(out)]) == 2
    assert not (tmp_path / "escaped").exists() and not (root / "escaped").exists()
    assert all(p.startswith("a") for p in listing(root))


def test_export_stays_inside_the_folder(pair: Link, tmp_path: Path) -> None:
    db = str(pair.village.target)
    raw(db, "UPDATE sync_peer SET area_code = ?", "../../../x")
    raw(db, "UPDATE meta SET value = ? WHERE key = 'role'", "county")  # names use both codes
    out = tmp_path / "usb" / "deep"
    out.mkdir(parents=True)
    before = full_snapshot(pair.village)
    assert main(["export", "--db", db, "--out", str(out)]) == 2
    assert listing(tmp_path / "usb") == {"deep"}
    assert full_snapshot(pair.village) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("area_code", "../../../../tmp/x"),
        ("name", "青龙村\x1b[2J\x1b]0;pwned\x07"),
        ("name", "村" * 61),
        ("store_id", "../x"),
    ],
    ids=["area-code", "escape", "long-name", "store-id"],
)
def test_a_key_file_with_bad_fields_is_not_trusted(
    pair: Link, tmp_path: Path, field: str, value: str
) -> None:
    path = tmp_path / "v.pvkey"
    keys.write_public(pair.village, path)
    rec = json.loads(path.read_text(encoding="utf-8"))
    rec[field] = value
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    before = full_snapshot(pair.county)
    with pytest.raises(UserError) as err:
        keys.trust(pair.county, path)
    assert err.value.code == "bad_key_file"
    assert full_snapshot(pair.county) == before


def test_printed_names_cannot_drive_the_terminal(
    pair: Link, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(pair.village.target)
    raw(db, "UPDATE meta SET value = ? WHERE key = 'name'", "青龙村\x1b[2J\x1b]0;pwned\x07")
    assert main(["key", "show", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "青龙村\\x1b[2J" in out
