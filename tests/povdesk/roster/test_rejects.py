"""Every kind of bad roster is refused whole, names row, column and value, and leaves the
database exactly as it was (checked on a store that already holds an earlier import)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

import pytest

from povdesk.errors import UserError
from povdesk.roster import RosterRejected, import_roster

Rows = list[dict[str, str]]


def bad_checksum(rows: Rows) -> tuple[int, str, str]:
    good = rows[1]["证件号码"]
    rows[1]["证件号码"] = good[:17] + ("0" if good[17] != "0" else "1")
    return 3, "证件号码", rows[1]["证件号码"]


def bad_id_date(rows: Rows) -> tuple[int, str, str]:
    rows[2]["证件号码"] = "420323" + "20120231" + "0681"  # 31 February
    return 4, "证件号码", rows[2]["证件号码"]


def bad_province(rows: Rows) -> tuple[int, str, str]:
    good = rows[2]["证件号码"]
    rows[2]["证件号码"] = "99" + good[2:]
    return 4, "证件号码", rows[2]["证件号码"]


def excel_mangled_id(rows: Rows) -> tuple[int, str, str]:
    rows[2]["证件号码"] = "4.20323201206058E+17"
    return 4, "证件号码", rows[2]["证件号码"]


def excel_mangled_household_number(rows: Rows) -> tuple[int, str, str]:
    rows[2]["户编号"] = "4.20323105201E+15"
    return 4, "户编号", "4.20323105201E+15"


def sex_disagrees(rows: Rows) -> tuple[int, str, str]:
    rows[1]["性别"] = "男"  # 李秀英's number says female
    return 3, "性别", "男"


def birth_disagrees(rows: Rows) -> tuple[int, str, str]:
    rows[0]["出生日期"] = "1962-03-15"
    return 2, "出生日期", "1962-03-15"


def unknown_code(rows: Rows) -> tuple[int, str, str]:
    rows[2]["在校生状况"] = "研究生院"
    return 4, "在校生状况", "研究生院"


def unknown_multi_code(rows: Rows) -> tuple[int, str, str]:
    rows[0]["次要致贫原因"] = "缺技术、运气差"
    return 2, "次要致贫原因", "缺技术、运气差"


def three_decimals(rows: Rows) -> tuple[int, str, str]:
    rows[0]["工资性收入"] = "18000.005"
    return 2, "工资性收入", "18000.005"


def negative_money(rows: Rows) -> tuple[int, str, str]:
    rows[3]["转移性收入"] = "-100"
    return 5, "转移性收入", "-100"


def text_money(rows: Rows) -> tuple[int, str, str]:
    rows[3]["工资性收入"] = "六千"
    return 5, "工资性收入", "六千"


def bad_yes_no(rows: Rows) -> tuple[int, str, str]:
    rows[4]["是否参加城乡居民基本医疗保险"] = "也许"
    return 6, "是否参加城乡居民基本医疗保险", "也许"


def bad_months(rows: Rows) -> tuple[int, str, str]:
    rows[4]["务工时间"] = "13"
    return 6, "务工时间", "13"


def bad_date(rows: Rows) -> tuple[int, str, str]:
    rows[1]["出生日期"] = "1964-13-02"
    return 3, "出生日期", "1964-13-02"


def no_head(rows: Rows) -> tuple[int, str, str]:
    rows[3]["与户主关系"] = "之父"
    return 5, "与户主关系", "之父"


def two_heads(rows: Rows) -> tuple[int, str, str]:
    rows[1]["与户主关系"] = "户主"
    return 3, "与户主关系", "户主"


def duplicate_id(rows: Rows) -> tuple[int, str, str]:
    rows[4]["证件号码"] = rows[3]["证件号码"]  # 陈晓燕 given her father's number
    return 6, "证件号码", rows[3]["证件号码"]


def empty_household_number(rows: Rows) -> tuple[int, str, str]:
    rows[2]["户编号"] = ""
    return 4, "户编号", ""


def empty_name(rows: Rows) -> tuple[int, str, str]:
    rows[2]["姓名"] = ""
    return 4, "姓名", ""


def income_without_year(rows: Rows) -> tuple[int, str, str]:
    rows[3]["收入年度"] = ""
    return 5, "收入年度", ""


BREAKERS: list[Callable[[Rows], tuple[int, str, str]]] = [
    bad_checksum, bad_id_date, bad_province, excel_mangled_id, excel_mangled_household_number,
    sex_disagrees, birth_disagrees,
    unknown_code, unknown_multi_code, three_decimals, negative_money, text_money, bad_yes_no,
    bad_months, bad_date, no_head, two_heads, duplicate_id, empty_household_number, empty_name,
    income_without_year,
]  # fmt: skip


@pytest.fixture
def seeded(store, csv_file, rows, db_dump):
    """A store that already holds the good roster, and its dump."""
    import_roster(store, csv_file(rows, name="first.csv"))
    return store, db_dump(store)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda f: f.__name__)
def test_bad_row_rejects_whole_file(seeded, rows, csv_file, xlsx_file, db_dump, breaker, fmt):
    store, before = seeded
    rows[0]["工资性收入"] = "99999"  # a good change that must not land either
    row, column, value = breaker(rows)
    path = csv_file(rows) if fmt == "csv" else xlsx_file(rows, typed=False)
    with pytest.raises(RosterRejected) as err:
        import_roster(store, path)
    problems = err.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [(row, column, value)]
    assert problems[0].zh and problems[0].en
    assert f"第 {row} 行" in err.value.zh and f"row {row}" in err.value.en
    assert err.value.report.problems == problems
    assert db_dump(store) == before


def test_every_problem_is_listed(seeded, rows, csv_file, db_dump):
    store, before = seeded
    three_decimals(rows)
    bad_checksum(rows)
    unknown_code(rows)
    with pytest.raises(RosterRejected) as err:
        import_roster(store, csv_file(rows))
    assert [(p.row, p.column) for p in err.value.problems] == [
        (2, "工资性收入"),
        (3, "证件号码"),
        (4, "在校生状况"),
    ]
    lines = err.value.report.lines("en")
    assert "3 problem(s)" in lines[0]
    assert db_dump(store) == before


def test_rejected_dry_run_also_raises(store, rows, csv_file, db_dump):
    before = db_dump(store)
    negative_money(rows)
    with pytest.raises(RosterRejected) as err:
        import_roster(store, csv_file(rows), dry_run=True)
    assert err.value.report.dry_run
    assert db_dump(store) == before


# -- files that are not a roster at all --------------------------------------------------
def test_missing_required_header(seeded, rows, csv_file, db_dump):
    store, before = seeded
    for r in rows:
        del r["证件号码"], r["与户主关系"]
    with pytest.raises(UserError) as err:
        import_roster(store, csv_file(rows))
    assert not isinstance(err.value, RosterRejected)
    assert "证件号码" in err.value.zh and "与户主关系" in err.value.zh
    assert "姓名" not in err.value.zh
    assert "证件号码" in err.value.en
    assert db_dump(store) == before


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("random.xlsx", os.urandom(2048), "roster_not_spreadsheet"),
        ("zip-but-not-excel.xlsx", b"PK\x03\x04" + os.urandom(512), "roster_not_spreadsheet"),
        ("random.csv", b"\x00\xff\xfe" + os.urandom(512), "roster_not_spreadsheet"),
        ("empty.csv", b"", "roster_empty"),
        ("blank.csv", b"\r\n\r\n", "roster_empty"),
        ("empty.xlsx", b"", "roster_empty"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "roster_file_type"),
        ("roster.txt", "户编号,姓名\n".encode(), "roster_file_type"),
        ("roster", b"x", "roster_file_type"),
    ],
)
def test_unreadable_files(seeded, tmp_path, db_dump, name, content, code):
    store, before = seeded
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as err:
        import_roster(store, path)
    assert err.value.code == code
    assert name in err.value.zh or code == "roster_file_type"
    assert db_dump(store) == before


def test_empty_workbook(seeded, tmp_path, xlsx_file, db_dump):
    store, before = seeded
    import openpyxl

    path = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(UserError) as err:
        import_roster(store, path)
    assert err.value.code == "roster_empty"
    assert db_dump(store) == before


def test_future_birth_in_id(seeded, rows, csv_file, id_number, db_dump):
    store, before = seeded
    rows[2]["证件号码"] = id_number(dt.date.today() + dt.timedelta(days=30), 68)
    with pytest.raises(RosterRejected) as err:
        import_roster(store, csv_file(rows))
    assert [(p.row, p.column) for p in err.value.problems] == [(4, "证件号码")]
    assert db_dump(store) == before
