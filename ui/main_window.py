"""The main window only wires things together: list, search, ready-made lists, detail."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.services.lists import PRESETS, HouseholdFilter, combine
from povdesk.store import Store
from ui import backup_page, messages
from ui.about import AboutDialog
from ui.attachments import AttachmentsDialog
from ui.cadre_form import CadreForm
from ui.cadre_prompt import CadrePrompt
from ui.dashboard import SEVENTY, Activity, Dashboard
from ui.dialogs import HouseholdDialog
from ui.exit_panel import ExitPanel
from ui.file_menu import FileMenu
from ui.filter_bar import FilterBar
from ui.first_day import FirstDay
from ui.fonts import app_font
from ui.household_form import HouseholdForm
from ui.household_page import HouseholdPage
from ui.households_model import HouseholdTableModel
from ui.i18n import said, tr
from ui.income_dialog import IncomeDialog
from ui.members_dialog import MembersDialog
from ui.money_dialog import MoneyDialog
from ui.printing import Printing
from ui.settings_dialog import SettingsDialog, app_settings
from ui.standards_banner import StandardsBanner, with_banner
from ui.sync_menu import SyncMenu
from ui.tasks import TaskManager
from ui.village_view import VillageView
from ui.visit_form import VisitForm

ADD_CADRE = "__add_cadre__"  # the worker combo's last item opens the cadre form
CHOSEN = "__overview__"  # the preset combo's item for a list opened from the overview


class MainWindow(QMainWindow):
    # (checked, total) from the worker while a village is checked; Qt queues it here.
    checking = Signal(int, int)

    def __init__(self, store: Store, lang: str = "zh") -> None:
        super().__init__()
        self._generation = 0  # each load() a new one; a superseded check stops early
        self.sort_column: int | None = None  # None: 户编号 order (or search relevance)
        self.sort_descending = False
        self.store = store
        self.lang = lang
        self.view: VillageView | None = None
        self.tasks = TaskManager(self, where="background work of the village window")
        self.setWindowTitle(tr("povdesk 精准扶贫驻村工作台"))
        self.resize(1280, 720)  # fits a 1366×768 screen with the task bar

        self.search = QLineEdit(placeholderText=tr("搜索：姓名、拼音首字母、户编号、证件号、电话"))
        self.search.setClearButtonEnabled(True)
        self.preset = QComboBox()
        self.preset.addItem(tr("全部农户"), "")
        for p in PRESETS.values():
            self.preset.addItem(p.label(lang), p.name)
        self.count = QLabel()
        # Who is working: every change is attributed to this cadre in the audit log.
        self.worker = QComboBox()
        self._account = store.actor  # the computer account, until a cadre is chosen
        self._fill_workers()
        self.worker.currentIndexChanged.connect(self._worker_changed)
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
        self.filters = FilterBar(lang)
        self.filters.changed.connect(self.refresh)
        filters = QToolBar()
        filters.setMovable(False)
        filters.addWidget(self.filters)
        self.addToolBarBreak()
        self.addToolBar(filters)
        home = store.villages.home()
        self.filters.set_groups(home.groups if home else [])

        self.model = HouseholdTableModel(lambda ids: {}, lang)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # Every column in view at 1366 pixels: 户编号 measured from the font (fitting to
        # contents would read every row), the others share the rest, eliding long text
        # (the tooltip shows it whole) rather than scrolling sideways.
        digits = self.table.fontMetrics().horizontalAdvance("0" * 18)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, digits)
        self.table.setWordWrap(False)
        self.detail = HouseholdPage(store, lang)
        self.exit_panel = ExitPanel(store, self.current_cadre, lang)
        self.exit_panel.need_cadre = self.need_cadre
        self.exit_panel.changed.connect(self.load)
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(0, 0, 0, 0)
        self.visit_button = QPushButton(tr("记录走访…"))
        self.visit_button.clicked.connect(self.record_visit)
        self.edit_button = QPushButton(tr("编辑基本信息…"))
        self.edit_button.clicked.connect(self.edit_household)
        self.members_button = QPushButton(tr("家庭成员…"))
        self.members_button.clicked.connect(self.edit_members)
        self.money_button = QPushButton(tr("措施与资金…"))
        self.money_button.clicked.connect(self.edit_money)
        self.income_button = QPushButton(tr("收入…"))
        self.income_button.clicked.connect(self.edit_income)
        self.printing = Printing(store, self.tasks, self, lang, self.current_id, self.listed_ids)
        self.printing.printed_by = self.printed_by
        self.print_button = QPushButton(tr("打印…"))
        self.print_button.setMenu(self.printing.household_menu())
        self.village_print.setMenu(self.printing.village_menu())
        self.sync = SyncMenu(store, self.tasks, self, lang, self.load, self._failed)
        self.sync_button.setMenu(self.sync.menu())
        self.files_button = QPushButton(tr("照片与附件…"))
        self.files_button.clicked.connect(self.edit_attachments)
        # Two rows: seven buttons in one would widen the window past a 1366-pixel screen.
        record = QHBoxLayout()
        for b in (self.edit_button, self.members_button, self.income_button, self.money_button):
            record.addWidget(b)
        work = QHBoxLayout()
        for b in (self.visit_button, self.files_button, self.print_button):
            work.addWidget(b)
        side.addWidget(self.detail, 1)
        side.addLayout(record)
        side.addLayout(work)
        side.addWidget(self.exit_panel)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setSizes([700, 580])
        self.dashboard = Dashboard(lang)
        self.dashboard.chosen.connect(self.show_filter)
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
        # A standard missing for the year is said once, here (domain.md §8).
        self.banner = StandardsBanner(lang)
        self.setCentralWidget(with_banner(self.banner, self.tabs))
        self.chosen: HouseholdFilter | None = None  # a list opened from the overview
        self._select_after_load: str | None = None
        self.ctx: RuleContext | None = None
        # Stops a long check (a large village); the list stays, searchable by name.
        self.stop_button = QPushButton(tr("停止核查"))
        self.stop_button.clicked.connect(self.stop_checking)
        self.stop_button.hide()
        self.statusBar().addPermanentWidget(self.stop_button)
        self.statusBar().addPermanentWidget(self.count)

        # Typing refreshes after a short pause, not on every keystroke.
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        # The page follows the selection after the list has repainted (a keystroke's
        # list first, the household's page a moment later).
        self._page_timer = QTimer(self, singleShot=True, interval=0)
        self._page_timer.timeout.connect(lambda: self._show_current(None))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._page_timer.start())
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self.sort_by)
        self.checking.connect(self._checking)
        self._shortcuts()
        self.daily_backup = backup_page.DailyBackup(self, store, self.tasks, self._failed, lang)
        self.file_menu = FileMenu(store, self.tasks, self, lang, self.need_cadre, self.load)
        self.first_day.import_roster.connect(self.file_menu.import_roster)
        self.menuBar().addMenu(self.file_menu.menu())
        self.menuBar().addMenu(self.sync_button.menu())
        self.demo_window: MainWindow | None = None
        self.owns_store = False  # a demo window opened from here closes its own store
        self._household_actions(None)

    def _shortcuts(self) -> None:
        find = QAction(tr("搜索"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
        find.triggered.connect(self._focus_search)
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
        dialog = SettingsDialog(self.store, self.lang, self)
        dialog.changed.connect(self._settings_changed)
        dialog.open()
        return dialog

    def _settings_changed(self) -> None:
        size = int(str(app_settings().value("font_size", 11)))
        QApplication.setFont(app_font(QApplication.font().family(), size))
        self.load()  # a new poverty line changes findings

    def edit_household(self) -> HouseholdForm | None:
        hid = self.current_id()
        if hid is None or not self.need_cadre():
            return None
        form = HouseholdForm(self.store, hid, self.lang, self)
        form.saved.connect(lambda _id: self.load())
        form.open()
        return form

    def new_household(self) -> HouseholdForm | None:
        """Register a household, then go straight on to its members (a household is
        registered with its head)."""
        if not self.need_cadre():
            return None
        form = HouseholdForm(self.store, None, self.lang, self)
        form.saved.connect(self._registered)
        form.open()
        return form

    def _registered(self, household_id: str) -> None:
        self._select_after_load = household_id
        self.search.clear()
        self.preset.setCurrentIndex(0)
        self.load()
        dialog = MembersDialog(self.store, household_id, self.lang, self)
        dialog.changed.connect(self.load)
        dialog.open()

    def edit_income(self) -> IncomeDialog | None:
        hid = self.current_id()
        if hid is None or not self.need_cadre():
            return None
        dialog = IncomeDialog(self.store, hid, self.lang, self)
        dialog.changed.connect(self.load)
        dialog.open()
        return dialog

    def edit_attachments(self) -> AttachmentsDialog | None:
        hid = self.current_id()
        if hid is None or not self.need_cadre():
            return None
        dialog = AttachmentsDialog(self.store, hid, self.lang, self)
        dialog.changed.connect(lambda: self._show_current(None))  # photos change no finding
        dialog.open()
        return dialog

    def edit_members(self) -> MembersDialog | None:
        hid = self.current_id()
        if hid is None or not self.need_cadre():
            return None
        dialog = MembersDialog(self.store, hid, self.lang, self)
        dialog.changed.connect(self.load)
        dialog.open()
        return dialog

    def edit_money(self) -> MoneyDialog | None:
        hid = self.current_id()
        if hid is None or not self.need_cadre():
            return None
        dialog = MoneyDialog(self.store, hid, self.lang, self)
        dialog.changed.connect(self.load)
        dialog.open()
        return dialog

    def record_visit(self) -> VisitForm | None:
        row = self.table.currentIndex().row()
        if row < 0 or not self.need_cadre():
            return None
        form = VisitForm(self.store, self.model.id_at(row), self.current_cadre(), self.lang, self)
        form.saved.connect(lambda _id: self.load())
        form.open()
        return form

    def _fill_workers(self, select: str | None = None) -> None:
        self.worker.blockSignals(True)
        self.worker.clear()
        self.worker.addItem(tr("请选择操作人"), None)
        for c in self.store.cadres.all(active_only=True):
            self.worker.addItem(c.name, c.id)
        self.worker.addItem(tr("添加干部…"), ADD_CADRE)
        self.worker.setCurrentIndex(max(self.worker.findData(select), 0) if select else 0)
        self.worker.blockSignals(False)
        self._worker_changed()

    def current_cadre(self) -> str | None:
        data = self.worker.currentData()
        return str(data) if data and data != ADD_CADRE else None

    def _worker_changed(self) -> None:
        if self.worker.currentData() == ADD_CADRE:
            self.add_cadre()
            return
        cadre = self.current_cadre()
        self.store.actor = f"{self.worker.currentText()}（{cadre[:8]}）" if cadre else self._account

    def need_cadre(self) -> bool:
        """True when a cadre is working; if none is chosen, ask for one first (every
        change and printout is signed by a cadre, never by the computer's login)."""
        if self.current_cadre() is not None:
            return True
        chosen = CadrePrompt.ask(self, self.store, self.lang)
        if chosen is not None:
            self._fill_workers(select=chosen)
        return self.current_cadre() is not None

    def printed_by(self) -> str | None:
        """The name a printout carries: the cadre working (asked for if none)."""
        return self.worker.currentText() if self.need_cadre() else None

    def add_cadre(self) -> CadreForm:
        form = CadreForm(self.store, self.lang, self)
        form.added.connect(lambda cadre_id: self._fill_workers(select=cadre_id))
        form.rejected.connect(lambda: self.worker.setCurrentIndex(0))
        form.open()
        return form

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        """Check the whole village off the GUI thread; the list fills in when done. A
        newer load (after another edit) makes an older one still checking stop early:
        at 100,000 households a check takes most of a minute."""
        self._generation += 1
        generation = self._generation
        self.statusBar().showMessage(tr("正在核查全村…"))
        self.tasks.run(
            lambda: VillageView.quick(self.store),
            lambda view: self._listed(view, generation),
            self._failed,
        )

    def _listed(self, view: VillageView, generation: int) -> None:
        """The list is shown at once; the checks follow on the same worker."""
        if generation != self._generation:
            return

        def stale() -> bool:  # asked from the worker between chunks
            return generation != self._generation

        self._show(view)
        self.stop_button.show()
        self.tasks.run(
            lambda: view.complete(self.store, progress=self.checking.emit, cancelled=stale),
            self._loaded,
            self._failed,
            after=self.stop_button.hide,  # a superseded check's next load shows it again
        )

    def stop_checking(self) -> None:
        """The running check stops after its current chunk (the worker asks between
        chunks); Settings or any saved edit checks again."""
        self._generation += 1
        self.stop_button.hide()
        self.statusBar().showMessage(tr("已停止核查；筛选和可退出列要等下次核查"))

    def _checking(self, done: int, total: int) -> None:
        self.statusBar().showMessage(tr("正在核查全村… {0} / {1} 户").format(done, total))

    def _loaded(self, view: VillageView) -> None:
        self.stop_button.hide()
        self._show(view)
        self._select_after_load = None
        if view.summary is not None:
            seventy = len(view.ids("", SEVENTY))
            self.dashboard.show_summary(view.summary, seventy)
        self.statusBar().clearMessage()
        self.tasks.run(
            lambda: Activity.load(self.store), self.dashboard.show_activity, self._failed
        )
        self.tasks.run(self.store.config.context, self._context_ready, self._failed)
        self.sync.load_states(lambda: self._show_current(None))

    def _context_ready(self, ctx: RuleContext) -> None:
        """Lines and cadre names for the household page, read once per load."""
        self.ctx = ctx
        self.banner.show_gaps(self.store.config.gaps(ctx), county=False)
        self._show_current(None)

    def _show(self, view: VillageView) -> None:
        self.view = view
        # The reset below forgets the selection; a just-registered household wins.
        keep = self._select_after_load or self.current_id()
        self.model.reset_source(lambda ids: view.rows(ids, self.lang))
        self.refresh(keep)

    def _failed(self, exc: UserError) -> None:
        """The user's error from background work, in the status line (a bug goes to the
        crash dialog and a stopped check says nothing: ui/tasks.py decides)."""
        self.stop_button.hide()
        self.statusBar().showMessage(said(exc, self.lang))

    # -- list ----------------------------------------------------------------------------
    def current_filter(self) -> HouseholdFilter:
        """The ready-made list (or the overview's) with the filter bar's conditions."""
        name = self.preset.currentData()
        if name == CHOSEN:
            base = self.chosen or HouseholdFilter()
        else:
            base = PRESETS[name].filter if name else HouseholdFilter()
        return combine(base, self.filters.filter())

    def show_filter(self, flt: HouseholdFilter, title: str) -> None:
        """Open the list behind a number of the overview (the filter bar is cleared, so
        the list has exactly the households the number counted)."""
        self.chosen = flt
        self.filters.blockSignals(True)
        self.filters.clear()
        self.filters.blockSignals(False)
        # Shown as the combo's last item, so picking any other list (or 全部) leaves it.
        self.preset.blockSignals(True)
        last = self.preset.count() - 1
        if self.preset.itemData(last) == CHOSEN:
            self.preset.removeItem(last)
        self.preset.addItem((tr("概况：")) + title, CHOSEN)
        self.preset.setCurrentIndex(self.preset.count() - 1)
        self.preset.blockSignals(False)
        self.search.clear()
        self.statusBar().showMessage((tr("清单：")) + title)
        self.tabs.setCurrentIndex(0)
        self.refresh()

    def _preset_changed(self) -> None:
        if self.preset.currentData() == CHOSEN:
            return
        self.chosen = None
        self.statusBar().clearMessage()
        self.refresh()

    def sort_by(self, column: int) -> None:
        """A header click sorts by that column; a second click turns the order round."""
        if self.sort_column == column:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_column, self.sort_descending = column, False
        order = (
            Qt.SortOrder.DescendingOrder if self.sort_descending else Qt.SortOrder.AscendingOrder
        )
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.refresh()

    def listed_ids(self) -> list[str]:
        """The households of the list as shown (search, filter and order)."""
        return [self.model.id_at(r) for r in range(self.model.rowCount())]

    def current_id(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.model.id_at(row) if 0 <= row < self.model.rowCount() else None

    def refresh(self, keep: str | None = None) -> None:
        if self.view is None:
            return
        keep = keep or self.current_id()
        ids = self.view.ids(self.search.text(), self.current_filter())
        if self.sort_column is not None:
            ids = self.view.sorted(ids, self.sort_column, self.sort_descending)
        query, view = self.search.text(), self.view
        found_through = (lambda hid: view.matched_member(hid, query)) if query.strip() else None
        self.model.show_ids(ids, found_through)
        total = len(self.view.order)
        self.count.setText(tr("{0} / {1} 户").format(len(ids), total))
        # A village with no household at all shows how to begin instead of a list.
        empty = total == 0
        self.households_page.setCurrentWidget(self.first_day if empty else self.list_page)
        if ids:
            # Stay on the household the user was looking at, if it is still listed.
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        else:
            self.table.clearSelection()
            self.table.setCurrentIndex(self.model.index(-1, -1))
            self.detail.clear()
            self.exit_panel.show_household(None)
            self._household_actions(None)

    def _show_current(self, current: object, _previous: object = None) -> None:
        row = self.table.currentIndex().row()
        if self.view is None or row < 0:
            self._household_actions(None)
            return
        hid = self.model.id_at(row)
        self._household_actions(hid)
        check = self.view.checks.get(hid)
        if check is None:  # not checked yet: the detail follows with the checks
            self.detail.setPlainText(tr("正在核查…"))
            self.exit_panel.show_household(None)
            return
        self.detail.show_household(hid, check, self.ctx, self.sync.label(hid))
        self.exit_panel.show_household(hid)

    def _household_actions(self, household_id: str | None) -> None:
        """Buttons that act on one household work only while one is selected."""
        for button in (
            self.visit_button,
            self.edit_button,
            self.members_button,
            self.money_button,
            self.income_button,
            self.print_button,
            self.files_button,
        ):
            button.setEnabled(household_id is not None)

    # -- a demo village beside the real one -----------------------------------------------
    def open_demo(self) -> None:
        """The demo village in a window of its own (its own file, made on first use)."""
        from ui.first_day import open_demo_beside

        open_demo_beside(self)
