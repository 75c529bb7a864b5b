"""The county's 村 tab: the bundle ledger per village (silent ones highlighted), a whole
folder of bundles imported off the GUI thread with progress and cancel between bundles,
then one line per bundle (imported / already / refused with the reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from exports.bundle.folder import ALREADY, IMPORTED, REFUSED, Outcome, import_folder
from povdesk.county import villages as ledger
from povdesk.errors import UserError
from povdesk.store import Store
from ui import files
from ui.county_tables import REFUSED_COLOR, fill, table, tint
from ui.i18n import said, tr
from ui.tasks import Cancelled, Task, TaskManager

SILENT = QColor("#ffd9d9")  # a village that stopped sending is itself something to follow


class VillagesTab(QWidget):
    """`imported()` after a folder import (the other tabs reload); `return_bundle(code)`
    asks the window to export a return bundle to that village."""

    imported = Signal()
    return_bundle = Signal(str)

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        failed: Callable[[UserError], None],
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        """`failed(exc)`: a user's error from background work, shown the window's way."""
        super().__init__(parent)
        self.store, self.tasks, self.failed, self.lang = store, tasks, failed, lang
        self.rows: list[ledger.VillageLedger] = []
        self.outcomes: list[Outcome] = []
        self.busy = False
        self.task: Task | None = None  # the folder import running, if any

        self.days = QSpinBox(minimum=0, maximum=3650, value=30)
        self.days.setSuffix(tr(" 天"))
        self.days.valueChanged.connect(lambda _: self.show_rows())
        self.import_button = QPushButton(tr("导入文件夹…"))
        self.import_button.clicked.connect(self.import_folder)
        self.return_button = QPushButton(tr("导出回传包…"))
        self.return_button.clicked.connect(self._return_bundle)
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        for w in (self.progress, self.cancel_button):
            w.hide()
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("超过多少天未报送算沉寂：")))
        top.addWidget(self.days)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.return_button)
        self.ledger = table(
            [
                tr("村代码"),
                tr("村名"),
                tr("最新包号"),
                tr("缺号"),
                tr("包制作日期"),
                tr("最近收到"),
                tr("距今天数"),
                tr("户数"),
            ]
        )
        self.ledger.itemSelectionChanged.connect(self._update_buttons)
        self.silent_note = QLabel()
        self.report = table([tr("文件"), tr("所在村"), tr("结果"), tr("说明")])
        self.summary = QLabel(wordWrap=True)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        lower = QWidget()
        box = QVBoxLayout(lower)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        box.addLayout(row)
        box.addWidget(self.summary)
        box.addWidget(self.report, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.ledger)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.silent_note)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self._update_buttons()

    # -- replaceable in tests ------------------------------------------------------
    def choose_folder(self) -> str:
        """The folder the user picks ("" when cancelled)."""
        return files.get_existing_directory(self, tr("选择存放数据包的文件夹或U盘"))

    # -- the ledger ----------------------------------------------------------------
    def reload(self) -> None:
        self.tasks.run(lambda: ledger.ledger(self.store), self._loaded, self.failed)

    def _loaded(self, rows: object) -> None:
        assert isinstance(rows, list)
        self.rows = rows
        self.show_rows()

    def silent_codes(self) -> list[str]:
        return [r.code for r in ledger.silent(self.rows, self.days.value())]

    def show_rows(self) -> None:
        keep = self.selected_code()
        fill(
            self.ledger,
            [
                [
                    r.code,
                    r.name,
                    r.last_seq or "",
                    ",".join(map(str, r.gaps)),
                    _day(getattr(r, "last_made", None)),
                    r.last_at.date().isoformat() if r.last_at else tr("从未"),
                    "" if r.silent_days is None else r.silent_days,
                    r.households,
                ]
                for r in self.rows
            ],
        )
        quiet = set(self.silent_codes())
        for i, r in enumerate(self.rows):
            if r.code in quiet:
                tint(self.ledger, i, bg=SILENT, bold=True)
            if r.code == keep:
                self.ledger.selectRow(i)
        self.silent_note.setText(
            tr("{0} 个村超过 {1} 天未报送（红色）").format(len(quiet), self.days.value())
        )
        self._update_buttons()

    def selected_code(self) -> str | None:
        rows = self.ledger.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()].code

    def _return_bundle(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.return_bundle.emit(code)

    # -- importing a folder ----------------------------------------------------------
    def import_folder(self) -> None:
        if self.busy:
            return
        chosen = self.choose_folder()
        if not chosen:
            return
        folder = Path(chosen)
        self.outcomes = []
        self.message.clear()
        self.summary.setText(tr("正在导入…"))
        fill(self.report, [])
        self.progress.setRange(0, 0)
        self._set_busy(True)
        # Made before the work starts, so a cancel pressed at once finds it.
        self.task = self.tasks.new_task()
        self.tasks.start(
            lambda task: self._work(task, folder),
            self._done,
            self._refused,
            after=self._ended,
            on_cancelled=lambda exc: self._finish(exc.done, cancelled=True),
            on_progress=self._progress,
            task=self.task,
        )

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _work(self, task: Task, folder: Path) -> list[Outcome]:  # on the worker thread
        done: list[Outcome] = []

        def step(n: int, total: int, o: Outcome) -> None:
            # Each bundle is its own transaction: what was imported before a cancel stays.
            done.append(o)
            task.progress.emit(n, total, o)
            if task.cancelled() and n < total:
                raise Cancelled(done)

        return import_folder(self.store, [folder], progress=step)

    def _progress(self, done: int, total: int, o: object) -> None:
        assert isinstance(o, Outcome)
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.outcomes.append(o)
        self._show_report(self.outcomes)

    def _done(self, outcomes: object) -> None:
        assert isinstance(outcomes, list)
        self._finish(outcomes, cancelled=False)

    def _ended(self) -> None:
        """Whatever the outcome; a finished or cancelled import says what it did next."""
        self.task = None
        self._set_busy(False)
        self.summary.clear()

    def _refused(self, exc: UserError) -> None:
        self.message.setText(said(exc, self.lang))

    def _finish(self, outcomes: list[Outcome], cancelled: bool) -> None:
        self._set_busy(False)
        self.outcomes = outcomes
        self._show_report(outcomes)
        n = {s: sum(o.status == s for o in outcomes) for s in (IMPORTED, ALREADY, REFUSED)}
        text = tr("共 {0} 个文件：导入 {1}，已导入过 {2}，拒绝 {3}").format(
            len(outcomes), n[IMPORTED], n[ALREADY], n[REFUSED]
        )
        if cancelled:
            text += tr("（已取消，其余文件未导入）")
        self.summary.setText(text)
        self.reload()
        self.imported.emit()

    def _show_report(self, outcomes: list[Outcome]) -> None:
        word = {IMPORTED: tr("已导入"), ALREADY: tr("已导入过"), REFUSED: tr("拒绝")}
        rows: list[list[object]] = []
        for o in outcomes:
            if o.error is not None:
                detail = said(o.error, self.lang)
            elif o.report is not None:
                detail = tr("第 {0} 号，涉及 {1} 户，冲突 {2} 处").format(
                    o.report.seq, len(o.report.households), o.report.conflicts
                )
            else:
                detail = ""
            rows.append([o.path.name, o.village, word[o.status], detail])
        fill(self.report, rows)
        for i, o in enumerate(outcomes):
            if o.status == REFUSED:
                tint(self.report, i, fg=REFUSED_COLOR)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(not self.busy)
        self.return_button.setEnabled(not self.busy and self.selected_code() is not None)


def _day(at: dt.datetime | None) -> str:
    # When the village made its latest bundle (the data is as of that day); read with
    # getattr while the ledger's `last_made` is new in the core.
    return at.date().isoformat() if at else ""
