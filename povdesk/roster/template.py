"""A blank roster workbook for teams to fill in: exactly the headers the importer reads.

Everything in it comes from the column map and the code lists, so the template cannot
drift from what import accepts.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from povdesk.roster.columns import COLUMNS, ORDER, REQUIRED, Column

SHEET_ROSTER = "花名册"
SHEET_CODES = "代码表"
SHEET_HELP = "说明"
VALIDATED_ROWS = 5000  # drop-down lists cover this many data rows
# Long digit strings in a General cell become 4.2032319700501E+17 in Excel: keep them text.
_TEXT_FIELDS = frozenset({("household", "number"), ("member", "id_number"), ("household", "phone")})

HELP = (
    "填写说明",
    "1. 每位家庭成员填一行；同一户的成员填写相同的户编号，每户必须有且只有一个户主"
    "（与户主关系填“户主”）。",
    f"2. 必填列：{'、'.join(REQUIRED)}。其余列可留空，留空的内容导入时不会覆盖系统中已有的数据。",
    "3. 户级信息（村民小组、联系电话、贫困户属性、致贫原因、住房饮水等）和收入只从户主那一行读取，"
    "其他成员行可以不填。",
    "4. 金额以“元”为单位，最多两位小数（如 8000 或 8000.50），不能为负数；收入须同时填写收入年度。",
    "5. 是否类栏目填“是”或“否”（也可填 有/无、Y/N、1/0）。",
    "6. 代码类栏目填中文名称（见“代码表”），多选栏目（次要致贫原因、健康状况）用顿号“、”分隔。",
    "7. 证件号码、户编号请保持文本格式，以免 Excel 把长数字改成科学计数法而丢失末几位；"
    "15 位旧身份证号会自动升级为 18 位。",
    "8. 出生日期、性别可不填，将按证件号码自动填写；如填写，须与证件号码一致。",
    "9. 日期写作 2013-05-01、2013/5/1 或 20130501；务工时间填 0–12 的月数。",
    "10. 导入前会检查整个文件，有任何问题则一行也不导入，并列出每个问题所在的行、列和内容。",
    "11. 已脱贫等状态变化不会通过导入修改，须在系统中经退出核查办理。",
)


def write_template(path: str | Path) -> Path:
    # Imported here: openpyxl is slow to import and only a few commands need it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    out = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_ROSTER
    codes_ws = wb.create_sheet(SHEET_CODES)
    help_ws = wb.create_sheet(SHEET_HELP)
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFE699")
    ranges = _write_codes(codes_ws, bold)

    for i, header in enumerate(ORDER, start=1):
        col = COLUMNS[header]
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=header)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center")
        if col.required:
            cell.fill = required_fill
        ws.column_dimensions[letter].width = max(_width(header) + 4, _data_width(col))
        if (col.entity, col.field) in _TEXT_FIELDS:
            ws.column_dimensions[letter].number_format = "@"
        target = f"{letter}2:{letter}{VALIDATED_ROWS + 1}"
        listed = (
            '"是，否"' if col.kind == "bool" else ranges.get(header) if col.kind == "code" else None
        )
        if listed is not None:
            # A drop-down to help, not a wall: aliases (e.g. 子 for 之子) are accepted too.
            dv = DataValidation(
                type="list", formula1=listed, allow_blank=True, showErrorMessage=False
            )
            dv.add(target)
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 24

    for i, line in enumerate(HELP, start=1):
        help_ws.cell(row=i, column=1, value=line).font = bold if i == 1 else Font()
    help_ws.column_dimensions["A"].width = 120
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def _write_codes(ws: Any, bold: Any) -> dict[str, str]:
    """One row per accepted value (column, code, name, other spellings); returns each
    single-choice column's range of names, for the roster sheet's drop-downs."""
    ws.append(["栏目", "代码", "名称", "也可填写"])
    for cell in ws[1]:
        cell.font = bold
    ranges: dict[str, str] = {}
    for header in ORDER:
        col = COLUMNS[header]
        if col.kind == "bool":
            ws.append([header, "", "是 / 否", "有/无、Y/N、1/0"])
            continue
        if col.codes is None:
            continue
        first = ws.max_row + 1
        name = f"{header}（可多选，用、分隔）" if col.kind == "codes" else header
        for m in col.codes:
            ws.append([name, m.value, m.zh, "、".join(a for a in m.aliases if a != m.zh)])
        ranges[header] = f"'{SHEET_CODES}'!$C${first}:$C${ws.max_row}"
    for letter, width in zip("ABCD", (36, 8, 24, 48), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    return ranges


def _width(text: str) -> int:
    """Display width: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _data_width(col: Column) -> int:
    if (col.entity, col.field) in _TEXT_FIELDS:
        return 22
    if col.kind == "codes":
        return 20
    return 10
