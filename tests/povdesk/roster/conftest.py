"""Builders for the roster tests: a good two-household roster that each test then breaks,
writers for CSV and .xlsx, and a full dump of the database to prove nothing was written.

With --import-mode=importlib test modules cannot import each other, so the builders are
handed out as fixtures.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from povdesk.codes import StoreRole
from povdesk.models import metadata
from povdesk.rules import idcard
from povdesk.store import Store

VILLAGE_CODE = "420323105201"
COUNTY = "420323"  # 竹山县
HH1 = "4203231052010001"
HH2 = "4203231052010002"

Rows = list[dict[str, str]]


def id_of(birth: dt.date, seq: int) -> str:
    return idcard.make(COUNTY, birth, seq)


# Two households, five people. Household-level columns only on the head rows.
PEOPLE: list[tuple[str, str, dt.date, int, str, dict[str, str]]] = [
    (HH1, "王德明", dt.date(1962, 3, 14), 31, "户主", {"健康状况": "健康", "务工时间": "0"}),
    (HH1, "李秀英", dt.date(1964, 8, 2), 42, "配偶", {"健康状况": "长期慢性病、大病"}),
    (HH1, "王小雨", dt.date(2012, 6, 5), 68, "之孙女", {"在校生状况": "小学", "文化程度": "小学"}),
    (HH2, "陈光荣", dt.date(1955, 1, 9), 13, "户主", {"劳动技能": "弱劳动力"}),
    (HH2, "陈晓燕", dt.date(2005, 4, 17), 86, "女", {"在校生状况": "高中", "务工时间": "3个月"}),
]
HOUSEHOLDS: dict[str, dict[str, str]] = {
    HH1: {
        "村民小组": "一组",
        "联系电话": "13971234501",
        "贫困户属性": "一般贫困户",
        "主要致贫原因": "因病",
        "次要致贫原因": "缺技术、缺资金",
        "识别标准": "国家标准",
        "识别年度": "2014",
        "脱贫属性": "未脱贫",
        "危房等级": "D级",
        "饮水是否安全": "是",
        "住房面积": "86.5",
        "收入年度": "2019",
        "工资性收入": "18000",
        "生产经营性收入": "3500.50",
        "财产性收入": "0",
        "转移性收入": "2400.05",
        "生产经营性支出": "1200",
    },
    HH2: {
        "村民小组": "二组",
        "贫困户属性": "低保贫困户",
        "主要致贫原因": "因学",
        "次要致贫原因": "因病; 缺劳力",
        "脱贫属性": "已脱贫",
        "饮水是否安全": "否",
        "收入年度": "2019",
        "工资性收入": "6000.1",
        "转移性收入": "5640.80",
    },
}
HEADERS = [
    "户编号", "姓名", "证件号码", "与户主关系", "性别", "出生日期", "民族", "文化程度",
    "在校生状况", "健康状况", "劳动技能", "务工时间", "是否参加城乡居民基本医疗保险",
    "是否享受农村低保", "村民小组", "联系电话", "识别标准", "贫困户属性", "识别年度", "脱贫属性",
    "主要致贫原因", "次要致贫原因", "住房面积", "危房等级", "饮水是否安全", "收入年度",
    "工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出",
]  # fmt: skip


def good_rows() -> Rows:
    rows = []
    for hh, name, birth, seq, relation, extra in PEOPLE:
        row = {h: "" for h in HEADERS}
        row.update(
            {
                "户编号": hh,
                "姓名": name,
                "证件号码": id_of(birth, seq),
                "与户主关系": relation,
                "民族": "汉族",
                "是否参加城乡居民基本医疗保险": "是",
                "是否享受农村低保": "否",
                **extra,
            }
        )
        if relation == "户主":
            row.update(HOUSEHOLDS[hh])
        rows.append(row)
    # Some rows give sex and birth date (agreeing with the ID), some leave them to it.
    rows[0]["性别"], rows[0]["出生日期"] = "男", "1962/3/14"
    rows[1]["出生日期"] = "19640802"
    return rows


def write_csv(
    path: Path, rows: Rows, *, encoding: str = "utf-8", headers: list[str] | None = None
) -> Path:
    headers = headers if headers is not None else list(rows[0]) if rows else HEADERS
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.DictWriter(f, headers, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: Rows, *, typed: bool = True, title: str | None = None) -> Path:
    """Like a user's workbook: with `typed`, numbers are numbers and dates are dates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if title is not None:
        ws.append([title])
        ws.append([])
    headers = list(rows[0]) if rows else HEADERS
    ws.append(headers)
    for row in rows:
        ws.append([_typed(h, row.get(h, "")) if typed else row.get(h, "") for h in headers])
    wb.save(path)
    return path


def _typed(header: str, value: str) -> Any:
    if value == "":
        return None
    if header == "出生日期":
        return dt.datetime.strptime(
            value.replace("/", "-"), "%Y-%m-%d" if "-" in value or "/" in value else "%Y%m%d"
        )
    if header in (
        "工资性收入",
        "生产经营性收入",
        "财产性收入",
        "转移性收入",
        "生产经营性支出",
        "住房面积",
    ):
        return float(value) if "." in value else int(value)
    if header in ("识别年度", "收入年度"):
        return int(value)
    return value


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (audit log and meta included), in a stable order."""
    out = {}
    with store.read() as conn:
        for t in metadata.sorted_tables:
            rows = conn.execute(select(t)).all()
            out[t.name] = sorted((tuple(r) for r in rows), key=repr)
    return out


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "t.sqlite", create=True)
    s.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村")
    yield s
    s.close()


@pytest.fixture
def rows() -> Rows:
    return good_rows()


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: Rows, name: str = "roster.csv", **kw: Any) -> Path:
        return write_csv(tmp_path / name, rows, **kw)

    return make


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: Rows, name: str = "roster.xlsx", **kw: Any) -> Path:
        return write_xlsx(tmp_path / name, rows, **kw)

    return make


@pytest.fixture
def db_dump() -> Callable[[Store], dict[str, list[tuple[Any, ...]]]]:
    return dump


@pytest.fixture
def id_number() -> Callable[[dt.date, int], str]:
    return id_of
