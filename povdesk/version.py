"""Which povdesk this is: the version, the git commit it was built from and the build
date. An installed app reads them from `build-info.json`, written beside this module when
the app is built (packaging/povdesk.spec); a source checkout asks git, when there is one."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from povdesk import __version__

BUILD_INFO = Path(__file__).resolve().parent / "build-info.json"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class BuildInfo:
    version: str
    commit: str  # the short git commit, or "unknown"
    date: str  # ISO date of the build; for a source checkout, the commit's date
    source: str  # "build" (an installed app) or "checkout"

    def line(self) -> str:
        """One line for `povdesk --version` and the About box."""
        if self.source == "build":
            return f"povdesk {self.version} (commit {self.commit}, built {self.date})"
        return f"povdesk {self.version} (commit {self.commit} of {self.date}, source checkout)"


@cache
def build_info() -> BuildInfo:
    if BUILD_INFO.is_file():
        data = json.loads(BUILD_INFO.read_text(encoding="utf-8"))
        return BuildInfo(
            version=str(data.get("version", __version__)),
            commit=str(data.get("commit", UNKNOWN)),
            date=str(data.get("date", UNKNOWN)),
            source="build",
        )
    commit, date = git_commit(BUILD_INFO.parent.parent)
    return BuildInfo(__version__, commit, date, "checkout")


def git_commit(folder: Path) -> tuple[str, str]:
    """(short commit, its date) of the checkout `folder` is in; "unknown" without git.
    A tree with uncommitted changes says so ("+changes"): it is not that commit."""
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%h %cs"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.split()
        dirty = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN, UNKNOWN
    if len(out) != 2:
        return UNKNOWN, UNKNOWN
    return out[0] + ("+changes" if dirty else ""), out[1]


def write_build_info(path: Path, folder: Path) -> BuildInfo:
    """Written by the build: the commit of the checkout `folder` and today's date (UTC)."""
    commit, _ = git_commit(folder)
    info = BuildInfo(__version__, commit, dt.datetime.now(dt.UTC).date().isoformat(), "build")
    data = {"version": info.version, "commit": info.commit, "date": info.date}
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    return info
