"""The store's pages checked once the window shows its list (Store(check_later=True)).

At 100,000 households `PRAGMA quick_check` spent its whole two seconds before the window
could open. Now the window opens and reads first, and the check runs on a thread of its
own once the list is shown (run beside the first reads, it took a core from them: the
window came later, not sooner); nothing is written until it has passed (Store.tx waits
for it). When it finds the store damaged, the window closes without a backup of the
damaged file, and the newest good backup is offered exactly as it is when the damage is
found at start (ui/app.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from povdesk.errors import StoreDamaged, UserError

if TYPE_CHECKING:
    from povdesk.store import Store

POLL_MS = 100
# The check starts by then even if the list never came (a load that failed).
START_AT_LATEST = 10.0  # s

# What to do with a damaged store's error once its window is closed: the newest good
# backup offered (ui/app.py _offer_backup), giving the restored store or None.
Offer = Callable[[StoreDamaged], "Store | None"]
# A window for a store (the county's or the village's), shown and loading.
Reopen = Callable[["Store"], QMainWindow]


class PagesCheck:
    """Starts `store`'s check once `shown()` says the window shows its list, and watches
    it from the GUI thread. `window`: the one showing `store`; `window` and `store` name
    the ones in use once a backup was restored."""

    def __init__(
        self,
        window: QMainWindow,
        store: Store,
        offer: Offer,
        reopen: Reopen,
        shown: Callable[[], bool] = lambda: True,
    ) -> None:
        self.window, self.store = window, store
        self._offer, self._reopen, self._shown = offer, reopen, shown
        self._latest = time.monotonic() + START_AT_LATEST
        self._started = False
        self._timer = QTimer(window)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.look)
        self._timer.start()
        self.look()

    def look(self) -> None:
        if not self._started and (self._shown() or time.monotonic() > self._latest):
            self._started = True
            self.store.start_check()
        if not self._started or self.store.check_pending():
            return
        self._timer.stop()
        found = self.store.check_problem()
        if found is not None:
            self._refuse(found)

    def _refuse(self, found: UserError) -> None:
        from ui import messages

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        # The dialogs below come after the window has gone: the application must not
        # end with it.
        keep = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        try:
            self.window.close()  # no backup on closing: the store refuses its check
            self.store.close()
            restored = self._offer(found) if isinstance(found, StoreDamaged) else None
            if not isinstance(found, StoreDamaged):
                messages.user_error(None, found)
            if restored is None:
                app.exit(2)
                return
            self.store, self.window = restored, self._reopen(restored)
        finally:
            app.setQuitOnLastWindowClosed(keep)
