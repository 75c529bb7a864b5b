"""Read-only tables shared by the county window's tabs: one row per record, filled from
plain data, a row marked in colour where it needs the user's eye; and the queue pane the
two decision tabs (审核, 监测审定) share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.store import Store
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
    """A queue of households waiting for the county's decision: the count and the table
    on the left, the subclass's detail and buttons (`side`) on the right, the row chosen
    kept across reloads. `decided(household id)` after a decision is saved."""

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
        self.tasks.run(work, done, self.failed, after=self._idle)

    def _idle(self) -> None:
        self.loading = False

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
