"""Typed cells and plain sheets: what makes a povdesk workbook readable and exact.

Money is kept in integer fen and written as a Decimal in yuan (fen scaled by 10^-2,
exact: the file holds the text 3500.5, never a binary float's neighbour), shown with two
decimals; dates are real dates shown as yyyy-mm-dd; every sheet has one bold header row,
frozen, so it stays in view while scrolling. Sheets are written in openpyxl's write-only mode: a
county's 200,000 members stream to disk instead of sitting in memory as cell objects.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from povdesk.kinds import yuan_decimal
from povdesk.safe_text import formula_like

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOTAL_FONT = Font(bold=True)
# Widths (in Excel's character units) a value of each kind needs; text columns take the
# header's width or their declared one.
KIND_WIDTH = {"money": 14, "date": 12, "int": 8, "float": 10, "text": 12}


yuan = yuan_decimal  # 12345 fen -> Decimal('123.45'), exactly (povdesk.kinds)


@dataclass(frozen=True)
class Col:
    header: str
    kind: str = "text"  # text, int, float, money, date
    width: int | None = None


def display_width(text: str) -> int:
    """Columns Excel needs for `text`: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Sheet:
    """A write-only worksheet with a frozen header row and typed columns."""

    def __init__(self, wb: Workbook, title: str, cols: Sequence[Col]) -> None:
        self.ws = wb.create_sheet(title)
        self.cols = list(cols)
        self.ws.freeze_panes = "A2"
        for i, col in enumerate(self.cols, start=1):
            need = max(display_width(col.header) + 2, col.width or KIND_WIDTH[col.kind])
            self.ws.column_dimensions[get_column_letter(i)].width = min(need, 60)
        header = []
        for col in self.cols:
            cell = WriteOnlyCell(self.ws, value=col.header)
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
            header.append(cell)
        self.ws.append(header)
        self.rows = 0

    def append(self, values: Sequence[Any], *, total: bool = False) -> None:
        """One row; money values are integer fen, dates are dates, None is a blank.
        A total row is bold."""
        out: list[Any] = []
        for col, value in zip(self.cols, values, strict=True):
            if value is None or value == "":
                out.append(None)
            elif col.kind == "money":
                out.append(self._cell(yuan(value), MONEY_FORMAT, total))
            elif col.kind == "date":
                out.append(self._cell(_date(value), DATE_FORMAT, total))
            elif total:
                out.append(self._cell(value, None, total))
            elif type(value) is str and formula_like(value):
                out.append(as_text(WriteOnlyCell(self.ws, value=value)))
            else:
                out.append(value)
        self.ws.append(out)
        self.rows += not total

    def _cell(self, value: Any, number_format: str | None, bold: bool) -> Any:
        cell = as_text(WriteOnlyCell(self.ws, value=value))
        if number_format is not None:
            cell.number_format = number_format
        if bold:
            cell.font = TOTAL_FONT
        return cell


def as_text(cell: Any) -> Any:
    """A cell whose text would start a formula (a name "=HYPERLINK(...)") kept as text,
    with Excel's quote prefix so it stays text when the user edits it: data never
    becomes a live formula (issue 11)."""
    if isinstance(cell.value, str) and formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
