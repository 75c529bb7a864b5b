"""Printing from the main window: one household's papers, the village's, and the list's,
made off the GUI thread and shown in the preview."""

from __future__ import annotations

import io

from pypdf import PdfReader

from povdesk.store import Store
from tests.ui.test_main_window import loaded, shown
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
