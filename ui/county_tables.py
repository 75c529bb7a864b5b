"""Read-only tables shared by the county window's tabs: one row per record, filled from
plain data, a row marked in colour where it needs the user's eye; and the queue pane the
two decision tabs (审核, 监测审定) share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from povdesk.county.pages import PAGE_SIZE, Page
from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.store import Store
from ui.i18n import tr
from ui.tasks import TaskManager

REFUSED_COLOR = QColor("#b00000")


def table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    # Every column in view on a 1280-pixel screen: long text is elided (its tooltip
    # shows it whole) rather than scrolled to sideways.
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    t.horizontalHeader().setMinimumSectionSize(t.fontMetrics().horizontalAdvance("中") + 8)
    t.setWordWrap(False)
    return t


def fill(t: QTableWidget, rows: list[list[object]]) -> None:
    t.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            text = "" if value is None else str(value)
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            t.setItem(r, c, item)


def tint(
    t: QTableWidget,
    row: int,
    *,
    fg: QColor | None = None,
    bg: QColor | None = None,
    bold: bool = False,
    columns: list[int] | None = None,
) -> None:
    """Mark a row (or some of its cells): red for a refusal, a background for silence."""
    for c in range(t.columnCount()) if columns is None else columns:
        item = t.item(row, c)
        if item is None:
            continue
        if fg is not None:
            item.setForeground(QBrush(fg))
        if bg is not None:
            item.setBackground(QBrush(bg))
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)


class QueuePane(QWidget):
    """A queue of households waiting for the county's decision, a page at a time: the
    count, the table and the page buttons on the left, the subclass's detail and buttons
    (`side`) on the right, the page and the row chosen kept across reloads (a decision
    reloads the page it was made on). `decided(household id)` after a decision is saved.
    The subclass reads a page with `fetch(ctx, where)` (`where`: the keyword arguments
    of the core's `page`) and shows it with `show_rows`."""

    decided = Signal(str)

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        context: Callable[[], RuleContext],
        failed: Callable[[UserError], None],
        lang: str,
        headers: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.context, self.failed = store, tasks, context, failed
        self.lang = lang
        self.items: list[dict[str, Any]] = []
        self.loading = False
        self.queue = table(headers)
        self.queue.itemSelectionChanged.connect(self._selected)
        self.count = QLabel()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.page: Page | None = None
        self.page_size = PAGE_SIZE
        self._ctx: RuleContext | None = None
        # Where the page shown starts: by key, so that a decision (which takes a row
        # out of the queue) reloads the same stretch of the queue, not a shifted one.
        self.where: dict[str, Any] = {}
        self.previous_button = QPushButton(tr("上一页"))
        self.next_button = QPushButton(tr("下一页"))
        self.previous_button.setShortcut(QKeySequence("Alt+PgUp"))
        self.next_button.setShortcut(QKeySequence("Alt+PgDown"))
        self.previous_button.setToolTip(tr("上一页（Alt+PgUp）"))
        self.next_button.setToolTip(tr("下一页（Alt+PgDown）"))
        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.page_label = QLabel()
        self._show_page()

    def lay_out(self, side: QVBoxLayout) -> None:
        """Place the queue beside `side` (which ends with the message line)."""
        side.addWidget(self.message)
        right = QWidget()
        right.setLayout(side)
        side.setContentsMargins(0, 0, 0, 0)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.count)
        box.addWidget(self.queue, 1)
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_button)
        box.addLayout(nav)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._selected()

    def load(self, work: Callable[[], object], done: Callable[[object], None]) -> None:
        """Read the queue in the background; `done` gets what `work` returned."""
        self.loading = True
        self._show_page()
        self.tasks.run(work, done, self.failed, after=self._idle)

    def _idle(self) -> None:
        self.loading = False
        self._show_page()

    def reload(self, keep: str | None = None) -> None:
        """The page shown, read again (the first page the first time)."""
        self.load_page(self.where, keep)

    def first_page(self) -> None:
        self.load_page({})

    def next_page(self) -> None:
        if self.page is not None and self.page.has_next and not self.loading:
            self.load_page({"after": self.page.last_key}, same_context=True)

    def previous_page(self) -> None:
        if self.page is not None and self.page.has_previous and not self.loading:
            self.load_page({"before": self.page.first_key}, same_context=True)

    def load_page(
        self, where: dict[str, Any], keep: str | None = None, *, same_context: bool = False
    ) -> None:
        """Read a page on the worker. The rule context (which reads every member of the
        county) is built there too, and kept for turning pages: a page turn then costs
        the page alone."""
        self.where = where
        known = self._ctx if same_context else None
        asked = {**where, "size": self.page_size}

        def work() -> tuple[RuleContext, object]:
            ctx = known if known is not None else self.context()
            return ctx, self.fetch(ctx, asked)

        self.load(work, lambda got: self._fetched(got, keep))

    def _fetched(self, done: object, keep: str | None) -> None:
        assert isinstance(done, tuple)
        self._ctx, got = done
        page = got[0] if isinstance(got, tuple) else got
        assert isinstance(page, Page)
        if not page.rows and page.total > 0:
            # The last household of the last page was decided: show the last page now.
            self.load_page({"number": page.pages}, keep, same_context=True)
            return
        self.page = page
        self.loaded(got, keep)

    def fetch(self, ctx: RuleContext, where: dict[str, Any]) -> object:
        """On the worker: a `Page` (or a tuple starting with one); `where` holds the
        keyword arguments of the core's `page` (the start, and `size`)."""
        raise NotImplementedError

    def loaded(self, got: object, keep: str | None) -> None:
        """Back on the GUI thread with what `fetch` returned: `show_rows`."""
        raise NotImplementedError

    def _show_page(self) -> None:
        page = self.page
        if page is None:
            self.page_label.setText("")
        else:
            self.page_label.setText(tr("第 {0} / {1} 页").format(page.number, page.pages))
        self.previous_button.setEnabled(page is not None and page.has_previous and not self.loading)
        self.next_button.setEnabled(page is not None and page.has_next and not self.loading)

    def show_rows(
        self,
        rows: list[dict[str, Any]],
        cells: list[list[object]],
        count: str,
        key: str,
        keep: str | None,
    ) -> None:
        """Fill the table, select the row whose `key` is `keep` (else the first)."""
        self.loading = False
        self._show_page()
        self.items = rows
        fill(self.queue, cells)
        self.count.setText(count)
        ids = [r[key] for r in rows]
        if ids:
            self.queue.selectRow(ids.index(keep) if keep in ids else 0)
        self._selected()

    def current(self) -> dict[str, Any] | None:
        rows = self.queue.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()]

    def _selected(self) -> None:
        """The chosen row changed: the subclass shows it."""
