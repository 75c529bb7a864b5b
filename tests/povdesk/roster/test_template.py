"""The fill-in template: its layout, and that a filled-in copy imports."""

from __future__ import annotations

import datetime as dt

import openpyxl

from povdesk.roster import REQUIRED, import_roster, write_template
from povdesk.roster.columns import COLUMNS
from povdesk.roster.template import SHEET_CODES, SHEET_HELP, SHEET_ROSTER


def test_template_layout(tmp_path):
    path = write_template(tmp_path / "sub" / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEET_ROSTER, SHEET_CODES, SHEET_HELP] == ["花名册", "代码表", "说明"]
    ws = wb[SHEET_ROSTER]
    headers = [c.value for c in ws[1]]
    assert headers[: len(REQUIRED)] == ["户编号", "姓名", "证件号码", "与户主关系"]
    assert sorted(headers) == sorted(COLUMNS)
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 1  # no pre-styled empty rows that would push appended data down
    assert all(ws.column_dimensions[c.column_letter].width >= 10 for c in ws[1])
    id_col = ws.cell(row=1, column=headers.index("证件号码") + 1).column_letter
    assert ws.column_dimensions[id_col].number_format == "@"

    codes = [tuple(r) for r in wb[SHEET_CODES].iter_rows(min_row=2, values_only=True)]
    assert ("在校生状况", "1", "非在校生", "否、不在校") in codes
    assert ("危房等级", "D", "D级", "d") in codes
    assert any(r[0].startswith("健康状况") and r[2] == "大病" and "患有大病" in r[3] for r in codes)
    assert any(r[0] == "是否享受农村低保" and "是" in r[2] for r in codes)
    assert not any(r[0] == "姓名" for r in codes)
    help_text = "\n".join(str(r[0]) for r in wb[SHEET_HELP].iter_rows(values_only=True))
    assert (
        "元" in help_text
        and "是" in help_text
        and "户主" in help_text
        and "每位家庭成员" in help_text
    )


def test_filled_template_imports(tmp_path, store, id_number):
    path = write_template(tmp_path / "template.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET_ROSTER]
    col = {c.value: c.column for c in ws[1]}
    people = [
        {
            "户编号": "4203231052010009",
            "姓名": "刘永福",
            "与户主关系": "户主",
            "证件号码": id_number(dt.date(1948, 7, 30), 17),
            "出生日期": dt.datetime(1948, 7, 30),
            "是否特困供养": "是",
            "贫困户属性": "特困供养贫困户",
            "主要致贫原因": "缺劳力",
            "收入年度": 2019,
            "转移性收入": 4321.5,
            "生产经营性收入": 800,
        },
        {
            "户编号": "4203231052010009",
            "姓名": "刘春花",
            "与户主关系": "之女",
            "证件号码": id_number(dt.date(1975, 1, 2), 28),
            "健康状况": "残疾",
            "性别": "女",
        },
    ]
    for i, person in enumerate(people, start=2):
        for header, value in person.items():
            ws.cell(row=i, column=col[header], value=value)
    wb.save(path)

    report = import_roster(store, path)
    assert [report.counts[k].created for k in ("household", "member", "income")] == [1, 2, 1]
    hh = store.households.find("4203231052010009")
    assert hh is not None and (hh.category, hh.main_cause) == ("3", "08")
    members = {m.name: m for m in store.members.of(hh.id)}
    assert members["刘永福"].tekun is True and members["刘永福"].sex == "1"
    assert members["刘春花"].health == ["4"] and members["刘春花"].relation == "04"
    (income,) = store.incomes.of(hh.id)
    assert (income.transfer_other, income.production) == (432_150, 80_000)
