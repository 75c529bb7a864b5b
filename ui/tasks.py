"""The one way to run background work in the window (as Anki's taskman and Picard's
thread helper): run, progress, cancel, and the split between the user's error and a bug.

Long work runs on a worker thread; its result or its exception comes back to the GUI
thread through a signal, so the window never freezes and no exception is lost inside a
thread. Callbacks run on the GUI thread. How a failure is shown is decided here, once
(engineering.md §8): a cancel is no failure; a `UserError` is the user's world, shown
where the caller says (inline, in the window's language) or else in a message box in
Chinese and English; anything else is a bug, logged with its traceback and reported
through the crash dialog that names the log file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from povdesk.errors import UserError


class Cancelled(Exception):
    """Raised on the worker once the user pressed cancel (or newer work superseded this
    one); `done` carries what was finished before, if the work keeps it."""

    def __init__(self, done: Any = None) -> None:
        super().__init__("cancelled")
        self.done = done


class Task(QObject):
    """One piece of background work as both threads see it. The worker calls `step()`
    (progress, and the point where a cancel takes effect) and `cancelled()`; the GUI
    thread connects to `progress` and calls `cancel()`."""

    progress = Signal(int, int, object)  # (done, total, item), queued to the GUI thread
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)  # lives in the GUI thread: its signals are delivered there
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def step(self, done: int, total: int, item: object = None) -> None:
        """On the worker: report progress; stop here if the user pressed cancel."""
        if self._stop.is_set():
            raise Cancelled
        self.progress.emit(done, total, item)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Task], Any], task: Task) -> None:
        super().__init__()
        self.fn = fn
        self.task = task

    def run(self) -> None:
        try:
            result = self.fn(self.task)
        except Exception as exc:  # handed to the GUI thread, never swallowed
            self.task.failed.emit(exc)
        else:
            self.task.done.emit(result)


def report(
    parent: QWidget | None,
    exc: BaseException,
    where: str,
    on_error: Callable[[UserError], None] | None = None,
) -> None:
    """The one split between the user's error and a bug. A `UserError` goes to
    `on_error` (the caller shows it inline) or else to the message box in both
    languages; anything else is a bug: its traceback goes to the log and the crash
    dialog names the log file."""
    from povdesk.logs import log_crash
    from ui import messages

    if isinstance(exc, UserError):
        if on_error is not None:
            on_error(exc)
        else:
            messages.user_error(parent, exc)
        return
    try:
        raise exc
    except BaseException:  # re-raised here so the log gets its traceback
        messages.crash(parent, log_crash(where))


class TaskManager(QObject):
    def __init__(self, parent: QObject | None = None, where: str = "background work") -> None:
        """`where`: what the crash log says was running when a bug came back."""
        super().__init__(parent)
        self.where = where
        self.pool = QThreadPool(self)
        # One worker: database writes are serialised, and reads never race a write.
        self.pool.setMaxThreadCount(1)
        self._running: set[Task] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[UserError], None] | None = None,
        *,
        after: Callable[[], None] | None = None,
        on_cancelled: Callable[[Cancelled], None] | None = None,
    ) -> Task:
        """Run `fn()` on the worker; see `start` for the callbacks."""
        return self.start(
            lambda _task: fn(), on_done, on_error, after=after, on_cancelled=on_cancelled
        )

    def start(
        self,
        fn: Callable[[Task], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[UserError], None] | None = None,
        *,
        after: Callable[[], None] | None = None,
        on_cancelled: Callable[[Cancelled], None] | None = None,
        on_progress: Callable[[int, int, object], None] | None = None,
        task: Task | None = None,
    ) -> Task:
        """Run `fn(task)` on the worker (it reports progress and meets a cancel through
        `task.step`). Back on the GUI thread: `after()` first whatever the outcome (the
        caller's "no longer busy"), then exactly one of `on_done(result)`,
        `on_cancelled(exc)`, `on_error(user_error)` or the bug route (`report`).
        `task`: one made beforehand (`new_task`), for a caller that connects to it
        before the work starts."""
        task = task or self.new_task()
        self._running.add(task)
        if on_progress is not None:
            task.progress.connect(on_progress)

        def finish() -> None:
            self._running.discard(task)
            task.deleteLater()
            if after is not None:
                after()

        def succeeded(value: Any) -> None:
            finish()
            on_done(value)

        def failed(exc: Exception) -> None:
            finish()
            if isinstance(exc, Cancelled):
                if on_cancelled is not None:
                    on_cancelled(exc)
                return
            report(self._window(), exc, self.where, on_error)

        task.done.connect(succeeded)
        task.failed.connect(failed)
        self.pool.start(_Job(fn, task))
        return task

    def new_task(self) -> Task:
        return Task(self)

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent.window() if isinstance(parent, QWidget) else None

    def busy(self) -> bool:
        """Work running, waiting, or not yet reported back to the GUI thread."""
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)


def with_progress(task: Task, text: str, maximum: int, parent: QWidget | None) -> QProgressDialog:
    """A modal progress dialog for `task`: its cancel button cancels the task, and it
    closes itself when the task ends, whatever the outcome."""
    from ui.i18n import tr

    dialog = QProgressDialog(text, tr("取消"), 0, maximum, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def update(done: int, total: int, _item: object) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    task.progress.connect(update)
    dialog.canceled.connect(task.cancel)
    for signal in (task.done, task.failed):
        signal.connect(lambda *_: dialog.reset())
    return dialog
