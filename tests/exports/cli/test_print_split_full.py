"""`print --split` into a disk that fills up half-way: all PDFs or none (issue 13 item 7)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.main import main
from exports import files
from povdesk.store import Store


def test_a_full_disk_half_way_leaves_no_incomplete_set(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    kept = folder / "card-old-note.pdf"  # something of the user's, already there
    kept.write_bytes(b"%PDF- an earlier printout")
    calls = {"n": 0}
    real = files._write_chunk

    def fills_up(fd: int, data: memoryview) -> int:
        calls["n"] += 1
        if calls["n"] > 7:  # the disk is full from the 8th file on
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(files, "_write_chunk", fills_up)
    assert main(["print", "card", "--db", demo.target, "--all", "--split", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "磁盘已满" in err and "card-" in err  # which file failed
    assert "本次新建的 7 个已删除" in err and "the 7 this run created were removed" in err
    assert sorted(p.name for p in folder.iterdir()) == ["card-old-note.pdf"]
    assert kept.read_bytes() == b"%PDF- an earlier printout"
