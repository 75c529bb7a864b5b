"""The packaging files agree with the code and the README (issue 14): the .deb's Depends
is the README's list of xcb libraries (and covers what the window checks for at start),
the desktop entry opens .pvb files, the icons have their sizes, and the spec lets in
every Qt module povdesk imports. The installed app itself is checked end to end by
scripts/check-dist.sh (CI)."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from ui.app import XCB_LIBRARIES

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"


def readme_xcb_list() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"`(libxcb-cursor0[^`]*)`", text, re.S)
    assert found, "the README lists the xcb libraries"
    return set(found.group(1).split())


def test_depends_is_the_readme_list_and_covers_the_start_check() -> None:
    depends = set((LINUX / "depends").read_text().split())
    assert depends == readme_xcb_list()
    assert set(XCB_LIBRARIES.values()) <= depends


def test_desktop_entry_opens_bundles_with_the_chinese_name() -> None:
    entry = dict(
        line.split("=", 1)
        for line in (LINUX / "povdesk.desktop").read_text(encoding="utf-8").splitlines()
        if "=" in line
    )
    assert entry["Name"] == "精准扶贫驻村工作台"
    assert entry["Exec"] == "/usr/bin/povdesk %F"  # main.opened_bundles takes the files
    assert entry["Icon"] == "povdesk"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(LINUX / "povdesk-mime.xml").getroot().find("m:mime-type", ns)
    assert mime is not None
    assert entry["MimeType"] == mime.get("type") + ";"
    glob = mime.find("m:glob", ns)
    assert glob is not None and glob.get("pattern") == "*.pvb"


def test_icons_have_their_sizes() -> None:
    ET.parse(ROOT / "resources" / "icons" / "povdesk.svg")  # the source parses
    for size in (48, 128, 256):
        data = (ROOT / "resources" / "icons" / f"povdesk-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)


def test_the_spec_lets_in_every_qt_module_povdesk_imports() -> None:
    spec = (ROOT / "packaging" / "povdesk.spec").read_text(encoding="utf-8")
    block = re.search(r"QT_USED = \{(.*?)\}", spec, re.S)
    assert block
    allowed = set(re.findall(r'"(Qt\w+)"', block.group(1)))
    imported = set()
    for folder in ("povdesk", "exports", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported and imported <= allowed, imported - allowed
    assert not {"QtWebEngineCore", "Qt3DCore", "QtQml", "QtMultimedia"} & allowed
