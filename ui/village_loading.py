"""Loading the main window's village: the whole village checked in the background
(`load`), and after a saved edit only the households it touched (`_store_changed`).
Part of `MainWindow` (ui/main_window.py), kept apart to keep that file small."""

from __future__ import annotations

from typing import TYPE_CHECKING

from povdesk.changes import Changes
from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.services.recheck import Recheck, recheck
from povdesk.store import Store
from ui.dashboard import SEVENTY, Activity, Dashboard
from ui.i18n import tr
from ui.monitoring_tab import MonitoringTab
from ui.notices import Notices
from ui.sync_menu import SyncMenu
from ui.tasks import TaskManager
from ui.village_view import VillageView

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QPushButton, QStatusBar


class VillageLoading:
    """Mixed into `MainWindow`, whose parts it uses."""

    if TYPE_CHECKING:
        store: Store
        tasks: TaskManager
        notices: Notices
        stop_button: QPushButton
        dashboard: Dashboard
        sync: SyncMenu
        checking: SignalInstance
        ctx: RuleContext | None
        view: VillageView | None
        _generation: int
        _loading: bool
        _updating: bool
        _select_after_load: str | None
        monitoring: MonitoringTab

        def statusBar(self) -> QStatusBar: ...
        def _show(self, view: VillageView) -> None: ...
        def _show_current(self) -> None: ...
        def _failed(self, exc: UserError) -> None: ...
        def _context_ready(self, ctx: RuleContext) -> None: ...

    def load(self) -> None:
        """Check the whole village off the GUI thread; the list fills in when done. A
        newer load (after another edit) makes an older one still checking stop early:
        at 100,000 households a check takes most of a minute."""
        self._generation += 1
        generation = self._generation
        self._loading = True
        self.notices.clear()  # this load reads what they say
        self.statusBar().showMessage(tr("正在核查全村…"))
        self.tasks.run(
            lambda: VillageView.quick(self.store, read_ahead=True),
            lambda view: self._listed(view, generation),
            self._load_failed,
        )

    def _listed(self, view: VillageView, generation: int) -> None:
        """The list is shown at once; then the checks the store keeps, at once too; the
        stale ones (records changed, a new day, other standards) are checked again last,
        while what was kept is shown marked as being updated."""
        if generation != self._generation:
            return
        self._show(view)
        self.tasks.run(
            lambda: view.complete(self.store, refresh=False, index=False),
            lambda kept: self._kept(kept, view, generation),
            self._load_failed,
        )

    def _kept(self, kept: VillageView, listed: VillageView, generation: int) -> None:
        """The kept checks are shown (readiness, filters, the overview); the search
        index, and the checks of the stale households, follow in the background."""
        if generation != self._generation:
            return
        # Nothing kept yet (a store from an older povdesk): the village is checked as
        # before; otherwise what was kept is shown, marked as being updated if stale.
        self._updating = bool(kept.checked_rows) and not kept.up_to_date
        if kept.checked_rows:
            self._show(kept)
            self._show_overview(kept)

        def stale() -> bool:  # asked from the worker between chunks
            return generation != self._generation

        if kept.up_to_date:
            self.tasks.run(
                lambda: kept.with_index(self.store),
                lambda view: None if stale() else self._loaded(view),
                self._load_failed,
            )
            return
        self.stop_button.show()
        self._checking(0, len(listed.order))
        self.tasks.start(
            lambda task: listed.complete(self.store, progress=task.step, cancelled=stale),
            lambda view: None if stale() else self._loaded(view),  # a newer load shows
            self._load_failed,
            after=self.stop_button.hide,  # a superseded check's next load shows it again
            on_progress=lambda done, total, _item: self.checking.emit(done, total),
        )

    def stop_checking(self) -> None:
        """The running check stops after its current chunk (the worker asks between
        chunks); Settings or any saved edit checks again."""
        self._generation += 1
        self._loading = False
        self.stop_button.hide()
        self._updating = False
        if self.view is not None and self.view.checked_rows:
            self.statusBar().showMessage(tr("已停止核查；表中和概况为上次核查的结果"))
        else:
            self.statusBar().showMessage(tr("已停止核查；筛选和可退出列要等下次核查"))

    def _checking(self, done: int, total: int) -> None:
        if self._updating:
            text = tr("核查结果更新中，表中为上次核查的结果… {0} / {1} 户")
        else:
            text = tr("正在核查全村… {0} / {1} 户")
        self.statusBar().showMessage(text.format(done, total))

    def _loaded(self, view: VillageView) -> None:
        self._loading = False
        self._updating = False
        self.stop_button.hide()
        self._show(view)
        self._select_after_load = None
        self.statusBar().clearMessage()
        self._show_overview(view)
        self.tasks.run(self.store.config.context, self._context_ready, self._failed)
        self.sync.load_states(self._show_current)

    def _load_failed(self, exc: UserError) -> None:
        self._loading = False
        self._failed(exc)

    def _store_changed(self, changes: Changes) -> None:
        """A saved change: the households it touched (and those it may have changed the
        findings of) are re-checked, not the whole village; a change beyond households
        (povdesk/services/recheck.py decides) checks the whole village again."""
        view = self.view
        if self._loading or view is None or view.ctx is None or view.tally is None:
            self.load()  # as before: a newer load supersedes one under way
            return
        generation, ctx = self._generation, view.ctx
        self.notices.hold()  # one re-check at a time, each from the last one's result
        self.tasks.run(
            lambda: recheck(self.store, changes, ctx),
            lambda fresh: self._rechecked(fresh, view, generation),
            self._failed,
            after=self.notices.release,
        )

    def _rechecked(self, fresh: Recheck | None, base: VillageView, generation: int) -> None:
        if generation != self._generation:  # a full load began since and reads it all
            return
        if fresh is None:
            self.load()
            return
        view = base.rechecked(self.store, fresh)
        self._show(view)
        self.ctx = fresh.ctx  # its duplicate ID numbers may have changed
        self._show_overview(view)
        self.sync.load_states(self._show_current)

    def _show_overview(self, view: VillageView) -> None:
        if view.summary is not None:
            seventy = len(view.ids("", SEVENTY))
            self.dashboard.show_summary(view.summary, seventy, outdated=view.outdated)
        self.tasks.run(
            lambda: Activity.load(self.store), self.dashboard.show_activity, self._failed
        )
        self.monitoring.load()  # after each change too: a lead ends a candidacy
