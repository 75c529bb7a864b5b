"""A store is looked at before anything is written to it (issue 13 item 2, issue 11
item 7, issue 12 item 5): folders, empty or foreign files and damaged stores are refused
with a plain message, and the file is left exactly as it was."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from app.main import main
from povdesk.errors import StoreDamaged, UserError
from povdesk.store import Store, backup, health, restore
from tests.conftest import add_two_households, snapshot

Run = pytest.CaptureFixture[str]
PAGE = 4096


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed(store: Store) -> Path:
    """A small village store, closed (its WAL folded into the file)."""
    add_two_households(store)
    path = Path(store.target)
    store.close()
    assert not path.with_name(path.name + "-wal").exists()
    return path


def zero_page(path: Path, number: int) -> None:
    """Page `number` (1-based) overwritten with zeros, as a failing disk leaves it."""
    with path.open("r+b") as fh:
        fh.seek((number - 1) * PAGE)
        fh.write(b"\0" * PAGE)


def table_root(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT rootpage FROM sqlite_master WHERE name=?", (table,)).fetchone()
        return int(row[0])
    finally:
        con.close()


def test_a_folder_is_not_a_database(tmp_path: Path, capsys: Run) -> None:
    folder = tmp_path / "村里的数据"
    folder.mkdir()
    with pytest.raises(UserError) as err:
        Store(folder, create=True)
    assert err.value.code == "is_a_folder"
    assert "这是一个文件夹，不是数据库文件" in err.value.zh and "folder" in err.value.en
    assert main(["list", "--db", str(folder)]) == 2
    out = capsys.readouterr().err
    assert "这是一个文件夹，不是数据库文件" in out and "disk I/O" not in out
    assert main(["demo", "--db", str(folder), "--households", "1"]) == 2
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", ["list", "summary", "check", "audit"])
def test_an_empty_file_is_refused_and_left_empty(tmp_path: Path, capsys: Run, command: str) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    args = ["audit", "verify"] if command == "audit" else [command]
    assert main([*args, "--db", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "不是 povdesk 数据库（空文件）" in err and "not a povdesk database" in err
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite"]


def test_another_programs_database_is_refused_untouched(tmp_path: Path, capsys: Run) -> None:
    other = tmp_path / "contacts.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contact (name TEXT, phone TEXT)")
    con.execute("INSERT INTO contact VALUES ('张三', '13800000000')")
    con.commit()
    con.close()
    before = digest(other)
    assert main(["list", "--db", str(other)]) == 2
    assert "缺少 povdesk 的数据表" in capsys.readouterr().err
    with pytest.raises(UserError) as err:
        Store(other, create=True)  # not even `init` turns it into a povdesk store
    assert err.value.code == "not_povdesk"
    assert digest(other) == before


def test_a_zeroed_page_is_refused_and_never_written(closed: Path, capsys: Run) -> None:
    zero_page(closed, table_root(closed, "household"))
    before = digest(closed)
    with pytest.raises(StoreDamaged) as err:
        Store(closed)
    assert "数据库文件已损坏" in err.value.zh and "没有找到完好的备份" in err.value.zh
    for args in (
        ["list"],
        ["check"],
        ["summary"],
        ["status", "0001", "拟退出"],
        ["report", "--xlsx", str(closed.parent / "r.xlsx")],
        ["print", "roster", "--out", str(closed.parent / "r.pdf")],
        ["export", "--out", str(closed.parent / "b.povbundle")],
    ):
        assert main([args[0], "--db", str(closed), *args[1:]]) == 4, args
        err_text = capsys.readouterr().err
        assert "数据库文件已损坏" in err_text and "Traceback" not in err_text, args
    assert digest(closed) == before
    assert not (closed.parent / "r.xlsx").exists() and not (closed.parent / "r.pdf").exists()


def test_damage_names_the_newest_good_backup(closed: Path, capsys: Run) -> None:
    made = backup.create(closed, reason="manual")
    zero_page(closed, table_root(closed, "member"))
    assert main(["list", "--db", str(closed)]) == 4
    err = capsys.readouterr().err
    assert made.path in err and "backup restore" in err


def test_audit_verify_checks_the_file_too(closed: Path, capsys: Run) -> None:
    # An index page: the audit chain still reads fine, the file does not.
    con = sqlite3.connect(closed)
    index = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE type='index' AND tbl_name='member'"
    ).fetchone()[0]
    con.close()
    zero_page(closed, int(index))
    assert main(["audit", "verify", "--db", str(closed)]) == 1
    err = capsys.readouterr().err
    assert "数据库文件已损坏" in err and "intact" not in err


def test_the_audit_head_is_checked_on_open(closed: Path) -> None:
    con = sqlite3.connect(closed)
    con.execute("UPDATE meta SET value = '0' || value WHERE key = 'audit_hash'")
    con.commit()
    con.close()
    with pytest.raises(StoreDamaged):
        Store(closed)


def test_random_damage_is_never_written_to_and_restore_brings_the_backup_back(
    store: Store,
) -> None:
    add_two_households(store)
    kept = snapshot(store)
    path = Path(store.target)
    store.close()
    made = backup.create(path, reason="manual")
    refused = 0
    for seed in range(10):
        with Store(path) as s:  # a change after the backup, which the restore will lose
            s.households.create({"number": f"009{seed}"})
        pages = path.stat().st_size // PAGE
        rng = random.Random(seed)
        for _ in range(rng.randint(1, 3)):
            zero_page(path, rng.randint(1, pages))
        before = digest(path)
        try:
            Store(path).close()
        except UserError:
            refused += 1
            assert digest(path) == before  # refused: not a byte written
        else:
            # Opened: then the damage missed every page in use (the full check agrees).
            con = sqlite3.connect(path)
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            con.close()
        done = restore.restore(path, Path(made.path))
        assert done.kept is not None and Path(done.kept).exists()
        with Store(path) as s:
            assert snapshot(s) == kept
    assert refused >= 8  # whole zeroed pages: nearly every one is a page in use


def test_classify_full_disk_before_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = 10 | (3 << 8)  # type: ignore[attr-defined]  # SQLITE_IOERR_WRITE
    monkeypatch.setattr(health, "is_full", lambda _p: True)
    found = health.classify(tmp_path / "v.sqlite", error)
    assert found is not None and found.code == "disk_full" and "磁盘已满" in found.zh
    monkeypatch.setattr(health, "is_full", lambda _p: False)
    assert health.classify(tmp_path / "v.sqlite", error) is None


FULL_DISK = """
import resource, signal, sys
from collections import namedtuple
# Every write past 1000 bytes into any file fails, as on a disk with no space left (the
# signal a real full disk does not send is ignored); the free space the product checks
# then reads 0, as it would there.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
import povdesk.store.disk as disk
Usage = namedtuple("Usage", "total used free")
disk.shutil.disk_usage = lambda _p: Usage(10**9, 10**9, 0)
from app.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_full_disk_at_open_says_so(closed: Path) -> None:
    import subprocess
    import sys

    before = digest(closed)
    for args in (["list"], ["status", "0001", "拟退出"]):
        done = subprocess.run(
            [sys.executable, "-c", FULL_DISK, args[0], "--db", str(closed), *args[1:]],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "磁盘已满" in done.stderr and "disk is full" in done.stderr
        assert "损坏" not in done.stderr and "Traceback" not in done.stderr
    assert digest(closed) == before


def test_damage_met_after_the_time_budget_is_still_a_clear_refusal(
    closed: Path, monkeypatch: pytest.MonkeyPatch, capsys: Run
) -> None:
    # A large store whose quick_check runs out of time opens; the damaged page is then
    # met by a read, which must say the same thing (exit 4), never a traceback (exit 3).
    monkeypatch.setattr(health, "QUICK_CHECK_SECONDS", 0.0)
    zero_page(closed, table_root(closed, "household"))
    before = digest(closed)
    for args in (["list"], ["check"], ["summary"], ["status", "0001", "拟退出"]):
        assert main([args[0], "--db", str(closed), *args[1:]]) == 4, args
        err = capsys.readouterr().err
        assert "数据库文件已损坏" in err and "内部错误" not in err, args
    assert digest(closed) == before


def test_a_check_left_for_later_refuses_every_write_to_a_damaged_store(closed: Path) -> None:
    # The window's opening: the pages are checked while it reads. The damaged page is
    # one the opening itself does not read, so the store opens; no write ever lands.
    zero_page(closed, table_root(closed, "household"))
    before = digest(closed)
    store = Store(closed, check_later=True)
    try:
        found = store.check_problem()
        assert isinstance(found, StoreDamaged) and "数据库文件已损坏" in found.zh
        assert not store.check_pending()
        for _ in range(2):  # refused, and refused again: the answer is kept
            with pytest.raises(StoreDamaged), store.tx() as tx:
                tx.set_meta("touched", "yes")
    finally:
        store.close()
    assert digest(closed) == before


def test_a_write_waits_for_the_check_left_for_later(
    closed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    release = threading.Event()

    def slow_check(_con: object, _budget: float) -> str:
        release.wait(10)
        return "*** in database main ***\nPage 7: btreeInitPage() returns error code 11"

    monkeypatch.setattr(health, "quick_check", slow_check)
    before = digest(closed)
    store = Store(closed, check_later=True)
    outcome: list[BaseException] = []

    def write() -> None:
        try:
            with store.tx() as tx:
                tx.set_meta("touched", "yes")
        except BaseException as exc:  # what the writer met, asserted below
            outcome.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(0.3)  # the write started before the check ended: it must wait for it
    assert store.check_pending()
    release.set()
    writer.join()
    store.close()
    assert len(outcome) == 1 and isinstance(outcome[0], StoreDamaged)
    assert digest(closed) == before


def test_a_healthy_store_checked_later_is_written_as_usual(closed: Path) -> None:
    store = Store(closed, check_later=True)
    try:
        assert store.check_problem() is None
        with store.tx() as tx:
            tx.set_meta("touched", "yes")
        assert store.meta()["touched"] == "yes"
    finally:
        store.close()
