"""The one background-work helper (as Anki's taskman and Picard's thread helper).

Long work runs on a worker thread; its result or its exception comes back to the GUI
thread through a signal, so the window never freezes and no exception is lost inside a
thread. Callbacks run on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the GUI thread, never swallowed
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


class TaskManager(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        # One worker: database writes are serialised, and reads never race a write.
        self.pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        relay = _Relay(self)  # lives in the GUI thread: its signals are delivered there
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            callback(value)

        relay.done.connect(lambda value: finish(on_done, value))
        relay.failed.connect(lambda exc: finish(on_error, exc))
        self.pool.start(_Job(fn, relay))

    def busy(self) -> bool:
        """Work running, waiting, or not yet reported back to the GUI thread."""
        return bool(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
