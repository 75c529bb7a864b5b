"""Read a roster file (.xlsx or .csv) into rows of raw text, keyed by header.

Nothing here knows what a value means: cells become strings as the user would read
them, and each row keeps the number the user sees in Excel, so every later problem can
point at "row 12, column 证件号码".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from povdesk import kinds
from povdesk.errors import UserError, read_file
from povdesk.roster import xlsx
from povdesk.roster.columns import HEADER_MARK, REQUIRED, canonical_header
from povdesk.safe_text import formula_like, uncsv_cell

HEADER_SEARCH_ROWS = 5  # exports put a title or a note above the header row
SUFFIXES = (".xlsx", ".csv")

Row = tuple[int, dict[str, str]]


@dataclass
class Sheet:
    """The header row (tidied headers, in file order) and the data rows below it."""

    headers: list[str]
    rows: list[Row] = field(default_factory=list)


def read_roster(path: str | Path) -> Sheet:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        extra_zh = ",旧版 .xls 请在 Excel 中另存为 .xlsx" if suffix == ".xls" else ""
        extra_en = "; save an old .xls as .xlsx in Excel" if suffix == ".xls" else ""
        raise UserError(
            f"不支持的文件类型 {suffix or '（无扩展名）'}：花名册须为 .xlsx 或 .csv{extra_zh}。",
            f"Unsupported file type {suffix or '(none)'}: a roster must be .xlsx or .csv"
            f"{extra_en}.",
            code="roster_file_type",
        )
    try:
        size = p.stat().st_size
    except OSError:
        size = 0  # read_file below gives the clear message
    if size > xlsx.MAX_FILE:
        raise xlsx.too_big(
            p, f"文件超过 {xlsx.MAX_FILE >> 20} MB", f"the file exceeds {xlsx.MAX_FILE >> 20} MB"
        )
    data = read_file(p, code="roster_unreadable")
    if not data.strip():
        raise _empty(p)
    grid = _xlsx_rows(p) if suffix == ".xlsx" else _csv_rows(p, data)
    return _sheet(p, grid)


def _xlsx_rows(p: Path) -> list[list[str]]:
    grid = xlsx.read(p)
    rows = [[_cell_text(v) for v in row] for row in grid.rows]
    _refuse_merged_numbers(p, rows, grid.merged)
    return rows


def _refuse_merged_numbers(p: Path, rows: list[list[str]], merged: list[str]) -> None:
    """户编号 merged over a household's rows (a common way to lay a roster out) leaves it
    in the first row only: one clear message instead of "required" on every other row."""
    if not merged:
        return
    from openpyxl.utils.cell import range_boundaries

    header = next(
        (
            (i, [canonical_header(c) for c in row])
            for i, row in enumerate(rows[:HEADER_SEARCH_ROWS])
            if HEADER_MARK in (canonical_header(c) for c in row)
        ),
        None,
    )
    if header is None:
        return
    at, names = header
    column = names.index(HEADER_MARK) + 1
    for ref in merged:
        low_col, low_row, high_col, high_row = range_boundaries(ref)
        if low_col <= column <= high_col and high_row > at + 1 and high_row > low_row:
            raise UserError(
                f"{p.name}：「{HEADER_MARK}」列的第 {low_row} 至 {high_row} 行是合并单元格。"
                "请取消合并，并在每一行都填上户编号后再导入。",
                f"{p.name}: the {HEADER_MARK} (household number) cells of rows {low_row} to "
                f"{high_row} are merged. Unmerge them and give every row its household "
                "number, then import again.",
                code="roster_merged",
            )


_cell_text = kinds.cell_text  # a cell as the user reads it


def _csv_rows(p: Path, data: bytes) -> list[list[str]]:
    # Strict UTF-8 first: GB18030 decodes almost any bytes, UTF-8 rarely decodes GBK
    # text by accident, so this order tells them apart. utf-8-sig drops Excel's BOM.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise _not_a_roster(p, "CSV") from None
    if "\x00" in text:  # binary content that happened to decode
        raise _not_a_roster(p, "CSV")
    rows: list[list[str]] = []
    cells = 0
    # Most files have no "=" and no "'" at all: then no cell can be a formula or carry
    # csv_cell's apostrophe, and the per-cell looks are skipped.
    formulas, quoted = "=" in text, "'" in text
    try:
        for index, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
            if index > xlsx.MAX_ROWS or len(row) > xlsx.MAX_COLUMNS:
                raise xlsx.too_big(p, "行数或列数过多", "too many rows or columns")
            cells += len(row)
            if cells > xlsx.MAX_CELLS:
                raise xlsx.too_big(p, "单元格过多", "too many cells")
            for column, c in enumerate(row if formulas else (), start=1):
                # Excel would have run it: the same refusal as a formula in an .xlsx.
                if c.startswith("=") and formula_like(c):
                    raise xlsx.formula(p, index, column)
            stripped = list(map(str.strip, row))
            rows.append(list(map(uncsv_cell, stripped)) if quoted else stripped)
    except csv.Error:
        raise _not_a_roster(p, "CSV") from None
    return rows


def _sheet(p: Path, grid: Sequence[Sequence[str]]) -> Sheet:
    start = next(
        (
            i
            for i, row in enumerate(grid[:HEADER_SEARCH_ROWS])
            if HEADER_MARK in (canonical_header(c) for c in row)
        ),
        None,
    )
    if start is None:
        if not any(any(c for c in row) for row in grid):
            raise _empty(p)
        raise _missing(p, list(REQUIRED))
    headers = [canonical_header(c) for c in grid[start]]
    seen: set[str] = set()
    for h in headers:
        if h and h in seen:
            raise UserError(
                f"{p.name}：表头「{h}」出现了两次，请删去一列。",
                f"{p.name}: the header {h} appears twice; remove one column.",
                code="roster_duplicate_header",
            )
        seen.add(h)
    missing = [h for h in REQUIRED if h not in seen]
    if missing:
        raise _missing(p, missing)
    named = [h for h in headers if h]
    sheet = Sheet(named)
    # Each row's cells under their headers (columns without a header are dropped, short
    # rows padded with ""), the loops in C: this runs for every cell of the file.
    width = len(headers)
    pick = itemgetter(*[i for i, h in enumerate(headers) if h])
    padding = [""] * width
    for index, cells in enumerate(grid[start + 1 :], start=start + 2):
        if len(cells) < width:
            cells = [*cells, *padding[len(cells) :]]
        values = dict(zip(named, pick(cells) if len(named) > 1 else [pick(cells)], strict=True))
        if any(values.values()):  # blank lines between households are common
            sheet.rows.append((index, values))
    return sheet


def _empty(p: Path) -> UserError:
    return UserError(
        f"文件 {p.name} 是空的，没有可导入的内容。",
        f"The file {p.name} is empty: there is nothing to import.",
        code="roster_empty",
    )


def _not_a_roster(p: Path, kind: str) -> UserError:
    return UserError(
        f"文件 {p.name} 不是有效的 {kind} 表格（可能已损坏或扩展名不对）。",
        f"{p.name} is not a valid {kind} spreadsheet (damaged, or the wrong extension).",
        code="roster_not_spreadsheet",
    )


def _missing(p: Path, headers: list[str]) -> UserError:
    zh, en = "、".join(headers), ", ".join(headers)
    return UserError(
        f"{p.name} 缺少必填列：{zh}（表头须在前 {HEADER_SEARCH_ROWS} 行内）。",
        f"{p.name} lacks required columns: {en} (the header must be within the first "
        f"{HEADER_SEARCH_ROWS} rows).",
        code="roster_missing_columns",
    )
