"""Reading single cells: money to exact fen, yes/no, dates, codes, and the header map."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.codes import DangerGrade, Health, SchoolStatus
from povdesk.fields import specs
from povdesk.models import HouseholdData, IncomeData, MemberData
from povdesk.roster.columns import (
    COLUMNS,
    ORDER,
    REQUIRED,
    BadValue,
    canonical_header,
    column_of,
    parse_bool,
    parse_date,
    parse_money,
)

# The brief's list of recognised headers (besides the required four).
RECOGNISED = {
    "村民小组",
    "性别",
    "民族",
    "出生日期",
    "文化程度",
    "在校生状况",
    "健康状况",
    "劳动技能",
    "务工时间",
    "是否参加城乡居民基本医疗保险",
    "是否参加大病保险",
    "是否参加城乡居民基本养老保险",
    "是否享受农村低保",
    "是否特困供养",
    "联系电话",
    "贫困户属性",
    "主要致贫原因",
    "次要致贫原因",
    "识别标准",
    "识别年度",
    "脱贫属性",
    "危房等级",
    "饮水是否安全",
    "饮水是否困难",
    "是否通生活用电",
    "住房面积",
    "收入年度",
    "工资性收入",
    "生产经营性收入",
    "财产性收入",
    "转移性收入",
    "生产经营性支出",
}


def test_header_map_is_the_declared_roster_names():
    declared = {
        s.roster: s.name
        for m in (HouseholdData, MemberData, IncomeData)
        for s in specs(m)
        if s.roster
    }
    assert {h: c.field for h, c in COLUMNS.items()} == declared
    assert REQUIRED == ("户编号", "姓名", "证件号码", "与户主关系")
    assert set(COLUMNS) == RECOGNISED | set(REQUIRED)
    assert ORDER[:4] == REQUIRED and sorted(ORDER) == sorted(COLUMNS)
    assert column_of("income", "transfer_other").header == "转移性收入"
    assert COLUMNS["收入年度"].household_level and not COLUMNS["健康状况"].household_level


@pytest.mark.parametrize(
    ("text", "fen"),
    [("0", 0), ("8000", 800_000), ("8000.5", 800_050), ("3500.50", 350_050), ("0.29", 29),
     ("1,234.56", 123_456), ("1200元", 120_000), (".5", 50), ("12.50", 1250)],
)  # fmt: skip
def test_money_is_exact_fen(text, fen):
    value = parse_money(text)
    assert value == fen and isinstance(value, int)


@pytest.mark.parametrize("text", ["1.005", "0.001", "-1", "-0.01", "abc", "1e3", "1,23", "", "NaN"])
def test_bad_money(text):
    with pytest.raises(BadValue) as err:
        parse_money(text)
    assert err.value.zh and err.value.en


def test_money_messages_say_why():
    with pytest.raises(BadValue, match="two decimals"):
        parse_money("1.005")
    with pytest.raises(BadValue, match="negative"):
        parse_money("-5")
    with pytest.raises(BadValue, match="not a number"):
        parse_money("五元")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("是", True),
        ("否", False),
        ("有", True),
        ("无", False),
        ("Y", True),
        ("n", False),
        ("1", True),
        ("0", False),
        ("TRUE", True),
        ("False", False),
    ],
)
def test_yes_no(text, value):
    assert parse_bool(text) is value


def test_bad_yes_no():
    with pytest.raises(BadValue):
        parse_bool("2")


@pytest.mark.parametrize("text", ["2013-05-01", "2013/5/1", "20130501", "2013.5.1", "2013年5月1日"])
def test_dates(text):
    assert parse_date(text) == dt.date(2013, 5, 1)


@pytest.mark.parametrize("text", ["2013-02-30", "2013513", "5/1/2013", "昨天"])
def test_bad_dates(text):
    with pytest.raises(BadValue):
        parse_date(text)


def test_codes_by_name_alias_or_code():
    assert COLUMNS["在校生状况"].parse("非在校生") == SchoolStatus.NOT_STUDENT.value
    assert COLUMNS["在校生状况"].parse("初中(七至九年级)") == SchoolStatus.JUNIOR.value
    assert COLUMNS["危房等级"].parse("D级") == DangerGrade.D.value
    assert COLUMNS["与户主关系"].parse("01") == "01"
    assert COLUMNS["健康状况"].parse("患有大病") == [Health.SERIOUS.value]
    with pytest.raises(BadValue, match="code list"):
        COLUMNS["民族"].parse("火星族")


@pytest.mark.parametrize(
    "text",
    [
        "因病、因学",
        "因病,因学",
        "因病,因学",
        "因病;因学",
        "因病;因学",
        "因病 因学",
        " 因病 、 因学 , 因病",
    ],
)
def test_multi_choice_separators(text):
    assert COLUMNS["次要致贫原因"].parse(text) == ["01", "03"]


def test_multi_choice_values_are_not_shared():
    a, b = COLUMNS["健康状况"].parse("大病、残疾"), COLUMNS["健康状况"].parse("大病、残疾")
    assert a == b == ["3", "4"] and a is not b


@pytest.mark.parametrize(("text", "months"), [("0", 0), ("3个月", 3), ("12", 12), ("6月", 6)])
def test_months(text, months):
    assert COLUMNS["务工时间"].parse(text) == months


@pytest.mark.parametrize("text", ["13", "-1", "2.5", "半年"])
def test_bad_months(text):
    with pytest.raises(BadValue):
        COLUMNS["务工时间"].parse(text)


def test_years_and_area():
    assert COLUMNS["收入年度"].parse("2019") == 2019
    with pytest.raises(BadValue, match="year"):
        COLUMNS["收入年度"].parse("219")
    with pytest.raises(BadValue, match="year"):
        COLUMNS["识别年度"].parse(str(dt.date.today().year + 2))
    assert COLUMNS["住房面积"].parse("86.5") == 86.5
    assert COLUMNS["住房面积"].parse("86.5平方米") == 86.5
    with pytest.raises(BadValue):
        COLUMNS["住房面积"].parse("-3")


def test_canonical_header():
    assert canonical_header(" 证件\n号码 ") == "证件号码"
    assert canonical_header("*户编号") == "户编号"
    assert canonical_header("工资性收入(元)") == "工资性收入"
    assert canonical_header("住房面积(平方米)") == "住房面积"
    assert canonical_header("备注(其他)") == "备注(其他)"


def test_full_width_commas_and_separators_in_a_roster_cell():
    """Issue 15 §3: a full-width thousands comma was "not a number", and ，/； did not
    separate choices (the separator list named the ASCII marks twice)."""
    assert COLUMNS["工资性收入"].parse("1，234.50元") == 123_450
    assert COLUMNS["次要致贫原因"].parse("因病，因学；因残") == ["01", "03", "02"]
    assert COLUMNS["饮水是否困难"].parse("✓") is True
