"""Two workbooks a village cadre saves from the window: the village's roster alone (the
layout roster import reads, so it goes back in unchanged) and the problems of a rejected
import, one line per cell to fix, next to what the column accepts.

A roster cell's text is the cadre's own typing and may begin with "=": such text is
written as text, never as a formula (a stored value never becomes a formula).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from exports.xlsx.cells import Col, Sheet
from exports.xlsx.report import ROSTER, VILLAGE_COLS, _roster_col, _roster_rows
from povdesk.roster.columns import COLUMNS, ORDER
from povdesk.roster.hints import accepted_text
from povdesk.roster.report import RowProblem
from povdesk.store import Store

PROBLEMS = "问题清单"
PROBLEM_COLS = (
    Col("行号", "int"),
    Col("列", width=16),
    Col("填写的内容", width=24),
    Col("问题", width=50),
    Col("可以填写", width=50),
)


def write_roster_xlsx(store: Store, path: Path, *, village_id: str | None = None) -> int:
    """The roster sheet of every household of the village (all villages of the store when
    `village_id` is None); returns the number of member rows. The caller makes the write
    atomic (exports.files.atomic_path)."""
    wb = Workbook(write_only=True)
    wb.properties.title = "povdesk 花名册"
    wb.properties.creator = "povdesk"
    sheet = Sheet(wb, ROSTER, [*(_roster_col(COLUMNS[h]) for h in ORDER), *VILLAGE_COLS])
    villages = {v.id: v for v in store.villages.all()}
    for file in store.households.files(village_id=village_id):
        _roster_rows(sheet, file, villages[file.household.village_id])
    wb.save(path)
    return sheet.rows


def write_problems_xlsx(problems: Sequence[RowProblem], path: Path, lang: str = "zh") -> int:
    """One row per problem of a rejected roster; returns how many."""
    wb = Workbook(write_only=True)
    wb.properties.title = "花名册问题清单" if lang == "zh" else "Roster problems"
    wb.properties.creator = "povdesk"
    sheet = Sheet(wb, PROBLEMS, PROBLEM_COLS)
    for p in problems:
        sheet.ws.append(
            [
                p.row,
                _text(sheet, p.column),
                _text(sheet, p.value),
                _text(sheet, p.zh if lang == "zh" else p.en),
                _text(sheet, accepted_text(p.column, lang)),
            ]
        )
        sheet.rows += 1
    wb.save(path)
    return sheet.rows


def _text(sheet: Sheet, value: str) -> Any:
    """A cell that holds `value` as text whatever it starts with."""
    if not value:
        return None
    cell = WriteOnlyCell(sheet.ws, value=value)
    cell.data_type = "s"
    return cell
