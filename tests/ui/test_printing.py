"""Printing from the main window: one household's papers, the village's, and the list's,
made off the GUI thread and shown in the preview."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate

from povdesk.store import Store
from tests.exports.conftest import flat
from tests.exports.monitored import Monitored, build
from tests.ui.test_main_window import loaded, shown
from ui import messages
from ui.main_window import MainWindow
from ui.notice_dialog import MonitorNoticeDialog
from ui.print_view import PrintView


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_households_handbook_opens_in_the_preview(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.table.selectRow(1)  # 0002
    menu = window.print_button.menu()
    assert menu is not None
    handbook = next(a for a in menu.actions() if a.text() == "扶贫手册")
    handbook.trigger()
    qtbot.waitUntil(lambda: window.printing.preview is not None, timeout=20_000)
    preview = window.printing.preview
    assert isinstance(preview, PrintView)
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1)
    assert "向德2" in text_of(preview.data)


def test_batch_print_covers_exactly_the_listed_households(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.search.setText("0001")
    window.refresh()
    assert shown(window) == ["0001"]
    job = window.printing.run("card", tuple(window.listed_ids()))
    assert job is not None
    qtbot.waitUntil(lambda: window.printing.preview is not None, timeout=20_000)
    text = text_of(window.printing.preview.data)  # type: ignore[union-attr]
    assert "向德1" in text and "向德2" not in text


def test_an_empty_list_prints_nothing(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    assert window.printing.run("handbook", ()) is None
    assert window.printing.preview is None


# -- the 监测对象公示, asked for in a dialog ------------------------------------------------


@pytest.fixture(scope="module")
def monitored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Monitored]:
    got = build(tmp_path_factory.mktemp("ui-monitor") / "demo.sqlite")
    yield got
    got.store.close()


def masked(store: Store, number: str) -> str:
    head = store.households.files(household_ids=[store.households.get(number).id])[0].head
    assert head is not None and head.id_number
    return store.config.mask_id(head.id_number)


def notice_from_menu(qtbot, window: MainWindow, variant: str) -> MonitorNoticeDialog:  # type: ignore[no-untyped-def]
    menu = window.village_print.menu()
    assert menu is not None
    entry = next(a for a in menu.actions() if a.text() == "监测对象公示…")
    entry.trigger()
    dialog = window.printing.notice_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.variant.setCurrentIndex(dialog.variant.findData(variant))
    dialog.start.setDate(QDate(2026, 7, 1))
    return dialog


def saved(qtbot, window: MainWindow, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """The preview's PDF saved to a file (no printer here); its text."""
    qtbot.waitUntil(lambda: window.printing.preview is not None, timeout=30_000)
    preview = window.printing.preview
    assert preview is not None
    path = tmp_path / "notice.pdf"
    preview.ask_path = lambda: path  # type: ignore[method-assign]
    assert preview.save_as() == path
    return flat(text_of(path.read_bytes()))


def test_the_inclusion_notice_prints_from_the_village_menu(  # type: ignore[no-untyped-def]
    qtbot, monitored: Monitored, tmp_path: Path, monkeypatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _parent, text: told.append(text))
    store = monitored.store
    window = loaded(qtbot, store)
    dialog = notice_from_menu(qtbot, window, "识别")
    dialog.days.setValue(6)
    dialog.accept()
    text = saved(qtbot, window, tmp_path)
    assert "拟纳入防止返贫监测对象名单" in text
    assert "公示期为2026年7月1日至2026年7月6日，共6天" in text
    for number in monitored.named:
        assert masked(store, number) in text
    assert masked(store, monitored.clean) not in text
    assert told == []  # nobody left out


def test_the_elimination_notice_names_who_was_left_out(  # type: ignore[no-untyped-def]
    qtbot, monitored: Monitored, tmp_path: Path, monkeypatch
) -> None:
    told: list[str] = []
    monkeypatch.setattr(messages, "info", lambda _parent, text: told.append(text))
    store = monitored.store
    window = loaded(qtbot, store)
    dialog = notice_from_menu(qtbot, window, "风险消除")
    dialog.accept()
    text = saved(qtbot, window, tmp_path)
    assert "拟标注风险消除的监测对象" in text
    assert masked(store, monitored.clean) in text
    assert masked(store, monitored.spoiled) not in text
    qtbot.waitUntil(lambda: bool(told))
    assert len(told) == 1
    assert "以下 1 户未列入本次公示：" in told[0]
    assert monitored.spoiled in told[0] and "不符合风险消除条件" in told[0]
    assert monitored.clean not in told[0]


def test_a_four_day_notice_is_refused_in_the_dialog(qtbot, monitored: Monitored) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, monitored.store)
    dialog = notice_from_menu(qtbot, window, "风险消除")
    assert dialog.days.value() == 5  # the least the setting allows, offered first
    dialog.days.setValue(4)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.message.text() == "监测对象公示期不能少于 5 天（现为 4 天）。"
    assert window.printing.job is None  # nothing made
    dialog.days.setValue(5)
    assert dialog.message.text() == ""


def test_the_refusal_speaks_english_in_an_english_window(  # type: ignore[no-untyped-def]
    qtbot, english, monitored: Monitored
) -> None:
    dialog = MonitorNoticeDialog(monitored.store, "en")
    qtbot.addWidget(dialog)
    assert dialog.variant.itemText(1) == "Monitoring notice (risk eliminated)"
    dialog.days.setValue(4)
    dialog.accept()
    assert dialog.message.text() == (
        "A monitoring notice must be posted for at least 5 days (got 4)."
    )
