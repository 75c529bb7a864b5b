"""The print preview and batch printing, offscreen and without a printer; and every
printout's first page, rendered by QtPdf, is not blank."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from exports.pdf import KINDS, Request, render
from povdesk.store import Store
from tests.exports.conftest import make_demo
from ui.batch_print import BatchPrint, with_progress
from ui.print_view import PrintView
from ui.tasks import TaskManager


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = make_demo(tmp_path_factory.mktemp("ui-print") / "demo.sqlite")
    # A lead past the village review: the monitoring notice and the consent form have
    # a household to print.
    number = store.households.all()[0].number
    on = dt.date(2026, 6, 1)
    store.monitoring.add_lead(number, type="2", risks=["08"], source="2", on=on)
    store.monitoring.step(number, "home_check", on=on)
    store.monitoring.consent(number, on)
    store.monitoring.step(number, "village_review", on=on)
    yield store
    store.close()


def dark_share(image: QImage) -> float:
    """Share of sampled pixels that are dark (text, lines, the QR code)."""
    dark = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            total += 1
            dark += image.pixelColor(x, y).lightness() < 128
    return dark / total


@pytest.mark.parametrize("kind", list(KINDS))
def test_first_page_renders_with_ink(qtbot, demo: Store, kind: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(render(demo, Request(kind)))
    doc = QPdfDocument()
    assert doc.load(str(path)) == QPdfDocument.Error.None_
    image = doc.render(0, QSize(595, 842))
    assert not image.isNull()
    assert dark_share(image) > 0.005


def test_preview_shows_the_pages_saves_and_prints(qtbot, demo: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = render(demo, Request("handbook", households=(demo.households.all()[0].id,)))
    n = len(PdfReader(io.BytesIO(pdf)).pages)
    view = PrintView(pdf)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.document.pageCount() == n)
    assert view.count.text() == f"共 {n} 页"
    target = tmp_path / "saved.pdf"
    view.ask_path = lambda: target  # type: ignore[method-assign]
    assert view.save_as() == target
    assert target.read_bytes() == pdf
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert view.print_to(printer) == n
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == n
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_preview_in_english_from_a_file(qtbot, english, demo: Store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "card.pdf"
    path.write_bytes(render(demo, Request("card", households=(demo.households.all()[0].id,))))
    view = PrintView(path, lang="en")
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.document.pageCount() == 1)
    assert view.save_button.text() == "Save as PDF"
    assert view.count.text() == "1 pages"


def owner(qtbot) -> QWidget:  # type: ignore[no-untyped-def]
    """Jobs and the task helper belong to a window, as in the app (their lifetime)."""
    window = QWidget()
    qtbot.addWidget(window)
    return window


def test_batch_print_off_the_gui_thread(qtbot, demo: Store) -> None:  # type: ignore[no-untyped-def]
    window = owner(qtbot)
    tasks = TaskManager(window)
    ids = [h.id for h in demo.households.all()[:4]]
    job = BatchPrint(demo, ids, "card", tasks, window)
    dialog = with_progress(job, window)
    seen: list[tuple[int, int]] = []
    job.progress.connect(lambda d, t: seen.append((d, t)))
    with qtbot.waitSignal(job.finished, timeout=30_000) as done:
        job.start()
    pdf = done.args[0]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for h in demo.households.all()[:4]:
        assert h.number in text
    assert seen[-1] == (4, 4)
    assert not dialog.isVisible()  # closed itself at the end
    assert tasks.wait()


def test_batch_print_can_be_cancelled(qtbot, demo: Store) -> None:  # type: ignore[no-untyped-def]
    window = owner(qtbot)
    tasks = TaskManager(window)
    job = BatchPrint(demo, [h.id for h in demo.households.all()], "handbook", tasks, window)
    job.progress.connect(lambda *_: job.cancel())  # the user presses cancel at once
    got: list[object] = []
    job.finished.connect(got.append)
    with qtbot.waitSignal(job.cancelled, timeout=30_000):
        job.start()
    assert got == []
    assert tasks.wait()
