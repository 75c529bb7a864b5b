"""Issue 14 in the window: the About box (version, commit, build date, the bundled fonts
and libraries with their licences) and a double-clicked .pvb opening the import preview
(`povdesk FILE.pvb`), at the county and in the village, with nothing imported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import qVersion

from app import main as cli
from povdesk import version
from tests.conftest import snapshot
from tests.povdesk.sync.conftest import VILLAGE_A, Link, link, make_county, make_village, send
from ui.about import AboutDialog
from ui.county_window import CountyWindow
from ui.main_window import MainWindow
from ui.open_bundles import open_bundles


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    info = tmp_path / "build-info.json"
    info.write_text(json.dumps({"version": "1.2.3", "commit": "abc1234", "date": "2026-12-05"}))
    monkeypatch.setattr(version, "BUILD_INFO", info)
    version.build_info.cache_clear()
    yield
    version.build_info.cache_clear()


def test_about_box_shows_the_build_and_the_licences(qtbot, built) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.build.text()
    assert "1.2.3" in text and "abc1234" in text and "2026-12-05" in text
    assert dialog.build.toolTip() == "povdesk 1.2.3 (commit abc1234, built 2026-12-05)"
    rows = {name: (ver, licence) for name, ver, licence in dialog.rows}
    assert rows["Droid Sans Fallback（中文字体 / CJK font）"][1] == "Apache-2.0"
    assert rows["DejaVu Sans（数字与字母 / digits and letters）"][1].startswith("Bitstream Vera")
    assert rows["Qt"] == (qVersion(), "LGPL-3.0")
    assert rows["PySide6 (Qt for Python)"] == (PySide6.__version__, "LGPL-3.0")
    assert all(licence for _, _, licence in dialog.rows)
    # Every library row names the version the program runs with.
    assert all(ver for name, ver, _ in dialog.rows if "Sans" not in name)
    assert dialog.table.rowCount() == len(dialog.rows)


def test_the_village_window_opens_the_about_box(qtbot, village, built) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(village)
    qtbot.addWidget(window)
    [about] = [a for a in window.findChildren(type(window.actions()[0])) if a.text() == "关于"]
    assert about.shortcut().toString() == "F1"
    about.trigger()
    [dialog] = window.findChildren(AboutDialog)
    assert dialog.isVisible() and "abc1234" in dialog.build.text()


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Link]:
    village = make_village(tmp_path, VILLAGE_A, households=3)
    county = make_county(tmp_path)
    link(village, county, tmp_path)
    yield Link(village, county, tmp_path)
    village.close()
    county.close()


def test_a_bundle_opened_at_the_county_shows_its_preview(qtbot, stores: Link) -> None:  # type: ignore[no-untyped-def]
    bundle = send(stores.village, stores.folder)
    before = snapshot(stores.county)
    window = CountyWindow(stores.county)
    qtbot.addWidget(window)
    window.show()
    window.load()
    dialog = open_bundles(window, [bundle])
    with qtbot.waitSignal(dialog.previewed, timeout=30_000):
        pass
    assert dialog.isVisible() and dialog.files.item(0).text() == bundle.name
    assert "尚未保存" in dialog.heading.text() and "涉及 3 户" in dialog.details.text()
    assert dialog.import_button.isEnabled()
    qtbot.waitUntil(window.idle)
    assert snapshot(stores.county) == before  # a preview, nothing imported
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.import_button.click()
    assert snapshot(stores.county) != before


def test_a_return_bundle_opened_in_the_village_shows_its_preview(qtbot, stores: Link) -> None:  # type: ignore[no-untyped-def]
    stores.to_county()
    back = send(stores.county, stores.folder, to=VILLAGE_A)
    window = MainWindow(stores.village)
    qtbot.addWidget(window)
    window.show()
    window.load()
    dialog = open_bundles(window, [back])
    with qtbot.waitSignal(dialog.previewed, timeout=30_000):
        pass
    assert dialog.parent() is window and dialog.files.item(0).text() == back.name
    assert "尚未保存" in dialog.heading.text()
    qtbot.waitUntil(lambda: window.view is not None and window.view.checked)


def test_povdesk_with_bundle_files_opens_the_window_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, object, list[Path]]] = []
    import ui.app

    monkeypatch.setattr(ui.app, "run", lambda db, lang, bundles: seen.append((db, lang, bundles)))
    a, b = tmp_path / "422823107205-000001.pvb", tmp_path / "X.PVB"
    cli.main([str(a), str(b)])
    assert seen[-1][2] == [a, b]
    cli.main(["gui", "--db", str(tmp_path / "v.sqlite"), str(a)])
    assert seen[-1] == (str(tmp_path / "v.sqlite"), None, [a])
    cli.main([])
    assert seen[-1][2] == []


def test_a_command_keeps_its_own_bundle_arguments(tmp_path: Path) -> None:
    parser = cli.build_parser()
    argv = ["import", "--db", "c.sqlite", "a.pvb"]
    assert cli.opened_bundles(parser, argv) == (argv, [])
