"""The store's change notices on the GUI thread (Anki's `operation_did_execute`): the
store calls its listeners after every committed transaction, from whichever thread
committed it; here they cross to the GUI thread by a signal and are gathered until the
event loop is free, so one saved form (often a few transactions) is one refresh."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from PySide6.QtCore import QObject, QTimer, Signal

from povdesk.changes import Changes
from povdesk.store import Store


def merged(a: Changes, b: Changes) -> Changes:
    out = Changes(households=a.households | b.households, villages=a.villages | b.villages)
    out.tables = a.tables | b.tables
    for kind in ("created", "updated", "deleted"):
        into: dict[str, set[str]] = getattr(out, kind)
        for part in (getattr(a, kind), getattr(b, kind)):
            for entity, ids in part.items():
                into.setdefault(entity, set()).update(ids)
    return out


def _forget(unsubscribe: Callable[[], None]) -> Callable[[], None]:
    """Unsubscribes once, holding no reference to the notices' Qt object (a destroyed
    window's notices stop with it)."""

    def done() -> None:
        with suppress(ValueError):  # stopped already
            unsubscribe()

    return done


class Notices(QObject):
    """`changed(changes)`: what was committed since the last time, merged."""

    changed = Signal(object)
    _heard = Signal(object)  # from the committing thread; queued to the GUI thread

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: Changes | None = None
        self.held = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._flush)
        self._heard.connect(self._gather)
        self._unsubscribe = store.subscribe(self._listener)
        self.destroyed.connect(_forget(self._unsubscribe))

    def stop(self) -> None:
        """No more notices (the window closes)."""
        _forget(self._unsubscribe)()
        self.clear()

    def clear(self) -> None:
        """Forget what was gathered: a full load that starts now reads all of it."""
        self._pending = None
        self._timer.stop()

    def hold(self) -> None:
        """Keep what is heard until `release` (the window is re-checking what it heard
        last, and takes up the rest from that result)."""
        self.held = True

    def release(self) -> None:
        self.held = False
        if self._pending:
            self._timer.start()  # after the result is shown: the timer waits for the loop

    def _listener(self, changes: Changes) -> None:
        try:
            self._heard.emit(changes)
        except RuntimeError:  # the Qt object is gone; the store lives on
            _forget(self._unsubscribe)()

    def _gather(self, changes: Changes) -> None:
        self._pending = changes if self._pending is None else merged(self._pending, changes)
        self._timer.start()

    def _flush(self) -> None:
        if self.held:
            return
        pending, self._pending = self._pending, None
        if pending:
            self.changed.emit(pending)
