"""Batch printing of a filtered list: one PDF for many households, made off the GUI thread
by the one background-work helper, with progress and a cancel button."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from exports.pdf import KINDS, Request, render
from povdesk.store import Store
from ui.i18n import tr
from ui.tasks import TaskManager


class Cancelled(Exception):
    """Raised inside the build when the user pressed cancel."""


class BatchPrint(QObject):
    """`progress(done, total)` while it runs; then exactly one of `finished(pdf bytes)`,
    `cancelled()` or `failed(exception)`, all delivered on the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)  # the PDF, bytes
    cancelled = Signal()
    failed = Signal(object)

    def __init__(
        self,
        store: Store,
        household_ids: list[str],
        kind: str,
        tasks: TaskManager,
        parent: QObject | None = None,
        printed_by: str | None = None,
    ) -> None:
        """`printed_by`: the cadre's name the footer carries."""
        super().__init__(parent)
        self.store = store
        self.printed_by = printed_by
        self.request = Request(kind, households=tuple(household_ids))
        self.tasks = tasks
        self._stop = threading.Event()

    def start(self) -> None:
        self.tasks.run(self._work, self._done, self._error)

    def cancel(self) -> None:
        self._stop.set()

    def _work(self) -> bytes:  # on the worker thread
        def step(done: int, total: int) -> None:
            if self._stop.is_set():
                raise Cancelled
            self.progress.emit(done, total)  # queued to the GUI thread

        return render(self.store, self.request, progress=step, printed_by=self.printed_by)

    def _done(self, pdf: object) -> None:
        assert isinstance(pdf, bytes)
        self.finished.emit(pdf)

    def _error(self, exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            self.cancelled.emit()
        else:
            self.failed.emit(exc)


def with_progress(job: BatchPrint, parent: QWidget | None, lang: str = "zh") -> QProgressDialog:
    """A modal progress dialog whose cancel button cancels the job; closes itself at the
    end. `job.start()` is left to the caller, after it has connected its own slots."""
    zh = lang == "zh"
    name = KINDS[job.request.kind]
    dialog = QProgressDialog(
        f"正在生成{name}…" if zh else f"Making the {job.request.kind} PDF…",
        tr("取消"),
        0,
        len(job.request.households),
        parent,
    )
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def update(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    job.progress.connect(update)
    dialog.canceled.connect(job.cancel)
    for signal in (job.finished, job.cancelled, job.failed):
        signal.connect(lambda *_: dialog.reset())
    return dialog
