"""The sync menu of the main window and the sync state on the household page."""

from __future__ import annotations

from povdesk.store import Store
from tests.ui.test_main_window import loaded
from ui.conflicts import ConflictScreen
from ui.sync_export import ExportDialog
from ui.sync_import import ImportDialog


def test_the_household_page_says_how_it_stands_with_the_county(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.table.selectRow(0)
    qtbot.waitUntil(lambda: window.sync.states != {})
    qtbot.waitUntil(lambda: "同步：" in window.detail.toPlainText())
    assert "公钥" in window.detail.toPlainText()  # no county trusted yet: it says so


def test_the_sync_menu_opens_export_import_and_conflicts(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    menu = window.sync_button.menu()
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert texts == ["导出同步包…", "导入同步包…", "处理冲突…", "", "密钥与信任…"]
    export = window.sync.export()
    qtbot.addWidget(export)
    assert isinstance(export, ExportDialog)
    imp = window.sync.import_()
    qtbot.addWidget(imp)
    assert isinstance(imp, ImportDialog)
    conflicts = window.sync.conflicts()
    qtbot.addWidget(conflicts)
    assert conflicts.findChild(ConflictScreen) is not None


def test_keys_and_trust_from_the_sync_menu(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from exports.bundle import keys

    window = loaded(qtbot, village)
    dialog = window.sync.keys()
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text() == keys.identity(village).fingerprint
