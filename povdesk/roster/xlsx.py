"""An .xlsx roster read as a stream of its stored cells, within limits (issue 11).

openpyxl's read-only rows are padded to the widest row: one cell in column XFD on
20,000 rows made 327 million empty cells (a 139 KB file took 2.75 GB). Here the sheet's
XML is parsed row by row (openpyxl's own parser), only cells that exist are kept, and a
file past the limits is refused before it can grow: its size on disk and inflated, the
shared-string table, rows, columns and cells. Formula cells are refused, naming the cell:
a roster is data, and a formula's text must never reach the store or a report.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from povdesk.errors import UserError

MAX_FILE = 64 << 20  # bytes on disk
MAX_INFLATED = 256 << 20  # all parts, as the archive declares them
# Every part but the sheets themselves (shared strings, styles, the workbook) is loaded
# whole by openpyxl: each is held to this, as the archive declares it (zipfile enforces
# the declared size when it reads).
MAX_PART = 32 << 20
MAX_ROWS = 300_000  # a county-wide roster's members, with room to spare
MAX_COLUMNS = 200  # the roster has about 40
MAX_CELLS = 8_000_000


@dataclass
class Grid:
    rows: list[list[Any]]  # dense up to each row's last stored cell; row i is Excel's i+1
    merged: list[str]  # merged ranges, e.g. "A3:A10"


def too_big(p: Path, zh: str, en: str) -> UserError:
    return UserError(
        f"{p.name} 超出花名册的大小上限（{zh}），未导入。请检查是否选错了文件，或把表格拆开。",
        f"{p.name} is beyond a roster's limits ({en}); nothing was imported. Check that it "
        "is the right file, or split the sheet.",
        code="roster_too_big",
    )


def formula(p: Path, row: int, column: int) -> UserError:
    cell = f"{get_column_letter(column)}{row}"
    return UserError(
        f"{p.name}：第 {row} 行第 {get_column_letter(column)} 列（{cell}）是公式，花名册只收数据。"
        "请在 Excel 中复制该列后“选择性粘贴—数值”，再导入。",
        f"{p.name}: row {row}, column {get_column_letter(column)} ({cell}) is a formula; a "
        "roster takes values only. In Excel, copy the column and Paste Special > Values, "
        "then import again.",
        code="roster_formula",
    )


def _check_archive(p: Path) -> None:
    if p.stat().st_size > MAX_FILE:
        raise too_big(p, f"文件超过 {MAX_FILE >> 20} MB", f"the file exceeds {MAX_FILE >> 20} MB")
    with zipfile.ZipFile(p) as z:
        infos = z.infolist()
    if sum(i.file_size for i in infos) > MAX_INFLATED:
        raise too_big(p, "解压后过大", "it inflates beyond the limit")
    for i in infos:
        sheet = i.filename.lower().startswith("xl/worksheets/")
        if not sheet and i.file_size > MAX_PART:
            raise too_big(p, f"{i.filename} 过大", f"{i.filename} is too large")


def read(p: Path) -> Grid:
    """The first sheet's cells; UserError for a file that is not a workbook, past the
    limits, or with a formula."""
    import openpyxl  # slow to import; only .xlsx needs it

    try:
        _check_archive(p)
        wb = openpyxl.load_workbook(p, read_only=True, data_only=False)
    except UserError:
        raise
    except Exception:  # openpyxl and zipfile report a damaged file with many types
        raise _not_xlsx(p) from None
    try:
        ws = wb.worksheets[0]
        return _grid(p, wb, ws)
    except UserError:
        raise
    except Exception:
        raise _not_xlsx(p) from None
    finally:
        wb.close()


def _grid(p: Path, wb: Any, ws: Any) -> Grid:
    from openpyxl.worksheet._reader import WorkSheetParser

    rows: list[list[Any]] = []
    cells = 0
    with ws._get_source() as src:
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=False,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for index, stored in _rows(parser):
            if index > MAX_ROWS:
                raise too_big(p, f"超过 {MAX_ROWS} 行", f"more than {MAX_ROWS} rows")
            while len(rows) < index - 1:  # rows the file leaves out are empty
                rows.append([])
            dense: list[Any] = []
            for c in stored:
                column = c["column"]
                if c["value"] is None:
                    continue
                if column > MAX_COLUMNS:
                    raise too_big(
                        p,
                        f"第 {index} 行在第 {get_column_letter(column)} 列有内容，"
                        f"超过 {MAX_COLUMNS} 列",
                        f"row {index} has a cell in column {get_column_letter(column)}, "
                        f"beyond {MAX_COLUMNS} columns",
                    )
                if c["data_type"] == "f":
                    raise formula(p, index, column)
                cells += 1
                dense.extend([None] * (column - 1 - len(dense)))
                dense.append(c["value"])
            if cells > MAX_CELLS:
                raise too_big(p, f"超过 {MAX_CELLS} 个单元格", f"more than {MAX_CELLS} cells")
            rows.append(dense)
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    return Grid(rows, merged)


def _rows(parser: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    yield from parser.parse()


def _not_xlsx(p: Path) -> UserError:
    return UserError(
        f"文件 {p.name} 不是有效的 Excel (.xlsx) 表格（可能已损坏或扩展名不对）。",
        f"{p.name} is not a valid Excel (.xlsx) spreadsheet (damaged, or the wrong extension).",
        code="roster_not_spreadsheet",
    )
