"""Files readable only by their owner, and logs without personal data (issue 13 item 6)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.main import main
from povdesk import logs
from povdesk.cli import summary_cmd
from povdesk.codes import StoreRole
from povdesk.store import Store, backup
from tests.conftest import add_two_households

PHONE, ACCOUNT = "13907181234", "6217002870012345678"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_store_its_wal_attachments_and_backups_are_private(tmp_path: Path) -> None:
    db = tmp_path / "data" / "village.sqlite"
    with Store(db, create=True) as store:
        store.villages.init_store(StoreRole.VILLAGE, "420323105201", "青龙村")
        hh = store.households.create({"number": "0001"})
        store.attachments.add(hh.id, b"a photo of the house book", filename="b.jpg")
        for side in ("-wal", "-shm"):
            assert mode(db.with_name(db.name + side)) == 0o600, side
    assert mode(db) == 0o600 and mode(db.parent) == 0o700
    files = db.with_name(db.name + ".files")
    found = list(files.rglob("*"))
    assert found and all(mode(p) == (0o700 if p.is_dir() else 0o600) for p in [files, *found])
    made = Path(backup.create(db).path)
    assert mode(made) == 0o600 and mode(made.parent) == 0o700


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    where = tmp_path / "logs"
    monkeypatch.setenv("POVDESK_LOG_DIR", str(where))
    yield where
    logger = logging.getLogger(logs.LOGGER)
    for h in list(logger.handlers):
        if Path(getattr(h, "baseFilename", "/")).parent == where:
            logger.removeHandler(h)
            h.close()


def test_crash_logs_hold_no_personal_data(
    store: Store, log_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    add_two_households(store)
    hh = store.households.get("0001")
    store.households.update(hh.id, {"phone": PHONE, "bank_account": ACCOUNT})
    file = store.households.file(hh.id)
    secrets = [PHONE, ACCOUNT] + [m.name for m in file.members]
    secrets += [m.id_number for m in file.members if m.id_number]
    db = store.target
    store.close()

    def careless_bug(args: object) -> int:
        # What a real bug looks like: a record's values in the exception's text...
        raise KeyError({"head": file.members[0].model_dump(), "phone": PHONE, "acct": ACCOUNT})

    def careless_sql(args: object) -> int:
        # ...or a failing statement whose parameters are the household's data.
        with Store(db) as s, s.read() as conn:
            conn.execute(text("SELECT * FROM no_such_table WHERE a = :a"), {"a": secrets})
        return 0

    for bug in (careless_bug, careless_sql):
        monkeypatch.setattr(summary_cmd, "summary", bug)
        assert main(["summary", "--db", db]) == 3
        assert "内部错误" in capsys.readouterr().err
    log = log_dir / "povdesk.log"
    written = log.read_text(encoding="utf-8")
    assert written.count("crash in povdesk summary") == 2 and "Traceback" in written
    assert "no_such_table" in written  # the log still says what went wrong
    for secret in secrets:
        assert secret not in written, secret
    assert mode(log) == 0o600 and mode(log_dir) == 0o700


def test_scrub_keeps_what_a_developer_needs() -> None:
    line = 'File "/app/povdesk/x.py", line 123, in f: KeyError 420323197501020031 向德1 13907181234'
    out = logs.scrub(line)
    assert 'File "/app/povdesk/x.py", line 123, in f: KeyError' in out
    assert "420323197501020031" not in out and "向德" not in out and "13907181234" not in out
