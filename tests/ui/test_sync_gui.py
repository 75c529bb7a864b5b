"""The sync dialogs through their real widgets, between a real village and county store
that trust each other: export to a folder, preview and import at the county, conflicts
resolved on the review screen (audited), a tampered bundle refused with nothing changed.
The file dialogs are the dialogs' replaceable methods."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from exports.bundle import writer
from povdesk.store import Store
from povdesk.sync import ledger
from povdesk.sync.state import household_sync_state
from tests.conftest import snapshot
from tests.povdesk.sync.conftest import (
    VILLAGE_A,
    Link,
    link,
    make_county,
    make_village,
    receive,
    send,
)
from ui.conflicts import ConflictScreen
from ui.settings_dialog import app_settings
from ui.sync_export import LAST_FOLDER, ExportDialog
from ui.sync_import import ImportDialog
from ui.sync_state import household_label
from ui.tasks import TaskManager

HOUSEHOLDS = 4


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Link]:
    village = make_village(tmp_path, VILLAGE_A, households=HOUSEHOLDS)
    county = make_county(tmp_path)
    link(village, county, tmp_path)
    yield Link(village, county, tmp_path)
    village.close()
    county.close()


@pytest.fixture
def tasks(qapp) -> Iterator[TaskManager]:  # type: ignore[no-untyped-def]
    manager = TaskManager()
    yield manager
    manager.wait()


def export_dialog(qtbot, store: Store, tasks: TaskManager, lang: str = "zh") -> ExportDialog:  # type: ignore[no-untyped-def]
    dialog = ExportDialog(store, tasks, lang)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    return dialog


def import_dialog(qtbot, store: Store, tasks: TaskManager, lang: str = "zh") -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(store, tasks, lang)
    qtbot.addWidget(dialog)
    return dialog


def choose(qtbot, dialog: ImportDialog, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    dialog.choose_files = lambda: [str(p) for p in paths]  # type: ignore[method-assign]
    button = [
        b for b in dialog.findChildren(type(dialog.import_button)) if b.text() == "选择数据包…"
    ]
    button[0].click()
    qtbot.waitUntil(lambda: not dialog.busy)


def cells(dialog: ImportDialog) -> dict[str, list[str]]:
    """kind -> [created, updated, unchanged, deleted, conflicts]"""
    t = dialog.table
    return {
        t.item(r, 1).text(): [t.item(r, c).text() for c in range(2, 7)] for r in range(t.rowCount())
    }


def test_export_then_preview_and_import_at_the_county(qtbot, stores: Link, tasks, tmp_path) -> None:  # type: ignore[no-untyped-def]
    v, c = stores.village, stores.county
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = export_dialog(qtbot, v, tasks)
    assert dialog.peer.count() == 1 and "巴东县" in dialog.peer.currentText()
    summary = dialog.summary.text()
    assert "第 1 号同步包" in summary
    assert f"改动涉及 {HOUSEHOLDS} 户" in summary
    assert f"户：{HOUSEHOLDS} 条记录，0 条删除" in summary
    assert dialog.export_button.isEnabled()

    dialog.choose_folder = lambda: str(usb)  # type: ignore[method-assign]
    [browse] = [b for b in dialog.findChildren(type(dialog.export_button)) if b.text() == "选择…"]
    browse.click()
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as sent:
        dialog.export_button.click()
    done = sent.args[0]
    assert done.path.parent == usb and done.path.exists() and done.seq == 1
    assert [p.name for p in usb.iterdir()] == [done.path.name]  # no temporary file left
    assert done.path.name in dialog.outcome.text() and dialog.message.text() == ""
    assert app_settings().value(LAST_FOLDER) == str(usb)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.seq == 2)
    assert "第 2 号同步包" in dialog.summary.text()

    before = snapshot(c)
    importer = import_dialog(qtbot, c, tasks)
    with qtbot.waitSignal(importer.previewed, timeout=30_000):
        choose(qtbot, importer, [done.path])
    assert snapshot(c) == before  # the preview changed nothing
    assert cells(importer)["户"][0] == str(HOUSEHOLDS)
    assert f"涉及 {HOUSEHOLDS} 户" in importer.details.text()
    assert "尚未保存" in importer.heading.text() and importer.import_button.isEnabled()

    with qtbot.waitSignal(importer.imported, timeout=30_000) as got:
        importer.import_button.click()
    [summary_] = got.args[0]
    assert summary_.sender == f"{v.meta()['name']} ({VILLAGE_A})" and summary_.report.seq == 1
    assert sorted(c.households.ids()) == sorted(v.households.ids())
    assert cells(importer)["户"][0] == str(HOUSEHOLDS)
    assert importer.heading.text() == "已导入：" and not importer.import_button.isEnabled()
    with c.read() as conn:
        assert [e.seq for e in ledger.entries(conn, "in", v.store_id)] == [1]


def test_no_trusted_peer_says_so(qtbot, tmp_path: Path, tasks) -> None:  # type: ignore[no-untyped-def]
    alone = make_village(tmp_path, VILLAGE_A, households=1)
    try:
        dialog = ExportDialog(alone, tasks)
        qtbot.addWidget(dialog)
        assert dialog.peer.count() == 0 and not dialog.export_button.isEnabled()
        text = dialog.message.text()
        # What to do, where in the window: never a command-line option.
        assert "还没有信任县里的公钥" in text and "同步 › 密钥与信任…" in text
        assert "--to" not in text
    finally:
        alone.close()


def test_missing_folder_is_an_inline_error(qtbot, stores: Link, tasks, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = export_dialog(qtbot, stores.village, tasks)
    dialog.folder.setText(str(tmp_path / "not-there"))
    dialog.export_button.click()
    assert "请选择一个存在的文件夹" in dialog.message.text()
    with stores.village.read() as conn:
        assert ledger.entries(conn, "out", stores.county.store_id) == []


def test_tampered_bundle_is_refused_inline_and_nothing_changes(qtbot, stores: Link, tasks) -> None:  # type: ignore[no-untyped-def]
    v, c = stores.village, stores.county
    path = send(v, stores.folder)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    before = snapshot(c)
    for lang, words in (("zh", "未导入"), ("en", "nothing was imported")):
        dialog = import_dialog(qtbot, c, tasks, lang)
        choose(qtbot, dialog, [path])
        assert words in dialog.message.text()
        assert not dialog.import_button.isEnabled() and dialog.table.rowCount() == 0
        dialog.start_import()  # refused: nothing passed the preview
        assert not dialog.busy
    assert snapshot(c) == before


def make_conflicts(stores: Link) -> str:
    """Both sides change the same household's address and planned exit year."""
    v, c = stores.village, stores.county
    receive(c, send(v, stores.folder))
    receive(v, send(c, stores.folder, to=VILLAGE_A))
    hh = sorted(v.households.ids())[0]
    v.households.update(hh, {"address": "村里的写法", "planned_exit_year": 2019})
    c.households.update(hh, {"address": "县里的写法", "planned_exit_year": 2020})
    [report] = receive(c, send(v, stores.folder))
    assert report.conflicts == 2
    return hh


