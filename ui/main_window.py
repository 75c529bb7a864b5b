"""The main window only wires things together: the household list (ui/list_pane.py), the
household pane (ui/household_pane.py), what its buttons do (ui/household_actions.py),
who is working (ui/worker_box.py), the overview, and loading the village."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
)

from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.services.lists import HouseholdFilter
from povdesk.store import Store
from ui import backup_page, messages
from ui.about import AboutDialog
from ui.attachments import AttachmentsDialog
from ui.cadre_form import CadreForm
from ui.dashboard import Dashboard
from ui.dialogs import HouseholdDialog
from ui.file_menu import FileMenu
from ui.first_day import FirstDay
from ui.fonts import app_font
from ui.household_actions import HouseholdActions
from ui.household_form import HouseholdForm
from ui.household_pane import HouseholdPane
from ui.i18n import said, tr
from ui.income_dialog import IncomeDialog
from ui.list_pane import ListPane
from ui.members_dialog import MembersDialog
from ui.money_dialog import MoneyDialog
from ui.monitoring_tab import MonitoringTab
from ui.notices import Notices
from ui.printing import Printing
from ui.settings_dialog import SettingsDialog, app_settings
from ui.standards_banner import StandardsBanner, with_banner
from ui.sync_menu import SyncMenu
from ui.tasks import TaskManager
from ui.village_loading import VillageLoading
from ui.village_view import VillageView
from ui.visit_form import VisitForm
from ui.worker_box import WorkerBox


class MainWindow(VillageLoading, QMainWindow):
    # (checked, total) while a village is checked, relayed from the task's progress.
    checking = Signal(int, int)

    def __init__(self, store: Store, lang: str = "zh") -> None:
        super().__init__()
        self._generation = 0  # each load() a new one; a superseded check stops early
        self.store = store
        self.lang = lang
        self.tasks = TaskManager(self, where="background work of the village window")
        self.setWindowTitle(tr("povdesk 精准扶贫驻村工作台"))
        self.resize(1280, 720)  # fits a 1366×768 screen with the task bar

        self.list_pane = ListPane(lang, self.statusBar(), self)
        # The list's pieces under the names the rest of the app (and its tests) use.
        lp = self.list_pane
        self.search, self.preset, self.filters = lp.search, lp.preset, lp.filters
        self.model, self.table, self.count = lp.model, lp.table, lp.count
        self._debounce = self.list_pane.debounce
        # Who is working: every change is attributed to this cadre in the audit log.
        self.worker = WorkerBox(store, lang, self)
        self.pane = HouseholdPane(store, lang, self.worker.current_cadre)
        self.detail, self.exit_panel = self.pane.detail, self.pane.exit_panel
        self.exit_panel.need_cadre = self.need_cadre
        # What an edit saved is heard from the store itself (the forms' own `changed`
        # signals need not be followed): `_store_changed` refreshes what it touched.
        self.notices = Notices(store, self)
        self.notices.changed.connect(self._store_changed)
        self._loading = False  # a full load is under way: an edit loads again instead
        self._updating = False  # it shows kept checks while the stale ones are redone
        self.household_actions = HouseholdActions(store, lang, self, self.worker, self.current_id)
        self.household_actions.registered = self._registered
        self.household_actions.files_changed = self._show_current
        for button, act in (
            (self.pane.visit_button, self.record_visit),
            (self.pane.edit_button, self.edit_household),
            (self.pane.members_button, self.edit_members),
            (self.pane.money_button, self.edit_money),
            (self.pane.income_button, self.edit_income),
            (self.pane.files_button, self.edit_attachments),
        ):
            button.clicked.connect(lambda _=False, act=act: act())
        self.visit_button, self.edit_button = self.pane.visit_button, self.pane.edit_button
        self.members_button, self.money_button = self.pane.members_button, self.pane.money_button
        self.income_button, self.files_button = self.pane.income_button, self.pane.files_button
        self.print_button = self.pane.print_button
        monitor: list[tuple[QAction, Callable[[], object]]] = [
            (self.pane.lead_action, self.household_actions.add_lead),
            (self.pane.consent_action, self.household_actions.record_consent),
            (self.pane.event_action, self.household_actions.record_event),
            (self.pane.step_action, self.household_actions.record_step),
            (self.pane.eliminate_action, self.household_actions.propose_elimination),
        ]
        for action, doing in monitor:
            action.triggered.connect(lambda _=False, doing=doing: doing())

        bar = QToolBar()
        bar.setMovable(False)
        bar.addWidget(self.search)
        bar.addWidget(self.preset)
        bar.addWidget(self.worker)
        new = QAction(tr("新增农户…"), self)
        new.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        new.triggered.connect(lambda: self.new_household())
        bar.addAction(new)
        # The village's papers and batch printing; its menu is filled below.
        self.village_print = QToolButton()
        self.village_print.setText(tr("打印"))
        self.village_print.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.village_print)
        self.sync_button = QToolButton()
        self.sync_button.setText(tr("同步"))
        self.sync_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.sync_button)
        settings = QAction(tr("设置…"), self)
        settings.setShortcut(QKeySequence(QKeySequence.StandardKey.Preferences))
        settings.triggered.connect(self.open_settings)
        bar.addAction(settings)
        about = QAction(
            tr("关于"), self, shortcut=QKeySequence(QKeySequence.StandardKey.HelpContents)
        )
        about.triggered.connect(self.open_about)
        bar.addAction(about)
        self.addToolBar(bar)
        # The list's own filters on a second row, added to the ready-made list above.
        filters = QToolBar()
        filters.setMovable(False)
        filters.addWidget(self.filters)
        self.addToolBarBreak()
        self.addToolBar(filters)
        home = store.villages.home()
        self.filters.set_groups(home.groups if home else [])

        self.printing = Printing(store, self.tasks, self, lang, self.current_id, self.listed_ids)
        self.printing.printed_by = self.printed_by
        self.print_button.setMenu(self.printing.household_menu())
        self.village_print.setMenu(self.printing.village_menu())
        self.sync = SyncMenu(store, self.tasks, self, lang, self.load, self._failed)
        self.sync_button.setMenu(self.sync.menu())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.pane)
        split.setSizes([700, 580])
        self.dashboard = Dashboard(lang)
        self.dashboard.chosen.connect(self.show_filter)
        self.dashboard.monitoring_chosen.connect(self.show_monitoring)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.dashboard)
        # An empty village shows what to do first instead of an empty list.
        self.first_day = FirstDay()
        self.first_day.new_household.connect(lambda: self.new_household())
        self.first_day.open_demo.connect(self.open_demo)
        self.households_page = QStackedWidget()
        self.list_page = split
        self.households_page.addWidget(split)
        self.households_page.addWidget(self.first_day)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.households_page, tr("农户"))
        self.tabs.addTab(scroll, tr("概况"))
        self.monitoring = MonitoringTab(store, self.tasks, lang)
        self.monitoring.failed = self._failed
        self.monitoring.open_household.connect(self.open_household)
        self.monitoring.add_lead.connect(
            lambda c: self.household_actions.add_lead(c.household_id, c.type, c.risks)
        )
        self.monitoring.loaded.connect(self.dashboard.show_monitoring)
        self.monitoring.print_notice.connect(lambda: self.printing.monitor_notice())
        self.tabs.addTab(self.monitoring, tr("监测"))
        # A standard missing for the year is said once, here (domain.md §8).
        self.banner = StandardsBanner(lang)
        self.setCentralWidget(with_banner(self.banner, self.tabs))
        self._select_after_load: str | None = None
        self.ctx: RuleContext | None = None
        # Stops a long check (a large village); the list stays, searchable by name.
        self.stop_button = QPushButton(tr("停止核查"))
        self.stop_button.clicked.connect(self.stop_checking)
        self.stop_button.hide()
        self.statusBar().addPermanentWidget(self.stop_button)
        self.statusBar().addPermanentWidget(self.count)

        self.list_pane.current_changed.connect(self._show_current)
        self.list_pane.refreshed.connect(self._refreshed)
        self.checking.connect(self._checking)
        self._shortcuts()
        self.daily_backup = backup_page.DailyBackup(self, store, self.tasks, self._failed, lang)
        self.file_menu = FileMenu(store, self.tasks, self, lang, self.need_cadre, self.load)
        self.first_day.import_roster.connect(self.file_menu.import_roster)
        self.menuBar().addMenu(self.file_menu.menu())
        self.menuBar().addMenu(self.sync_button.menu())
        self.demo_window: MainWindow | None = None
        self.owns_store = False  # a demo window opened from here closes its own store

    def _shortcuts(self) -> None:
        find = QAction(tr("搜索"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self.list_pane.focus_search)
        quit_ = QAction(tr("退出"), self, shortcut=QKeySequence("Ctrl+Q"))
        quit_.triggered.connect(self.close)
        self.addActions([find, quit_])

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ctrl+Q or the close button: open forms are closed first (each asks about its
        unsaved changes; keeping one open keeps the window), then background work ends."""
        for dialog in self.findChildren(HouseholdDialog):
            if dialog.isVisible():
                dialog.reject()
                if dialog.isVisible():
                    event.ignore()
                    return
        self.tasks.wait()
        self.notices.stop()
        # A store whose pages failed their check (ui/pages_check.py) is not copied.
        failed = None
        if self.store.check_problem() is None:
            failed = backup_page.automatic(self.store, "on_close")
        if failed is not None:
            messages.user_error(self, failed)
        if self.owns_store:
            self.store.close()
        event.accept()

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog | None:
        if not self.need_cadre():
            return None
        dialog = SettingsDialog(self.store, self.lang, self, tasks=self.tasks)
        dialog.changed.connect(self._settings_changed)
        dialog.open()
        return dialog

    def _settings_changed(self) -> None:
        size = int(str(app_settings().value("font_size", 11)))
        QApplication.setFont(app_font(QApplication.font().family(), size))
        self.load()  # a new poverty line changes findings

    # -- the household's actions (ui/household_actions.py) -------------------------------
    def new_household(self) -> HouseholdForm | None:
        return self.household_actions.new_household()

    def edit_household(self) -> HouseholdForm | None:
        return self.household_actions.edit_household()

    def edit_members(self) -> MembersDialog | None:
        return self.household_actions.edit_members()

    def edit_income(self) -> IncomeDialog | None:
        return self.household_actions.edit_income()

    def edit_money(self) -> MoneyDialog | None:
        return self.household_actions.edit_money()

    def edit_attachments(self) -> AttachmentsDialog | None:
        return self.household_actions.edit_attachments()

    def record_visit(self) -> VisitForm | None:
        return self.household_actions.record_visit()

    def _registered(self, household_id: str) -> None:
        """A new household is listed and selected once the village is checked again."""
        self._select_after_load = household_id
        self.search.clear()
        self.preset.setCurrentIndex(0)
        self.load()

    # -- who is working (ui/worker_box.py) -------------------------------------------------
    def current_cadre(self) -> str | None:
        return self.worker.current_cadre()

    def need_cadre(self) -> bool:
        return self.worker.need_cadre()

    def printed_by(self) -> str | None:
        return self.worker.printed_by()

    def add_cadre(self) -> CadreForm:
        return self.worker.add_cadre()

    # -- loading (ui/village_loading.py) -----------------------------------------------
    def _context_ready(self, ctx: RuleContext) -> None:
        """Lines and cadre names for the household page, read once per load."""
        self.ctx = ctx
        self.banner.show_gaps(self.store.config.gaps(ctx), county=False)
        self._show_current()

    def _show(self, view: VillageView) -> None:
        # A just-registered household wins over the one selected.
        self.list_pane.show(view, self._select_after_load)

    def _failed(self, exc: UserError) -> None:
        """The user's error from background work, in the status line (a bug goes to the
        crash dialog and a stopped check says nothing: ui/tasks.py decides)."""
        self.stop_button.hide()
        self.statusBar().showMessage(said(exc, self.lang))

    # -- the list (ui/list_pane.py) ------------------------------------------------------
    @property
    def view(self) -> VillageView | None:
        return self.list_pane.view

    @view.setter
    def view(self, view: VillageView | None) -> None:
        self.list_pane.view = view

    def current_filter(self) -> HouseholdFilter:
        return self.list_pane.current_filter()

    def show_filter(self, flt: HouseholdFilter, title: str) -> None:
        """Open the list behind a number of the overview (the filter bar is cleared, so
        the list has exactly the households the number counted)."""
        self.list_pane.choose(flt, title)
        self.statusBar().showMessage((tr("清单：")) + title)
        self.tabs.setCurrentIndex(0)
        self.refresh()

    def sort_by(self, column: int) -> None:
        self.list_pane.sort_by(column)

    def show_monitoring(self, section: int, kind: str | None, state: str | None) -> None:
        """Open the 监测 tab behind a monitoring number of the overview."""
        self.monitoring.show_section(section, kind=kind, state=state)
        self.tabs.setCurrentWidget(self.monitoring)

    def open_household(self, household_id: str) -> None:
        """A row of the 监测 tab: the household in the 农户 tab, the whole list shown so
        that it is in it."""
        self.search.clear()
        self.preset.setCurrentIndex(0)
        self.filters.clear()
        self.tabs.setCurrentIndex(0)
        self.refresh(household_id)

    def listed_ids(self) -> list[str]:
        return self.list_pane.listed_ids()

    def current_id(self) -> str | None:
        return self.list_pane.current_id()

    def refresh(self, keep: str | None = None) -> None:
        self.list_pane.refresh(keep)

    def _refreshed(self, total: int, listed: int) -> None:
        # A village with no household at all shows how to begin instead of a list.
        self.households_page.setCurrentWidget(self.first_day if total == 0 else self.list_page)
        if listed == 0:
            self.pane.clear()

    def _show_current(self) -> None:
        """The household pane follows the list's selection."""
        hid = self.current_id()
        if self.view is None or hid is None:
            self.pane.enable(None)
            return
        check = self.view.checks.get(hid)
        self.pane.show_household(hid, check, self.ctx, self.sync.label(hid))

    # -- a demo village beside the real one -----------------------------------------------
    def open_demo(self) -> None:
        """The demo village beside this window's store, prepared in the background and
        shown in a window of its own that closes its own store (`self.demo_window`)."""
        from ui.first_start import ensure_demo

        def ready(path: object) -> None:
            self.statusBar().clearMessage()
            demo = MainWindow(Store(str(path)), self.lang)
            demo.owns_store = True
            demo.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            demo.setWindowTitle(tr("povdesk 演示村（练习用，数据不会混入本村）"))
            demo.show()
            demo.load()
            self.demo_window = demo

        path = Path(self.store.target)
        self.statusBar().showMessage(tr("正在准备演示村……"))
        self.tasks.run(lambda: ensure_demo(path), ready, self._failed)
