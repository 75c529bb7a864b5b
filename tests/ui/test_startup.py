"""Starting the window where it cannot start: no display, or Qt's X11 libraries missing,
each said plainly instead of Qt aborting the process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ui.app import missing_libraries

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_is_said_plainly_and_names_the_command_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no DISPLAY, no QT_QPA_PLATFORM
    done = subprocess.run(
        [sys.executable, "-m", "app.main", "gui", "--db", str(tmp_path / "x.sqlite")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2  # the window did not open: not a success
    assert "没有可用的显示器" in done.stderr and "no display" in done.stderr
    assert "povdesk summary" in done.stderr
    assert not (tmp_path / "x.sqlite").exists()  # nothing was created


def test_missing_x11_libraries_are_named_with_their_packages(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(sys, "platform", "linux")
    missing = missing_libraries(lambda name: None if name == "xcb-cursor" else f"lib{name}.so")
    assert missing == ["libxcb-cursor0"]
    assert missing_libraries(lambda name: f"lib{name}.so") == []


def test_no_check_when_a_platform_is_chosen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert missing_libraries(lambda name: None) == []
