"""Read a roster file (.xlsx or .csv) into rows of raw text, keyed by header.

Nothing here knows what a value means: cells become strings as the user would read
them, and each row keeps the number the user sees in Excel, so every later problem can
point at "row 12, column 证件号码".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from povdesk.errors import UserError, read_file
from povdesk.roster.columns import HEADER_MARK, REQUIRED, canonical_header

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
    data = read_file(p, code="roster_unreadable")
    if not data.strip():
        raise _empty(p)
    grid = _xlsx_rows(p) if suffix == ".xlsx" else _csv_rows(p, data)
    return _sheet(p, grid)


def _xlsx_rows(p: Path) -> list[list[str]]:
    # Imported here: openpyxl is slow to import and only .xlsx needs it.
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            # Some exporters write a wrong sheet size; without this, read_only mode
            # trusts it and silently drops columns or rows.
            ws.reset_dimensions()
            return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
    except Exception:  # openpyxl reports a damaged file with many different types
        raise _not_a_roster(p, "Excel (.xlsx)") from None


def _cell_text(value: Any) -> str:
    """A cell as the user reads it: dates as 2013-05-01, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # 15 significant digits is what Excel itself shows, so a computed 12.340000000000002
        # reads as the 12.34 the user sees; whole numbers lose the ".0".
        return format(value, ".15g")
    return str(value).strip()


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
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error:
        raise _not_a_roster(p, "CSV") from None


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
    sheet = Sheet([h for h in headers if h])
    for index, cells in enumerate(grid[start + 1 :], start=start + 2):
        values = dict(_pairs(headers, cells))
        if any(values.values()):  # blank lines between households are common
            sheet.rows.append((index, values))
    return sheet


def _pairs(headers: Sequence[str], cells: Sequence[str]) -> Iterable[tuple[str, str]]:
    for i, h in enumerate(headers):
        if h:
            yield h, cells[i] if i < len(cells) else ""


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
