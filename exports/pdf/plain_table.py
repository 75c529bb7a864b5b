"""A ruled table of one-line cells, drawn straight onto the canvas.

Most tables on a household's paper are a few rows of short labels and values (the
header block, the checklist, the signature lines). reportlab's Table resolves a style
per cell and saves and restores the canvas state around each cell: for a village's
visit records that was the largest part of the print time. `PlainTable` draws such a
table the way Table does (the same row heights, text positions, backgrounds and
rules); anything it does not know (a cell of several lines, a style command other than
those `page.grid` gives, a table that must break across pages) is left to the real
Table, made only then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib.colors import Color, black
from reportlab.platypus import Flowable, Table

Font = tuple[str, float, float]  # name, size, leading
# The cell defaults of reportlab's Table (platypus.tables.CellStyle).
_FONT: Font = ("Helvetica", 10.0, 12.0)
_PADDINGS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
_PADDING = (6.0, 6.0, 3.0, 3.0)


class PlainTable(Flowable):
    """`cells` (strings, or flowables with a `one_line(width)` test and the Text
    drawing of page.py) in columns of `widths`, styled by `commands`; `make_table`
    makes the equivalent reportlab Table for whatever this one does not draw itself."""

    def __init__(
        self,
        cells: list[list[object]],
        widths: Sequence[float],
        commands: Sequence[tuple[Any, ...]],
        make_table: Callable[[], Table],
    ) -> None:
        super().__init__()
        self.cells, self.widths = cells, list(widths)
        self.hAlign = "CENTER"  # as a Table is placed
        self._make = make_table
        self._table: Table | None = None
        self._style = _resolve(tuple(commands), len(cells), len(self.widths))
        self._heights: list[float] = []

    def table(self) -> Table:
        if self._table is None:
            self._table = self._make()
        return self._table

    def _plain(self) -> bool:
        """Whether every cell is one line this table can draw itself."""
        if self._style is None or self._table is not None:
            return False
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                if isinstance(cell, str):
                    if "\n" in cell:
                        return False
                    continue
                one_line = getattr(cell, "one_line", None)
                pad = self._style.padding[r][c]
                if one_line is None or not one_line(self.widths[c] - pad[0] - pad[1]):
                    return False
        return True

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if not self._plain():
            w, h = self.table().wrap(aw, ah)
            self.width, self.height = w, h
            return w, h
        assert self._style is not None
        self._heights = []
        for r, row in enumerate(self.cells):
            tallest = 0.0
            for c, cell in enumerate(row):
                leading = self._style.font[r][c][2]
                if not isinstance(cell, str):
                    leading = cell.style.leading  # type: ignore[attr-defined]  # a page.Text
                _, _, top, bottom = self._style.padding[r][c]
                tallest = max(tallest, leading + top + bottom)
            self._heights.append(tallest)
        self.width, self.height = sum(self.widths), sum(self._heights)
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return list(self.table().split(aw, ah))

    def draw(self) -> None:
        if self._table is not None:
            self._table.drawOn(self.canv, 0, 0)
            return
        assert self._style is not None
        canvas, style = self.canv, self._style
        lefts = [sum(self.widths[:c]) for c in range(len(self.widths) + 1)]
        tops = [self.height - sum(self._heights[:r]) for r in range(len(self._heights) + 1)]
        canvas.saveState()
        for color, (c0, r0, c1, r1) in style.backgrounds:
            canvas.setFillColor(color)
            x, y = lefts[c0], tops[r1 + 1]
            canvas.rect(x, y, lefts[c1 + 1] - x, tops[r0] - y, stroke=0, fill=1)
        canvas.setFillColor(black)
        # The one-line strings go into one text object: a text object per cell (what
        # drawString makes) was a fifth of a village's print time.
        text = canvas.beginText()
        current: Font | None = None
        for r, row in enumerate(self.cells):
            bottom, height = tops[r + 1], self._heights[r]
            for c, cell in enumerate(row):
                left_pad, right_pad, top_pad, bottom_pad = style.padding[r][c]
                x = lefts[c] + left_pad
                if isinstance(cell, str):
                    font = style.font[r][c]
                    if not cell:
                        continue
                    if font != current:
                        text.setFont(*font)
                        current = font
                    _, size, leading = font
                    text.setTextOrigin(
                        x, bottom + (bottom_pad + height - top_pad + leading) / 2 - size
                    )
                    text.textOut(cell)
                elif isinstance(cell, Flowable):
                    # One line, placed as Table places a flowable (VALIGN MIDDLE).
                    _, h = cell.wrapOn(canvas, self.widths[c] - left_pad - right_pad, height)
                    y = bottom + (height + bottom_pad - top_pad + h) / 2 - h
                    line_into = getattr(cell, "line_into", None)  # page.Text
                    if line_into is not None and line_into(text, x, y):
                        current = None  # its runs set their own fonts
                        continue
                    # The text so far first, so that the page reads in the table's order.
                    canvas.drawText(text)
                    text, current = canvas.beginText(), None
                    cell.drawOn(canvas, x, y)
        canvas.drawText(text)
        for color, width, (c0, r0, c1, r1) in style.grids:
            canvas.setStrokeColor(color)
            canvas.setLineWidth(width)
            x0, x1, y0, y1 = lefts[c0], lefts[c1 + 1], tops[r1 + 1], tops[r0]
            lines = [(x0, tops[r], x1, tops[r]) for r in range(r0, r1 + 2)]
            lines += [(lefts[c], y0, lefts[c], y1) for c in range(c0, c1 + 2)]
            canvas.lines(lines)
        canvas.restoreState()


class _Style:
    def __init__(self, rows: int, cols: int) -> None:
        self.font: list[list[Font]] = [[_FONT] * cols for _ in range(rows)]
        self.padding: list[list[tuple[float, ...]]] = [[_PADDING] * cols for _ in range(rows)]
        self.backgrounds: list[tuple[Color, tuple[int, int, int, int]]] = []
        self.grids: list[tuple[Color, float, tuple[int, int, int, int]]] = []


@lru_cache(maxsize=1024)  # a village's tables are a few shapes, thousands of times
def _resolve(commands: tuple[tuple[Any, ...], ...], rows: int, cols: int) -> _Style | None:
    """Each cell's font and paddings, the backgrounds and the rules; None when a command
    is one this table leaves to reportlab's. The result is shared: never changed."""
    if not rows or not cols:
        return None
    style = _Style(rows, cols)
    valign_middle = False
    for cmd in commands:
        op, start, stop, *args = cmd
        c0, r0 = start[0] % cols, start[1] % rows
        c1, r1 = stop[0] % cols, stop[1] % rows
        if c0 > c1 or r0 > r1:
            return None
        span = (c0, r0, c1, r1)
        if op == "FONT":
            name, size = args[0], float(args[1])
            leading = float(args[2]) if len(args) > 2 else size * 1.2
            for r in range(r0, r1 + 1):
                style.font[r][c0 : c1 + 1] = [(name, size, leading)] * (c1 - c0 + 1)
        elif op in _PADDINGS:
            i = _PADDINGS.index(op)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    pad = list(style.padding[r][c])
                    pad[i] = float(args[0])
                    style.padding[r][c] = tuple(pad)
        elif op == "VALIGN" and args == ["MIDDLE"] and span == (0, 0, cols - 1, rows - 1):
            valign_middle = True
        elif op == "BACKGROUND" and isinstance(args[0], Color) and len(args) == 1:
            style.backgrounds.append((args[0], span))
        elif op == "GRID" and isinstance(args[1], Color) and len(args) == 2:
            style.grids.append((args[1], float(args[0]), span))
        else:
            return None
    return style if valign_middle else None
