"""Batch printing of a filtered list: one PDF for many households, made off the GUI thread
by the one background-work helper (ui/tasks.py), with its progress and cancel."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from exports.pdf import KINDS, Rendered, Request, render_report
from exports.pdf.notice import LeftOut
from povdesk.store import Store
from ui import tasks as background
from ui.i18n import pick
from ui.tasks import Task, TaskManager


class BatchPrint(QObject):
    """`progress(done, total)` while it runs; then exactly one of `finished(pdf bytes)`,
    `cancelled()`, `failed(user error)` or, for a bug, the crash dialog (ui/tasks.py),
    all delivered on the GUI thread."""

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
        request: Request | None = None,
    ) -> None:
        """`printed_by`: the cadre's name the footer carries; `request`: a notice's
        variant, start and days, in place of `kind` and `household_ids`."""
        super().__init__(parent)
        self.store = store
        self.printed_by = printed_by
        self.request = request or Request(kind, households=tuple(household_ids))
        self.left_out: list[LeftOut] = []  # the households a notice left out
        self.tasks = tasks
        # Made now, so a progress dialog can follow it before the work starts.
        self.task: Task = tasks.new_task()
        self.task.progress.connect(lambda done, total, _item: self.progress.emit(done, total))

    def start(self) -> None:
        self.tasks.start(
            self._work,
            self._done,
            self.failed.emit,
            on_cancelled=lambda _exc: self.cancelled.emit(),
            task=self.task,
        )

    def cancel(self) -> None:
        self.task.cancel()

    def _work(self, task: Task) -> Rendered:  # on the worker thread
        return render_report(
            self.store, self.request, progress=task.step, printed_by=self.printed_by
        )

    def _done(self, done: object) -> None:
        assert isinstance(done, Rendered)
        self.left_out = done.left_out
        self.finished.emit(done.pdf)


def with_progress(job: BatchPrint, parent: QWidget | None, lang: str = "zh") -> QProgressDialog:
    """A modal progress dialog whose cancel button cancels the job; closes itself at the
    end. `job.start()` is left to the caller, after it has connected its own slots."""
    text = pick(lang, f"正在生成{KINDS[job.request.kind]}…", f"Making the {job.request.kind} PDF…")
    return background.with_progress(job.task, text, len(job.request.households), parent)
