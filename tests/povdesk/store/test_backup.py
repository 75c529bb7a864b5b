"""Backups and restore (issue 13 item 1): verified snapshots with their attachments,
thinned to 7 daily and 4 weekly, encrypted when they leave the laptop, and a restore
that says what it loses and keeps what it replaces."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from app.main import main
from povdesk.store import Store, backup, restore
from tests.conftest import add_two_households, snapshot

Run = pytest.CaptureFixture[str]
Village = tuple[Path, dict[str, object]]
SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "roster-sample.csv"
PHOTO = b"\x89PNG\r\n\x1a\n a photo of the house" * 50


@pytest.fixture
def village(store: Store) -> tuple[Path, dict[str, object]]:
    """A closed store with two households and a photo; and its snapshot."""
    add_two_households(store)
    hh = store.households.find("0001")
    assert hh is not None
    store.attachments.add(hh.id, PHOTO, filename="house.png")
    kept = snapshot(store)
    path = Path(store.target)
    store.close()
    return path, kept


def test_create_list_verify(village: Village, capsys: Run) -> None:
    db, _ = village
    assert main(["backup", "create", "--db", str(db), "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    path = Path(made["path"])
    assert path.parent == db.with_name(db.name + ".backups") and path.name.endswith(".backup")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".part-")]
    assert main(["backup", "list", "--db", str(db), "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["path"] == str(path) and listed["verified"] is True
    assert listed["size"] == path.stat().st_size and listed["made_at"]
    assert main(["backup", "verify", str(path)]) == 0
    # The photo is inside the backup, checked by its hash.
    con = sqlite3.connect(path)
    (data,) = con.execute(f"SELECT data FROM {backup.FILES}").fetchone()
    con.close()
    assert bytes(data) == PHOTO


def test_verify_finds_a_damaged_backup(village: Village, capsys: Run) -> None:
    db, _ = village
    made = Path(backup.create(db).path)
    con = sqlite3.connect(made)
    con.execute(f"UPDATE {backup.FILES} SET data = ?", (b"not the photo",))
    con.commit()
    con.close()
    assert main(["backup", "verify", str(made)]) == 1
    assert "damaged" in capsys.readouterr().err
    raw = bytearray(made.read_bytes())
    raw[4096 * 2 : 4096 * 3] = bytes(4096)
    made.write_bytes(bytes(raw))
    assert main(["backup", "verify", str(made)]) == 1


def test_verify_finds_text_that_is_not_utf8_in_the_audit_log(village: Village) -> None:
    # The chain is read with sqlite3's own UTF-8 decoding: a byte that is not UTF-8 is
    # a problem named, never a crash and never a pass.
    db, _ = village
    made = Path(backup.create(db).path)
    assert backup.verify_file(made) == []
    con = sqlite3.connect(made)
    guards = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    for (name,) in con.execute(guards).fetchall():  # changed outside povdesk
        con.execute(f'DROP TRIGGER "{name}"')
    con.execute("UPDATE audit_log SET actor = CAST(X'E69DFF' AS TEXT) WHERE seq = 1")
    con.commit()
    con.close()
    problems = backup.verify_file(made)
    assert problems and any("UTF-8" in p or "audit" in p for p in problems), problems


def test_restore_says_what_is_lost_and_keeps_the_replaced_store(
    village: Village, capsys: Run
) -> None:
    db, kept = village
    made = Path(backup.create(db).path)
    with Store(db) as s:
        s.households.update(s.households.get("0002").id, {"group": "二组"})
        s.households.create({"number": "0003"})
        after = snapshot(s)
    capsys.readouterr()
    # Without --yes: only the list of what would be lost, nothing changed.
    assert main(["backup", "restore", "--db", str(db), str(made)]) == 1
    err = capsys.readouterr().err
    assert "恢复将丢失备份之后的 3 条修改" in err  # a new household is 2 entries
    assert "户 0002：1 条" in err and "户 0003：2 条" in err
    with Store(db) as s:
        assert snapshot(s) == after
    # Attachments gone from the laptop come back from the backup too.
    files = db.with_name(db.name + ".files")
    for f in files.rglob("*"):
        if f.is_file():
            f.unlink()
    assert main(["backup", "restore", "--db", str(db), str(made), "--yes", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["loss"]["entries"] == 3
    with Store(db) as s:
        assert snapshot(s) == kept
        (photo,) = s.attachments.of(s.households.get("0001").id)
        assert s.attachments.read(photo.id) == PHOTO
    # The replaced store was kept as a verified backup, and holds the lost changes.
    replaced = Path(out["kept"])
    assert replaced.name.endswith("-before_restore.backup")
    assert backup.verify_file(replaced) == []
    con = sqlite3.connect(replaced)
    assert con.execute("SELECT count(*) FROM household").fetchone() == (3,)
    con.close()


def test_a_bad_backup_is_never_restored(village: Village, capsys: Run) -> None:
    db, _ = village
    bad = db.parent / "bad.backup"
    bad.write_bytes(b"SQLite format 3\x00" + bytes(5000))
    before = db.read_bytes()
    assert main(["backup", "restore", "--db", str(db), str(bad), "--yes"]) == 2
    assert "没有通过校验" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert not db.with_name(db.name + ".backups").exists()


def test_copies_leaving_the_laptop_are_encrypted(
    village: Village,
    tmp_path: Path,
    capsys: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, kept = village
    stick = tmp_path / "U盘"
    stick.mkdir()
    # No passphrase: refused, nothing written to the stick.
    monkeypatch.delenv("POVDESK_PASSPHRASE", raising=False)
    assert main(["backup", "create", "--db", str(db), "--to", str(stick)]) == 2
    assert "必须加密" in capsys.readouterr().err and list(stick.iterdir()) == []
    monkeypatch.setenv("POVDESK_PASSPHRASE", "村委会 2026 correct horse")
    assert main(["backup", "create", "--db", str(db), "--to", str(stick), "--json"]) == 0
    made = Path(json.loads(capsys.readouterr().out)["path"])
    assert made.parent == stick and made.name.endswith(".backup.age")
    raw = made.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    for secret in ("向德1", "向小2", "李建华", "一组"):
        assert secret.encode() not in raw
    # The photo's own bytes, not just "PNG": three bytes turn up in a megabyte of
    # ciphertext now and then, and made this test fail by chance.
    assert b"SQLite format 3" not in raw and PHOTO[:24] not in raw
    assert main(["backup", "verify", str(made)]) == 0
    monkeypatch.setenv("POVDESK_PASSPHRASE", "wrong")
    assert main(["backup", "verify", str(made)]) == 2
    err = capsys.readouterr().err
    assert "密码不对" in err and "Traceback" not in err
    monkeypatch.setenv("POVDESK_PASSPHRASE", "村委会 2026 correct horse")
    with Store(db) as s:
        s.households.create({"number": "0009"})
    assert main(["backup", "restore", "--db", str(db), str(made), "--yes"]) == 0
    with Store(db) as s:
        assert snapshot(s) == kept


def made_at(db: Path, template: Path, at: dt.datetime, reason: str = "daily") -> None:
    """A copy of a real backup, as if made at `at` (quicker than 80 real backups)."""
    copy = backup.folder(db) / f"{at:%Y%m%d-%H%M%S-%f}-{reason}.backup"
    copy.write_bytes(template.read_bytes())
    con = sqlite3.connect(copy)
    con.execute(f"UPDATE {backup.INFO} SET value = ? WHERE key = 'made_at'", (at.isoformat(),))
    con.execute(f"UPDATE {backup.INFO} SET value = ? WHERE key = 'reason'", (reason,))
    con.commit()
    con.close()


def test_thinning_keeps_7_daily_and_4_weekly(village: Village) -> None:
    db, _ = village
    manual = Path(backup.create(db, reason="manual").path)
    # A Tuesday, 10:00 UTC: the two backups of a day fall on one local day in China too.
    start = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
    for day in range(60):
        for hour in (0, 3):  # two a day: only the newest of each day is kept
            made_at(db, manual, start + dt.timedelta(days=day, hours=hour))
    last = start + dt.timedelta(days=60)
    made_at(db, manual, last, "before_import")  # the newest: thinning is after a backup
    backup.prune(db)
    autos = [b for b in backup.listing(db) if b.reason != "manual"]
    days = [dt.datetime.fromisoformat(b.made_at) for b in autos]
    assert len(days) == 11
    newest = [last] + [last - dt.timedelta(days=n, hours=-3) for n in range(1, 7)]
    assert days[:7] == newest
    weeks = [d.isocalendar()[:2] for d in days[7:]]
    assert len(set(weeks)) == 4 and all(w < days[6].isocalendar()[:2] for w in weeks)
    assert manual.exists()  # a backup made by hand is never thinned


def test_thinning_is_configurable(village: Village, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = village
    assert main(["backup", "keep", "--db", str(db), "--daily", "2", "--weekly", "0"]) == 0
    start = dt.datetime(2026, 9, 1, 12, 0, tzinfo=dt.UTC)
    for day in range(5):
        at = start + dt.timedelta(days=day)
        monkeypatch.setattr(backup, "_now", lambda at=at: at)
        backup.create(db, reason="daily")
    assert len([b for b in backup.listing(db) if b.reason == "daily"]) == 2


def test_a_roster_import_is_backed_up_first(village: Village, capsys: Run) -> None:
    db, kept = village
    assert main(["roster", "import", "--db", str(db), str(SAMPLE)]) == 0
    (before,) = backup.listing(db)
    assert before.reason == "before_import" and before.verified
    restore.restore(db, Path(before.path))
    with Store(db) as s:
        assert snapshot(s) == kept


def test_an_upgrade_is_backed_up_first(tmp_path: Path) -> None:
    old = Path(__file__).resolve().parents[2] / "data" / "schema-0001.sqlite"
    db = tmp_path / "old.sqlite"
    db.write_bytes(old.read_bytes())
    Store(db).close()
    (made,) = backup.listing(db)
    assert made.reason == "before_upgrade" and made.verified
    con = sqlite3.connect(made.path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()


def test_no_import_without_its_backup(village: Village, capsys: Run) -> None:
    db, kept = village
    # Something else sits where the backups folder goes: the backup cannot be made.
    db.with_name(db.name + ".backups").write_text("not a folder")
    assert main(["roster", "import", "--db", str(db), str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "无法写入备份" in err and "因此没有导入，数据未作任何改动" in err
    with Store(db) as s:
        assert snapshot(s) == kept


def test_a_store_in_use_elsewhere_is_not_replaced(village: Village, capsys: Run) -> None:
    db, _ = village
    made = backup.create(db)
    other = Store(db)  # another window, in the middle of reading
    try:
        with other.read() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM household").fetchone()
            before = db.read_bytes()
            assert main(["backup", "restore", "--db", str(db), made.path, "--yes"]) == 2
            assert "正被其他程序或另一个窗口使用" in capsys.readouterr().err
            assert db.read_bytes() == before
    finally:
        other.close()
    assert main(["backup", "restore", "--db", str(db), made.path, "--yes"]) == 0
