"""Issue 11 item 6: the export ledger cannot fork. A bundle file that can be seen under
its name was recorded first; a write that fails is forgotten; temporary files a killed
export left behind are removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from exports import files
from exports.bundle import writer
from povdesk.errors import UserError
from povdesk.sync import ledger
from tests.povdesk.sync.conftest import Link


def out_seqs(pair: Link) -> list[int]:
    with pair.village.read() as conn:
        return [e.seq for e in ledger.entries(conn, "out", pair.county.store_id)]


def test_the_bundle_is_recorded_before_it_is_visible(
    pair: Link, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bool, list[int]]] = []
    real = files.publish

    def at_rename(tmp: Path, path: Path) -> None:
        # The instant before the file gets its name: a kill -9 here must leave no
        # valid bundle the ledger does not know.
        seen.append((path.exists(), out_seqs(pair)))
        real(tmp, path)

    monkeypatch.setattr(files, "publish", at_rename)
    path = writer.export(pair.village, pair.folder / "a.pvb").path
    assert seen == [(False, [1])]
    assert path.exists()


def test_a_failed_rename_is_forgotten(pair: Link, monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(tmp: Path, path: Path) -> None:
        tmp.unlink()
        raise files.not_written(path, OSError(5, "Input/output error"))

    monkeypatch.setattr(files, "publish", fails)
    with pytest.raises(UserError):
        writer.export(pair.village, pair.folder / "a.pvb")
    assert out_seqs(pair) == []
    assert not list(pair.folder.glob(files.TEMP_PREFIX + "*"))
    monkeypatch.undo()
    assert writer.export(pair.village, pair.folder / "b.pvb").seq == 1


def test_leftover_temporary_files_are_removed(pair: Link) -> None:
    usb = pair.folder / "usb"
    usb.mkdir()
    old = usb / f"{files.TEMP_PREFIX}killed"
    old.write_bytes(b"half a bundle")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    fresh = usb / f"{files.TEMP_PREFIX}running"  # another write still going on
    fresh.write_bytes(b"x")
    mine = usb / "notes.txt"
    mine.write_bytes(b"the user's own file")
    writer.export(pair.village, usb)
    assert not old.exists() and fresh.exists() and mine.exists()


def test_a_kill_at_the_rename_leaves_no_fork(pair: Link, tmp_path: Path) -> None:
    """The issue's attack: kill -9 the instant the bundle file is renamed into place. The
    file that survives was recorded, so the village's next bundle follows it and the
    county takes both."""
    import subprocess
    import sys

    from tests.povdesk.sync.conftest import receive, send

    out = tmp_path / "stick"
    out.mkdir()
    pair.village.engine.dispose()
    code = (
        "import os, signal\n"
        "from pathlib import Path\n"
        "from exports.bundle import writer\n"
        "from povdesk.store import Store\n"
        "real = os.replace\n"
        "def replace(src, dst, **kw):\n"  # the rename, then the kill
        "    real(src, dst, **kw)\n"
        "    if str(dst).endswith('.pvb'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.replace = replace\n"
        f"store = Store({str(pair.village.target)!r})\n"
        f"writer.export(store, Path({str(out)!r}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == -9
    [first] = list(out.glob("*.pvb"))
    assert out_seqs(pair) == [1]
    receive(pair.county, first)
    pair.village.households.update(pair.village.households.ids()[0], {"note": "下一包"})
    [report] = receive(pair.county, send(pair.village, pair.folder))
    assert report.seq == 2 and report.changed()
