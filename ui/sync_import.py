"""Import sync bundles (issue 5): choose one or more .pvb files, see what they would do
(every check and the whole merge, rolled back: `exports.bundle.preview`), then import for
real and show the report. Work runs off the GUI thread; a refused bundle is an inline
error and the database is unchanged (the importer verifies every file first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from exports.bundle.preview import ImportSummary, preview_import, run_import
from povdesk.codes import HouseholdStatus, MonitorState
from povdesk.errors import UserError
from povdesk.store import Store
from povdesk.sync.incoming import Report
from povdesk.sync.review import KINDS
from ui import files
from ui.i18n import pick, said, tr
from ui.settings_dialog import app_settings
from ui.sync_export import LAST_FOLDER
from ui.tasks import TaskManager

SHOWN = 20  # household numbers listed; the count says the rest
COUNTS = ("created", "updated", "unchanged", "deleted", "conflicts")


class ImportDialog(QDialog):
    """`previewed(list[ImportSummary])` after a dry run; `imported(list[ImportSummary])`
    after the real import (the window refreshes then)."""

    previewed = Signal(object)
    imported = Signal(object)

    def __init__(
        self, store: Store, tasks: TaskManager, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.lang = store, tasks, lang
        self.paths: list[Path] = []
        self.ready: list[Path] = []  # the files whose preview passed
        self.busy = False
        self.setWindowTitle(tr("导入同步包"))
        self.files = QListWidget()
        choose = QPushButton(tr("选择数据包…"))
        choose.clicked.connect(self._choose)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("数据包")))
        top.addStretch(1)
        top.addWidget(choose)
        self.heading = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [tr("数据包"), tr("类别"), tr("新增"), tr("更新"), tr("未变"), tr("已删除"), tr("冲突")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(
            self.table.fontMetrics().horizontalAdvance("中中")
        )
        self.details = QLabel(wordWrap=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.files)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(760, 520)  # the table's seven columns in view at a large font

    # -- replaceable in tests ------------------------------------------------------
    def choose_files(self) -> list[str]:
        found, _ = files.get_open_file_names(
            self,
            tr("选择同步包"),
            str(app_settings().value(LAST_FOLDER, "") or ""),
            tr("povdesk 同步包 (*.pvb)"),
        )
        return list(found)

    # -- preview --------------------------------------------------------------------
    def _choose(self) -> None:
        chosen = self.choose_files()
        if chosen:
            self.set_files([Path(p) for p in chosen])

    def set_files(self, paths: list[Path]) -> None:
        """Show the files and start their preview."""
        self.paths = list(paths)
        self.ready = []
        self.files.clear()
        self.files.addItems([p.name for p in self.paths])
        if self.paths:
            app_settings().setValue(LAST_FOLDER, str(self.paths[0].parent))
            self._run(lambda: preview_import(self.store, self.paths), self._previewed)

    def _previewed(self, found: object) -> None:
        summaries = _summaries(found)
        self.ready = list(self.paths)
        self._show(summaries, tr("试导入结果（尚未保存）："))
        self.previewed.emit(summaries)

    # -- import ---------------------------------------------------------------------
    def start_import(self) -> None:
        if not self.ready or self.busy:
            return
        paths = self.ready
        self._run(lambda: run_import(self.store, paths), self._imported)

    def _imported(self, found: object) -> None:
        summaries = _summaries(found)
        self.ready = []
        self._show(summaries, tr("已导入："))
        self.imported.emit(summaries)

    # -- shared ---------------------------------------------------------------------
    def _run(self, work, done) -> None:  # type: ignore[no-untyped-def]
        self.message.clear()
        self._set_busy(True)

        def finished(value: object) -> None:
            done(value)  # sets what is ready to import
            self._set_busy(False)

        self.tasks.run(work, finished, self._failed, after=self._ended)

    def _ended(self) -> None:
        """Whatever the outcome; a success then says what is ready to import."""
        self.ready = []
        self._set_busy(False)

    def _failed(self, exc: UserError) -> None:
        self.heading.clear()
        self.table.setRowCount(0)
        self.details.clear()
        self.message.setText(said(exc, self.lang))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.import_button.setEnabled(bool(self.ready) and not busy)

    def _show(self, summaries: list[ImportSummary], heading: str) -> None:
        self.heading.setText(heading)
        self.table.setRowCount(0)
        notes: list[str] = []
        for s in summaries:
            r = s.report
            name = tr("{0} 第 {1} 号").format(s.sender, r.seq)
            if r.already:
                notes.append(tr("{0}：已导入过，没有任何改动。").format(name))
                continue
            for entity, counts in r.kinds.items():
                words = KINDS.get(entity, (entity, entity))
                cells = [name, pick(self.lang, *words)]
                cells += [str(counts[k]) for k in COUNTS]
                row = self.table.rowCount()
                self.table.insertRow(row)
                for col, text in enumerate(cells):
                    self.table.setItem(row, col, QTableWidgetItem(text))
            shown = "、".join(r.households[:SHOWN]) + ("…" if len(r.households) > SHOWN else "")
            notes.append(tr("{0}：涉及 {1} 户 {2}").format(name, len(r.households), shown))
            if r.stale:
                notes.append(tr("{0}：这是较早的数据包，没有回退任何数据。").format(name))
            if r.conflicts:
                notes.append(tr("{0}：有 {1} 处冲突待处理").format(name, r.conflicts))
            notes += self._doubts(name, r)
            if r.missing:
                seqs = ", ".join(str(n) for n in r.missing)
                notes.append(
                    tr("{0}：缺少该发送方的第 {1} 号包（内容已含在较新的包中）").format(name, seqs)
                )
        self.table.resizeColumnsToContents()
        self.details.setText("\n".join(notes))

    def _doubts(self, name: str, r: Report) -> list[str]:
        """What the sender decided that this store's own checks refuse, and monitoring
        decisions a village's first bundle brought: said at once, not found later."""
        out: list[str] = []
        sep = pick(self.lang, "；", "; ")
        for number, status, why in r.status_doubts:
            words = HouseholdStatus.lookup(status)
            label = words.label(self.lang) if words else status
            reasons = sep.join(pick(self.lang, z, e) for z, e in why)
            out.append(
                tr("{0}：户 {1} 由对方标为{2}，本库核查仍不能通过：{3}").format(
                    name, number, label, reasons
                )
            )
        for number, why in r.elimination_doubts:
            reasons = sep.join(pick(self.lang, z, e) for z, e in why)
            out.append(
                tr("{0}：户 {1} 由对方标为风险消除，本库核查仍不能通过：{2}").format(
                    name, number, reasons
                )
            )
        for number, state in r.decided_history:
            found = MonitorState.lookup(state)
            decided = found.label(self.lang) if found else state
            out.append(
                tr(
                    "{0}：户 {1} 的监测记录第一次报来已是{2}，本库没有这一审定的记录，请核实"
                ).format(name, number, decided)
            )
        return out


def _summaries(found: object) -> list[ImportSummary]:
    assert isinstance(found, list) and all(isinstance(s, ImportSummary) for s in found)
    return found
