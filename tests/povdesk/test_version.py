"""`povdesk --version`: version, git commit and build date, from the build's own file in
an installed app and from git in a source checkout (issue 14)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.main import main
from povdesk import __version__, version

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    version.build_info.cache_clear()
    yield
    version.build_info.cache_clear()


def head() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_checkout_version_names_the_git_commit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert out.startswith(f"povdesk {__version__} (commit {head()}")
    assert "source checkout" in out


def test_installed_app_reads_its_build_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    info = tmp_path / "build-info.json"
    info.write_text(json.dumps({"version": "9.8.7", "commit": "abc1234", "date": "2026-12-05"}))
    monkeypatch.setattr(version, "BUILD_INFO", info)
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == "povdesk 9.8.7 (commit abc1234, built 2026-12-05)"


def test_build_writes_commit_and_date(tmp_path: Path) -> None:
    written = version.write_build_info(tmp_path / "build-info.json", ROOT)
    data = json.loads((tmp_path / "build-info.json").read_text())
    assert data["commit"].split("+")[0] == head() == written.commit.split("+")[0]
    assert data["version"] == __version__
    assert len(data["date"]) == 10 and data["date"][4] == "-"


def test_no_git_says_unknown(tmp_path: Path) -> None:
    assert version.git_commit(tmp_path) == ("unknown", "unknown")