def test_conflicts_are_reviewed_and_resolved_with_audit(qtbot, stores: Link) -> None:  # type: ignore[no-untyped-def]
    c = stores.county
    hh = make_conflicts(stores)
    number = c.households.get(hh).number
    screen = ConflictScreen(c, "zh")
    qtbot.addWidget(screen)
    rows = {
        screen.table.item(r, 2).text(): [screen.table.item(r, k).text() for k in range(5)]
        for r in range(screen.table.rowCount())
    }
    assert rows["详细地址"] == [number, "户", "详细地址", "县里的写法", "村里的写法"]
    assert rows["计划脱贫年度"] == [number, "户", "计划脱贫年度", "2020", "2019"]
    assert screen.empty.isHidden()

    row = next(r for r in range(2) if screen.table.item(r, 2).text() == "详细地址")
    screen.table.selectRow(row)
    with qtbot.waitSignal(screen.resolved):
        qtbot.mouseClick(screen.remote_button, Qt.MouseButton.LeftButton)
    assert c.households.get(hh).address == "村里的写法"
    last = c.audit.history("household", hh)[-1]
    assert last["actor"] == c.actor and "村里的写法" in last["after"]
    assert screen.table.rowCount() == 1 and screen.table.item(0, 2).text() == "计划脱贫年度"

    # A typed value is checked by the core: a word is refused inline, nothing written.
    screen.table.selectRow(0)
    screen.typed.setText("明年")
    screen.typed_button.click()
    assert "数据不合规" in screen.message.text() and screen.table.rowCount() == 1
    assert c.households.get(hh).planned_exit_year == 2020
    screen.typed.setText("2021")
    with qtbot.waitSignal(screen.resolved):
        screen.typed_button.click()
    assert c.households.get(hh).planned_exit_year == 2021
    with c.read() as conn:
        assert ledger.open_count(conn) == 0
        [closed] = [x for x in ledger.conflicts(conn) if x.field == "planned_exit_year"]
    assert closed.resolution == 2021 and closed.resolved_by == c.actor
    assert screen.table.isHidden() and not screen.empty.isHidden()
    assert screen.empty.text() == "没有待处理的冲突。"


def test_household_sync_label_follows_exports_and_receipts(qtbot, stores: Link, english) -> None:  # type: ignore[no-untyped-def]
    v, c = stores.village, stores.county
    hh = sorted(v.households.ids())[0]
    assert household_label(household_sync_state(v), hh) == "Changed since the last export"
    receive(c, send(v, stores.folder))
    assert household_label(household_sync_state(v), hh) == "Exported, awaiting the county"
    receive(v, send(c, stores.folder, to=VILLAGE_A))
    assert household_label(household_sync_state(v), hh) == "At the county"
    assert household_label(household_sync_state(v), "no-such-household") == ""


def test_the_import_report_names_what_to_confirm(qtbot, stores: Link, tasks, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The village's first bundle brings its monitoring history: each record already
    decided is named in the report for the county to confirm, and a status the county's
    own exit check refuses is named too (a cadre reads this, not the command line)."""
    v, c = stores.village, stores.county
    decided = sorted(
        v.households.get(r.household_id).number
        for r in v.monitoring.records()
        if r.state in ("1", "2", "3")
    )
    assert decided  # the demo village monitors a household
    exited = next(h for h in v.households.all() if h.status == "3")
    v.households.update(exited.id, {"water_safe": False})  # its exit no longer holds
    usb = tmp_path / "usb"
    usb.mkdir()
    done = writer.export(v, usb)
    importer = import_dialog(qtbot, c, tasks)
    with qtbot.waitSignal(importer.previewed, timeout=30_000):
        choose(qtbot, importer, [done.path])
    with qtbot.waitSignal(importer.imported, timeout=30_000):
        importer.import_button.click()
    text = importer.details.text()
    for number in decided:
        assert f"户 {number} 的监测记录第一次报来已是" in text and "请核实" in text
    assert f"户 {exited.number} 由对方标为已脱贫，本库核查仍不能通过：" in text
    assert "饮水" in text
