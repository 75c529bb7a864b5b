"""Reading files into rows of text: encodings, header row, row numbers, Excel cells."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from povdesk.errors import UserError
from povdesk.roster import read_roster


def test_csv_header_below_a_title_and_row_numbers(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "青龙村花名册,,\n\n户编号, 证件号码 ,姓名,与户主关系,工资性收入(元),备注\n"
        '0001,X,张三,户主,100,\n\n0001,Y,"李,四",配偶,,"多行\n文本"\n0002,Z,王五,户主,,\n',
        encoding="utf-8",
    )
    sheet = read_roster(path)
    assert sheet.headers == ["户编号", "证件号码", "姓名", "与户主关系", "工资性收入", "备注"]
    # Blank row 5 skipped; a quoted line break does not shift the next row's number.
    assert [n for n, _ in sheet.rows] == [4, 6, 7]
    assert sheet.rows[0][1]["工资性收入"] == "100"
    assert sheet.rows[1][1]["姓名"] == "李,四"
    assert sheet.rows[1][1]["备注"] == "多行\n文本"


def test_gb18030_csv(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("户编号,姓名,证件号码,与户主关系\n1,欧阳锋,X,户主\n".encode("gb18030"))
    assert read_roster(path).rows == [
        (2, {"户编号": "1", "姓名": "欧阳锋", "证件号码": "X", "与户主关系": "户主"})
    ]


def test_header_after_row_five_is_not_found(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("\n" * 5 + "户编号,姓名,证件号码,与户主关系\n1,a,b,c\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_roster(path)
    assert err.value.code == "roster_missing_columns"


def test_duplicate_header(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("户编号,姓名,证件号码,与户主关系,姓名\n", encoding="utf-8")
    with pytest.raises(UserError, match="姓名") as err:
        read_roster(path)
    assert err.value.code == "roster_duplicate_header"


def test_xlsx_cells_become_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["说明:金额以元计"])
    ws.append(
        [
            "户编号",
            "姓名",
            "证件号码",
            "与户主关系",
            "出生日期",
            "工资性收入",
            "是否特困供养",
            "住房面积",
        ]
    )
    ws.append(
        [
            "4203231052010001",
            "张三",
            "420323196203140318",
            "户主",
            dt.datetime(1962, 3, 14),
            0.1 + 0.2,
            True,
            80.0,
        ]
    )
    ws.append([None] * 8)
    ws.append([4203231052010001, "李四", "x", "配偶", dt.date(1964, 8, 2), 1200, False, None])
    ws.append([None, None, None, None, None, None, None, None, "stray cell right of the table"])
    wb.create_sheet("代码表").append(["户编号", "ignored second sheet"])
    path = tmp_path / "r.xlsx"
    wb.save(path)
    sheet = read_roster(path)
    assert [n for n, _ in sheet.rows] == [3, 5]
    first, second = sheet.rows[0][1], sheet.rows[1][1]
    assert first["出生日期"] == "1962-03-14"
    assert first["工资性收入"] == "0.3"  # what Excel shows, not 0.30000000000000004
    assert (first["是否特困供养"], first["住房面积"]) == ("TRUE", "80")
    assert second["户编号"] == "4203231052010001"
    assert (second["出生日期"], second["工资性收入"], second["住房面积"]) == (
        "1964-08-02",
        "1200",
        "",
    )
