"""`init` and `demo` build under a temporary name (issue 13 item 7, issue 12 item 5):
killed or interrupted half-way, they leave nothing under the real name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.main import main
from povdesk.store import Store

Run = pytest.CaptureFixture[str]


def start_demo(db: Path, households: int) -> subprocess.Popen[bytes]:
    args = ["demo", "--db", str(db), "--households", str(households)]
    return subprocess.Popen(
        [sys.executable, "-m", "app.main", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_build(db: Path, proc: subprocess.Popen[bytes]) -> None:
    """Until the build's temporary store has its first households in it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        building = list(db.parent.glob(f".{db.name}.building-*"))
        if any(p.stat().st_size > 300_000 for p in building if p.is_file()):
            return
        assert proc.poll() is None, "the demo finished before it could be interrupted"
        time.sleep(0.02)
    raise AssertionError("the demo never started building")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_an_interrupted_demo_leaves_no_half_made_village(tmp_path: Path, sig: int) -> None:
    db = tmp_path / "demo.sqlite"
    proc = start_demo(db, 3000)
    wait_for_build(db, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert not db.exists()
    if sig == signal.SIGINT:  # Ctrl+C: the temporary store is removed too, and said
        assert proc.returncode == 2
        assert "已中断" in err.decode()
        assert list(tmp_path.iterdir()) == []
    # Either way a new demo goes ahead (a killed build's leftovers are cleared).
    assert main(["demo", "--db", str(db), "--households", "3"]) == 0
    with Store(db) as store:
        assert len(store.households.all()) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.sqlite"]


def test_init_makes_a_complete_private_store(tmp_path: Path) -> None:
    db = tmp_path / "new" / "v.sqlite"
    args = ["init", "--db", str(db), "--role", "village", "--code", "420323105201"]
    assert main([*args, "--name", "青龙村"]) == 0
    assert sorted(p.name for p in db.parent.iterdir()) == ["v.sqlite"]
    assert db.stat().st_mode & 0o777 == 0o600
    assert db.parent.stat().st_mode & 0o777 == 0o700
    with Store(db) as store:
        assert store.villages.home() is not None


def test_a_failed_build_removes_what_it_wrote(tmp_path: Path, capsys: Run) -> None:
    db = tmp_path / "v.sqlite"
    # A county code of the wrong length is refused only inside init_store, mid-build.
    args = ["init", "--db", str(db), "--role", "village", "--code", "4203", "--name", "x"]
    assert main(args) == 2
    assert list(tmp_path.iterdir()) == []


def test_demo_into_an_existing_store_is_refused(tmp_path: Path, capsys: Run) -> None:
    db = tmp_path / "v.sqlite"
    assert main(["demo", "--db", str(db), "--households", "2"]) == 0
    before = db.read_bytes()
    assert main(["demo", "--db", str(db), "--households", "2"]) == 2
    assert "文件已存在" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_a_build_left_by_a_live_process_is_not_touched(tmp_path: Path) -> None:
    db = tmp_path / "v.sqlite"
    other = tmp_path / f".v.sqlite.building-{os.getppid()}"  # a process that is running
    other.write_bytes(b"someone else's work")
    assert main(["demo", "--db", str(db), "--households", "2"]) == 0
    assert other.read_bytes() == b"someone else's work"
