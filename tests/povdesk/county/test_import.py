"""A folder of bundles imported at once: each in its own transaction, bad files reported
(zh/en) and skipped, the good ones imported, one report per file, progress told."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main
from exports.bundle.folder import ALREADY, IMPORTED, REFUSED, Outcome, import_folder
from povdesk.county import villages
from povdesk.errors import UserError
from povdesk.store import Store, backup
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import VILLAGE_A, VILLAGE_B, full_snapshot


def households(store: Store, code: str) -> int:
    v = store.villages.find(code)
    if v is None:
        return 0
    return len(store.households.ids(village_id=v.id))


def tamper(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def test_good_bundles_go_in_and_bad_files_are_reported_and_skipped(county: County) -> None:
    (county.usb / "readme.txt").write_text("USB 盘里的说明", encoding="utf-8")
    # A's second bundle, altered in transit: refused; A's first and B's go in.
    county.villages[VILLAGE_A].households.update(
        county.villages[VILLAGE_A].households.ids()[0], {"phone": "13800000000"}
    )
    bad = county.export(VILLAGE_A, f"{VILLAGE_A}-000002.pvb")
    tamper(bad)
    seen: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, o: Outcome) -> None:
        seen.append((done, total, o.status))

    outcomes = import_folder(county.store, [county.usb], progress=progress)

    by_name = {o.path.name: o for o in outcomes}
    assert [o.path.name for o in outcomes] == sorted(by_name)
    assert by_name[f"{VILLAGE_A}-000001.pvb"].status == IMPORTED
    assert by_name[f"{VILLAGE_B}-000001.pvb"].status == IMPORTED
    assert by_name[f"{VILLAGE_A}-000002.pvb"].status == REFUSED
    assert by_name["readme.txt"].status == REFUSED
    tampered = by_name[f"{VILLAGE_A}-000002.pvb"].error
    stray = by_name["readme.txt"].error
    assert tampered is not None and tampered.code == "bad_bundle"
    assert tampered.zh and tampered.en
    assert stray is not None and stray.code == "not_a_bundle" and "不是" in stray.zh
    assert households(county.store, VILLAGE_A) == households(county.store, VILLAGE_B) == 20
    assert [d for d, _, _ in seen] == [1, 2, 3, 4] and {t for _, t, _ in seen} == {4}

    # Again: nothing new, the good ones say "already imported", the database is as it was.
    before = full_snapshot(county.store)
    again = import_folder(county.store, [county.usb])
    assert sorted(o.status for o in again) == [ALREADY, ALREADY, REFUSED, REFUSED]
    assert full_snapshot(county.store) == before


def test_a_later_bundle_before_an_earlier_one_rolls_nothing_back(county: County) -> None:
    a = county.villages[VILLAGE_A]
    one, two_id = a.households.ids()[:2]
    a.households.update(one, {"phone": "13900000001"})
    two = county.export(VILLAGE_A, "b-second.pvb")
    a.households.update(two_id, {"phone": "13900000002"})
    three = county.export(VILLAGE_A, "a-third.pvb")  # sorts first by name
    import_folder(county.store, [county.usb / f"{VILLAGE_A}-000001.pvb"])

    outcomes = import_folder(county.store, [county.usb])

    got = {o.path.name: o for o in outcomes}
    assert [got[p.name].status for p in (three, two)] == [IMPORTED, IMPORTED]
    assert got[three.name].report and got[three.name].report.seq == 3
    assert got[two.name].report and got[two.name].report.stale  # older: nothing rolled back
    assert county.store.households.get(one).phone == "13900000001"
    assert county.store.households.get(two_id).phone == "13900000002"
    row = next(r for r in villages.ledger(county.store) if r.code == VILLAGE_A)
    assert (row.bundles, row.last_seq, row.gaps) == (3, 3, [])


def test_cli_import_reports_each_file_and_exits_1_when_some_were_refused(
    county: County, capsys: object
) -> None:
    (county.usb / "photo.jpg").write_bytes(b"\xff\xd8\xff not a bundle")
    code = main(["county", "import", "--db", county.store.target, str(county.usb)])
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert code == 1
    assert "已导入 imported" in err and "拒绝 refused" in err
    assert "不是 povdesk 数据包" in err and "Not a povdesk bundle" in err
    assert "3 files: 2 imported, 0 already imported, 1 refused" in err

    (county.usb / "photo.jpg").unlink()
    code = main(["county", "import", "--db", county.store.target, "--json", str(county.usb)])
    assert code == 0


def test_empty_folder_is_bad_input(county: County, tmp_path: Path, capsys: object) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    before = full_snapshot(county.store)
    assert main(["county", "import", "--db", county.store.target, str(empty)]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "没有找到任何文件" in err and "No files found" in err
    assert full_snapshot(county.store) == before


def test_a_folder_is_backed_up_once_before_its_first_bundle(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 17: a backup (a copy of the whole county, checked) before each of 300 bundles
    # made a USB stick's import take hours; one before the first is what undoes it.
    made: list[str] = []
    real = backup.automatic

    def counted(target: str, reason: str) -> object:
        made.append(reason)
        return real(target, reason)

    monkeypatch.setattr(backup, "automatic", counted)
    outcomes = import_folder(county.store, [county.usb])
    assert sum(o.status == IMPORTED for o in outcomes) == 2
    assert made == ["before_import"]
    if "://" not in county.store.target:  # a county server is backed up by pg_dump
        assert [b.reason for b in backup.listing(Path(county.store.target))] == ["before_import"]


def test_no_bundle_goes_in_when_the_backup_before_it_fails(
    county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = full_snapshot(county.store)

    def full(_target: str, _reason: str) -> object:
        raise UserError("磁盘已满", "The disk is full", code="disk_full")

    monkeypatch.setattr(backup, "automatic", full)
    outcomes = import_folder(county.store, [county.usb])
    assert [o.status for o in outcomes] == [REFUSED, REFUSED]
    assert all(o.error is not None and o.error.code == "disk_full" for o in outcomes)
    assert full_snapshot(county.store) == before
