"""The county office's window (县扶贫办, issue 6): it only wires the tabs together —
villages and their bundles, the review of proposed exits, conflicts, spot checks and the
county overview — and the two files it writes: return bundles and the Excel report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTabWidget,
    QToolBar,
)

from exports.files import atomic_path
from exports.xlsx import ReportCounts, write_report
from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.store import Store
from ui import files
from ui.about import AboutDialog
from ui.conflicts import ConflictScreen
from ui.county_dashboard import OverviewTab
from ui.county_monitoring import MonitoringTab
from ui.county_review import ReviewTab
from ui.county_sampling import SamplingTab
from ui.county_villages import VillagesTab
from ui.i18n import said, tr
from ui.keys_dialog import KeysDialog
from ui.settings_dialog import SettingsDialog
from ui.standards_banner import StandardsBanner, with_banner
from ui.sync_export import ExportDialog
from ui.tasks import TaskManager


class CountyWindow(QMainWindow):
    def __init__(self, store: Store, lang: str = "zh", year: int | None = None) -> None:
        super().__init__()
        self.store, self.lang = store, lang
        self.year = year  # the assessment year; None: the core's default (last year)
        self.tasks = TaskManager(self, where="the county window")
        self.report_path: Path | None = None  # the last report written
        self.return_dialog: ExportDialog | None = None  # the last return-bundle dialog
        name = store.meta().get("name", "")
        self.setWindowTitle(tr("povdesk 县扶贫办工作台") + (f" — {name}" if name else ""))
        self.resize(1280, 720)  # fits a 1366×768 screen with the task bar

        self.villages = VillagesTab(store, self.tasks, self._failed, lang)
        self.review = ReviewTab(store, self.tasks, self.context, self._failed, lang)
        self.monitoring = MonitoringTab(store, self.tasks, self.context, self._failed, lang)
        self.conflicts = ConflictScreen(store, lang)
        self.sampling = SamplingTab(store, self.tasks, self._failed, lang)
        self.overview = OverviewTab(store, self.tasks, self.context, self._failed, lang)
        self.tabs = QTabWidget()
        for widget, title in (
            (self.villages, tr("村")),
            (self.review, tr("审核")),
            (self.monitoring, tr("监测审定")),
            (self.conflicts, tr("冲突")),
            (self.sampling, tr("抽查")),
            (self.overview, tr("概况")),
        ):
            self.tabs.addTab(widget, title)
        # Said at the top while the county lacks a standard of the assessment year: it is
        # the county that enters them (domain.md §8).
        self.missing = StandardsBanner(lang)
        self.setCentralWidget(with_banner(self.missing, self.tabs))
        self.villages.imported.connect(self._after_import)
        self.villages.return_bundle.connect(self.export_return)
        self.review.decided.connect(lambda _: self.overview.reload())
        self.monitoring.decided.connect(lambda _: self.overview.reload())
        self.conflicts.resolved.connect(lambda _: self.review.reload())
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)

        bar = QToolBar()
        bar.setMovable(False)
        actions = (
            (tr("导入文件夹…"), "Ctrl+I", self.villages.import_folder),
            (tr("导出 Excel 报表…"), "Ctrl+E", self.export_report),
            (tr("刷新"), "F5", self.load),
            (tr("密钥与信任…"), "Ctrl+K", self.open_keys),
            (tr("设置…"), "Ctrl+,", self.open_settings),
            (tr("关于"), "F1", self.open_about),
        )
        for text, key, slot in actions:
            action = QAction(text, self, shortcut=QKeySequence(key))
            action.triggered.connect(slot)
            bar.addAction(action)
        self.addToolBar(bar)
        # Alt+1…6 switch tabs from the keyboard (Ctrl+Tab works too).
        for i in range(self.tabs.count()):
            jump = QAction(self, shortcut=QKeySequence(f"Alt+{i + 1}"))
            jump.triggered.connect(lambda _=False, i=i: self.tabs.setCurrentIndex(i))
            self.addAction(jump)
        quit_ = QAction(tr("退出"), self, shortcut=QKeySequence("Ctrl+Q"))
        quit_.triggered.connect(self.close)
        self.addAction(quit_)

    def context(self) -> RuleContext:
        return self.store.config.context(year=self.year)

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.open()
        return dialog

    def open_settings(self) -> SettingsDialog:
        """The county's own poverty lines and reference incomes (villages do not send
        theirs: the county is the authority that sets them)."""
        dialog = SettingsDialog(self.store, self.lang, self, tasks=self.tasks)
        dialog.changed.connect(self.load)
        dialog.open()
        return dialog

    def check_config(self) -> None:
        # Only the tables, not the whole rule context (which reads every member).
        today = dt.date.today()
        ctx = RuleContext(
            today=today,
            year=self.year or today.year - 1,
            poverty_lines=self.store.config.poverty_lines(),
            reference_incomes=self.store.config.reference_incomes(),
            monitoring_ranges=self.store.config.monitoring_ranges(),
            county_code=self.store.meta().get("area_code", ""),
        )
        self.missing.show_gaps(self.store.config.gaps(ctx), county=True)

    def open_keys(self) -> KeysDialog:
        """The county's fingerprint and key file, and trusting each village's key."""
        dialog = KeysDialog(self.store, self.lang, self)
        dialog.open()
        return dialog

    def load(self) -> None:
        """Everything on every tab, read off the GUI thread (the one worker, in turn)."""
        self.check_config()
        self.villages.reload()
        self.review.reload()
        self.monitoring.reload()
        self.conflicts.reload()
        self.sampling.reload()
        self.overview.reload()

    def idle(self) -> bool:
        """No background work in flight or waiting to report back (tests wait on this)."""
        return not self.tasks.busy() and not self.overview.refresher.busy()

    def _after_import(self) -> None:
        self.review.reload()
        self.monitoring.reload()
        self.conflicts.reload()
        self.overview.reload()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.villages.cancel()  # a folder import stops after the bundle it is on
        self.overview.cancel()  # the figures' refresh, after the village it is on
        self.tasks.wait()
        super().closeEvent(event)

    # -- files written --------------------------------------------------------------
    def choose_report_path(self) -> str:
        """Where to save the report ("" when cancelled); tests replace this."""
        chosen, _ = files.get_save_file_name(
            self, tr("导出 Excel 报表"), "povdesk-report.xlsx", tr("Excel 工作簿 (*.xlsx)")
        )
        return chosen

    def export_report(self) -> None:
        chosen = self.choose_report_path()
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        self.status.setText(tr("正在生成报表…"))
        year = self.year
        self.tasks.run(
            lambda: (path, _write_whole(self.store, path, year)), self._reported, self._failed
        )

    def _reported(self, done: object) -> None:
        assert isinstance(done, tuple)
        path, counts = done
        assert isinstance(counts, ReportCounts)
        self.report_path = path
        self.status.setText(
            tr("已写入报表 {0}：{1} 个村，{2} 户").format(
                path.name, counts.villages, counts.households
            )
        )

    def export_return(self, village_code: str) -> ExportDialog:
        """The return bundle to one village (its certified exits, resolved conflicts…)."""
        dialog = ExportDialog(self.store, self.tasks, self.lang, self)
        for i in range(dialog.peer.count()):
            if dialog.peer.itemText(i).endswith(f"（{village_code}）"):
                dialog.peer.setCurrentIndex(i)
        dialog.exported.connect(lambda _: self.villages.reload())
        dialog.open()
        self.return_dialog = dialog
        return dialog

    # -- errors ---------------------------------------------------------------------
    def _failed(self, exc: UserError) -> None:
        """The user's error from background work, in the status line (a bug goes to the
        crash dialog: ui/tasks.py decides)."""
        self.status.setText(said(exc, self.lang))


def _write_whole(store: Store, path: Path, year: int | None) -> ReportCounts:
    """The workbook is written beside the target and renamed into place when complete: a
    full disk never leaves half a spreadsheet where the last good one was."""
    with atomic_path(path) as tmp:
        return write_report(store, tmp, year=year)
