"""Read-only tables shared by the county window's tabs: one row per record, filled from
plain data, a row marked in colour where it needs the user's eye."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

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
