"""文件 › 导入花名册…: the core's import run twice, both off the GUI thread. First a dry
run, whose result is shown before anything is written (what would be created, updated or
kept, and every problem of the sheet, which can be saved as a workbook to fix); then,
only when the cadre confirms, the real import: all or nothing, as on the command line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exports.files import atomic_path
from exports.xlsx.roster import write_problems_xlsx
from povdesk.errors import UserError
from povdesk.roster import RosterRejected, import_roster
from povdesk.roster.hints import accepted_text
from povdesk.roster.report import KINDS, ImportReport
from povdesk.store import Store
from ui import files
from ui.i18n import pick, said, tr
from ui.tasks import TaskManager

SHOWN_PROBLEMS = 500  # a table of thousands of rows helps nobody; the workbook has all


def kind_names() -> dict[str, str]:
    return {"household": tr("户"), "member": tr("家庭成员"), "income": tr("年度收入")}


class RosterImportDialog(QDialog):
    """`imported(ImportReport)` once the roster is in the database."""

    imported = Signal(object)

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        path: Path,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.path, self.lang = store, tasks, path, lang
        self.preview: ImportReport | None = None  # the dry run's result, when it passed
        self.rejected_report: ImportReport | None = None
        self.busy = False
        self.setWindowTitle(tr("导入花名册"))
        self.file = QLabel(tr("文件：{0}").format(path.name), wordWrap=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the core reports no steps: a moving bar
        self.status = QLabel(wordWrap=True)
        self.counts = QTableWidget(len(KINDS), 3)
        self.counts.setHorizontalHeaderLabels([tr("新增"), tr("更新"), tr("不变")])
        self.counts.setVerticalHeaderLabels([kind_names()[k] for k in KINDS])
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.setMaximumHeight(self.counts.sizeHintForRow(0) * 5 + 40)
        self.notes = QLabel(wordWrap=True)
        headers = [tr("行号"), tr("列"), tr("填写的内容"), tr("问题"), tr("可以填写")]
        self.problems = QTableWidget(0, len(headers))
        self.problems.setHorizontalHeaderLabels(headers)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        header = self.problems.horizontalHeader()
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().setVisible(False)
        self.save_problems = QPushButton(tr("保存问题清单（Excel）…"))
        self.save_problems.clicked.connect(self.save_problem_list)
        self.confirm = QPushButton(tr("确认导入"))
        self.confirm.clicked.connect(self.start_import)
        self.close_button = QPushButton(tr("取消"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_problems)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.counts)
        layout.addWidget(self.notes)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        self.resize(960, 600)
        self._show_state()

    # -- the dry run --------------------------------------------------------------------
    def start(self) -> None:
        """Check the whole file (nothing is written)."""
        self._busy(tr("正在检查花名册，尚未写入任何数据……"))
        self.tasks.run(
            lambda: import_roster(self.store, self.path, dry_run=True),
            self._checked,
            self._failed,
            after=self._idle,
        )

    def _checked(self, report: ImportReport) -> None:
        self.busy = False
        self.preview = report
        self._show_counts(report)
        if report.changed:
            self.status.setText(
                tr("检查通过，尚未写入。确认后将一次全部导入：") + self._summary(report)
            )
        else:
            self.status.setText(tr("检查通过。花名册与系统中的数据相同，无需导入。"))
        self._show_state()

    def _idle(self) -> None:
        """Whatever the outcome; a success or a refusal then says more."""
        self.busy = False
        self._show_state()

    def _failed(self, exc: UserError) -> None:
        if isinstance(exc, RosterRejected):
            self.rejected_report = exc.report
            self._show_counts(exc.report)
            self._show_problems(exc.report)
            self.status.setText(
                tr("花名册有 {0} 处问题，未导入任何数据。请按下表改正后再导入：").format(
                    len(exc.report.problems)
                )
            )
        else:
            self.status.setText(said(exc, self.lang))
        self._show_state()

    # -- the import ---------------------------------------------------------------------
    def start_import(self) -> None:
        if self.preview is None or self.busy:
            return
        self._busy(tr("正在导入……"))
        self.tasks.run(
            lambda: import_roster(self.store, self.path),
            self._imported,
            self._failed,
            after=self._idle,
        )

    def _imported(self, report: ImportReport) -> None:
        self.busy = False
        self.preview = None
        self._show_counts(report)
        self.status.setText(tr("导入完成：") + self._summary(report))
        self.close_button.setText(tr("关闭"))
        self._show_state()
        self.imported.emit(report)

    # -- problems as a workbook ---------------------------------------------------------
    def save_problem_list(self) -> Path | None:
        report = self.rejected_report
        if report is None:
            return None
        name = files.default_name(self.path.stem, tr("问题清单"), suffix=".xlsx")
        path = files.ask_save(self, tr("保存问题清单"), name, tr("Excel 工作簿 (*.xlsx)"))
        if path is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        try:
            with atomic_path(path) as tmp:
                write_problems_xlsx(report.problems, tmp, self.lang)
        except UserError as exc:
            self.status.setText(said(exc, self.lang))
            return None
        self.notes.setText(tr("问题清单已保存：{0}").format(path))
        return path

    # -- showing ------------------------------------------------------------------------
    def _busy(self, text: str) -> None:
        self.busy = True
        self.status.setText(text)
        self._show_state()

    def _show_state(self) -> None:
        self.progress.setVisible(self.busy)
        self.confirm.setEnabled(not self.busy and self.preview is not None and self.preview.changed)
        self.close_button.setEnabled(not self.busy)
        self.save_problems.setVisible(self.rejected_report is not None)
        self.problems.setVisible(self.rejected_report is not None)

    def _summary(self, report: ImportReport) -> str:
        names = kind_names()
        parts = [
            tr("{0}新增 {1}、更新 {2}").format(names[k], c.created, c.updated)
            for k, c in report.counts.items()
        ]
        return tr("；").join(parts) + tr("。")

    def _show_counts(self, report: ImportReport) -> None:
        for row, kind in enumerate(KINDS):
            c = report.counts[kind]
            for col, n in enumerate((c.created, c.updated, c.unchanged)):
                self.counts.setItem(row, col, QTableWidgetItem(str(n)))
        if report.warnings:
            lines = [w.line(self.lang) for w in report.warnings[:20]]
            more = len(report.warnings) - len(lines)
            if more:
                lines.append(tr("另有 {0} 条提示").format(more))
            self.notes.setText(tr("提示：") + "\n" + "\n".join(lines))

    def _show_problems(self, report: ImportReport) -> None:
        shown = report.problems[:SHOWN_PROBLEMS]
        self.problems.setRowCount(len(shown))
        if len(report.problems) > len(shown):
            self.notes.setText(
                tr("表中列出前 {0} 处问题；全部 {1} 处请点“保存问题清单”查看。").format(
                    len(shown), len(report.problems)
                )
            )
        for row, p in enumerate(shown):
            cells = (
                str(p.row),
                p.column,
                p.value,
                pick(self.lang, p.zh, p.en),
                accepted_text(p.column, self.lang),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problems.setItem(row, col, item)
        self.problems.resizeRowsToContents()

    def reject(self) -> None:
        if self.busy:  # the import is all or nothing; it ends on its own in a moment
            return
        super().reject()
