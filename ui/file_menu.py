"""The 文件 menu: what a cadre brings in and takes out as spreadsheets, without the
command line. Roster import (checked first, then imported on confirmation), the blank
template, the report workbook and the roster alone; every file is written whole or not
at all (exports.files), off the GUI thread, under a name that says village and day."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from exports.files import atomic_path
from exports.xlsx import write_report
from exports.xlsx.roster import write_roster_xlsx
from povdesk.roster.template import write_template
from povdesk.store import Store
from ui import files, messages
from ui.i18n import tr
from ui.roster_import import RosterImportDialog
from ui.tasks import TaskManager


class FileMenu:
    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        window: QMainWindow,
        lang: str,
        need_cadre: Callable[[], bool],
        imported: Callable[[], None],
    ) -> None:
        """`need_cadre()` asks who is working before a change (False: cancelled);
        `imported()` refreshes the window after an import."""
        self.store, self.tasks, self.window, self.lang = store, tasks, window, lang
        self.need_cadre = need_cadre
        self.imported = imported
        self.dialog: RosterImportDialog | None = None  # the last import (tests read it)
        self.written: Path | None = None  # the last file written (tests read it)

    def menu(self) -> QMenu:
        menu = QMenu(tr("文件"), self.window)
        self.import_action = QAction(tr("导入花名册…"), menu)
        self.import_action.triggered.connect(self.import_roster)
        template = QAction(tr("导出空白花名册模板…"), menu)
        template.triggered.connect(self.export_template)
        report = QAction(tr("导出报表（Excel）…"), menu)
        report.triggered.connect(self.export_report)
        roster = QAction(tr("导出花名册（Excel）…"), menu)
        roster.triggered.connect(self.export_roster)
        quit_ = QAction(tr("退出"), menu)
        quit_.triggered.connect(self.window.close)
        menu.addActions([self.import_action, template])
        menu.addSeparator()
        menu.addActions([report, roster])
        menu.addSeparator()
        menu.addAction(quit_)
        return menu

    def place(self) -> str:
        home = self.store.villages.home()
        return home.name if home else ""

    # -- in -----------------------------------------------------------------------------
    def import_roster(self) -> RosterImportDialog | None:
        if not self.need_cadre():
            return None
        path = files.ask_open(self.window, tr("选择花名册"), tr("花名册 (*.xlsx *.csv)"))
        if path is None:
            return None
        dialog = RosterImportDialog(self.store, self.tasks, path, self.lang, self.window)
        dialog.imported.connect(lambda _report: self.imported())
        self.dialog = dialog
        dialog.open()
        dialog.start()
        return dialog

    # -- out ----------------------------------------------------------------------------
    def export_template(self) -> None:
        name = files.default_name(tr("花名册模板"), suffix=".xlsx")
        self._write(tr("导出空白花名册模板"), name, write_template, tr("空白花名册模板"))

    def export_report(self) -> None:
        name = files.default_name(self.place(), tr("报表"), suffix=".xlsx")
        self._write(
            tr("导出报表（Excel）"),
            name,
            lambda tmp: write_report(self.store, tmp),
            tr("报表"),
        )

    def export_roster(self) -> None:
        name = files.default_name(self.place(), tr("花名册"), suffix=".xlsx")
        self._write(
            tr("导出花名册（Excel）"),
            name,
            lambda tmp: write_roster_xlsx(self.store, tmp),
            tr("花名册"),
        )

    def _write(self, title: str, name: str, write: Callable[[Path], object], what: str) -> None:
        path = files.ask_save(self.window, title, name, tr("Excel 工作簿 (*.xlsx)"))
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")

        def work() -> Path:  # on the worker: a county's workbook takes a while
            with atomic_path(path) as tmp:
                write(tmp)
            return path

        self.window.statusBar().showMessage(tr("正在导出{0}……").format(what))
        self.tasks.run(
            work,
            lambda done: self._written(done, what),
            lambda exc: messages.user_error(self.window, exc),
            after=self.window.statusBar().clearMessage,
        )

    def _written(self, path: Path, what: str) -> None:
        self.written = path
        self.window.statusBar().showMessage(tr("{0}已保存：{1}").format(what, path))
