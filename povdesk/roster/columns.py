"""The roster's columns: which header fills which field, and how its text is read.

The headers are the national system's column names, declared once on the model fields
(`fld(..., roster=...)`); this module only adds what a declaration cannot say: which
headers are required, which are read once per household, and how to turn a cell's text
into a stored value. A value that cannot be read raises `BadValue`, which the importer
turns into a row problem (it never stops at the first one).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from povdesk.codes import CodeList
from povdesk.fields import specs
from povdesk.models import HouseholdData, IncomeData, MemberData

# Entity of each model, in the order the template lists their columns after the
# required ones: a person's own data first, then the household's, then its income.
_MODELS: tuple[tuple[str, type[Any]], ...] = (
    ("member", MemberData),
    ("household", HouseholdData),
    ("income", IncomeData),
)
# Without these a row cannot be placed: which household, who, and whether the head.
REQUIRED_FIELDS: tuple[tuple[str, str], ...] = (
    ("household", "number"),
    ("member", "name"),
    ("member", "id_number"),
    ("member", "relation"),
)
KINDS = frozenset({"str", "int", "float", "bool", "date", "code", "codes", "money"})

# Multi-choice cells (次要致贫原因, 健康状况) are typed with whatever separator is at hand.
MULTI_SEPARATORS = re.compile(r"[、,,;;\s]+")
_YES = frozenset({"是", "有", "y", "yes", "1", "true", "√"})
_NO = frozenset({"否", "无", "n", "no", "0", "false", "×"})
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
# A household's yearly income above this is a typing error, and far larger numbers
# would not even fit SQLite's 64-bit integers once in fen.
MAX_YUAN = Decimal(100_000_000)
FEN_PER_YUAN = 100
# Integers with a fixed meaning beyond their type: months in a year, plausible years.
_MONTHS = (0, 12)
_FIRST_YEAR = 1990
_YEAR_FIELDS = frozenset({("household", "identified_year"), ("income", "year")})
_UNIT_SUFFIXES = ("个月", "月", "元", "平方米", "㎡", "m²", "m2", "年")


class BadValue(ValueError):
    """A cell that cannot be read; `zh` and `en` say why, for the row problem."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class Column:
    header: str
    entity: str  # household, member or income
    field: str
    kind: str
    codes: type[CodeList] | None
    unit: str | None

    @property
    def household_level(self) -> bool:
        """Read from the 户主 row only: the household and its income are one per household."""
        return self.entity != "member"

    @property
    def required(self) -> bool:
        return (self.entity, self.field) in REQUIRED_FIELDS

    def parse(self, raw: str) -> Any:
        """The stored value for a non-empty cell; raises BadValue."""
        text = raw.strip()
        if self.kind == "str":
            return text
        if self.kind == "money":
            return parse_money(text)
        if self.kind == "bool":
            return parse_bool(text)
        if self.kind == "date":
            return parse_date(text)
        if self.kind == "float":
            return float(_non_negative(_decimal(_strip_unit(text))))
        if self.kind == "int":
            return self._parse_int(text)
        assert self.codes is not None  # code and codes columns always name their list
        if self.kind == "codes":
            return list(_codes_cached(self.codes, text))
        return _code_cached(self.codes, text)

    def _parse_int(self, text: str) -> int:
        number = _decimal(_strip_unit(text))
        if number != number.to_integral_value():
            raise BadValue("应为整数", "must be a whole number")
        value = int(number)
        if (self.entity, self.field) in _YEAR_FIELDS:
            last = dt.date.today().year + 1
            if not _FIRST_YEAR <= value <= last:
                raise BadValue(
                    f"年度应在 {_FIRST_YEAR}–{last} 之间",
                    f"a year must be within {_FIRST_YEAR}-{last}",
                )
        elif self.unit == "月" and not _MONTHS[0] <= value <= _MONTHS[1]:
            raise BadValue("月数应在 0–12 之间", "months must be within 0-12")
        elif value < 0:
            raise BadValue("不能为负数", "cannot be negative")
        return value


def _build() -> dict[str, Column]:
    out: dict[str, Column] = {}
    for entity, model in _MODELS:
        for s in specs(model):
            if s.roster is None:
                continue
            if s.kind not in KINDS or s.roster in out:
                # A declaration this reader cannot honour is a programming error.
                raise RuntimeError(f"roster column {s.roster} ({entity}.{s.name}) not importable")
            out[s.roster] = Column(s.roster, entity, s.name, s.kind, s.codes, s.unit)
    return out


COLUMNS: dict[str, Column] = _build()
REQUIRED: tuple[str, ...] = tuple(
    c.header for key in REQUIRED_FIELDS for c in COLUMNS.values() if (c.entity, c.field) == key
)
ORDER: tuple[str, ...] = REQUIRED + tuple(h for h in COLUMNS if h not in REQUIRED)
HEADER_MARK = COLUMNS[REQUIRED[0]].header  # 户编号: finds the header row


def column_of(entity: str, field: str) -> Column:
    for c in COLUMNS.values():
        if (c.entity, c.field) == (entity, field):
            return c
    raise KeyError(f"{entity}.{field}")


def canonical_header(text: str) -> str:
    """A header as written in a sheet, tidied: spaces, line breaks and a leading * go
    (templates mark required columns so), and a unit in brackets, as in 工资性收入(元)."""
    h = re.sub(r"\s+", "", text).lstrip("*＊")
    if h not in COLUMNS:
        bare = re.sub(r"[((][^()()]*[))]$", "", h)
        if bare in COLUMNS:
            return bare
    return h


# -- value readers -------------------------------------------------------------------
def parse_money(text: str) -> int:
    """Yuan with at most two decimals (角, 分) to integer fen, exactly (never a float)."""
    cleaned = text.removesuffix("元").strip()
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    yuan = _non_negative(_decimal(cleaned))
    fen = yuan * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise BadValue(
            "金额最多保留两位小数（以元为单位）", "an amount has at most two decimals (in yuan)"
        )
    if yuan > MAX_YUAN:
        raise BadValue("金额过大（以元为单位填写）", "amount too large (write it in yuan)")
    return int(fen)


def parse_bool(text: str) -> bool:
    key = text.strip().lower()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise BadValue("应填 是 或 否", "must be 是 (yes) or 否 (no)")


def parse_date(text: str) -> dt.date:
    """2013-05-01, 2013/5/1, 2013.5.1, 2013年5月1日 or 20130501 (an Excel date cell
    reaches here as 2013-05-01, see the reader)."""
    m = _DATE.match(text)
    if m is None and re.fullmatch(r"\d{8}", text):
        m = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if m is not None:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise BadValue("不是有效日期（应如 2013-05-01）", "not a valid date (e.g. 2013-05-01)")


def parse_code(codes: type[CodeList], text: str) -> str:
    found = codes.lookup(text)
    if found is None:
        raise _unknown(codes, text)
    return found.value


def parse_codes(codes: type[CodeList], text: str) -> list[str]:
    out: list[str] = []
    for part in MULTI_SEPARATORS.split(text):
        if part and (value := parse_code(codes, part)) not in out:
            out.append(value)
    return out


# A roster repeats a handful of code texts tens of thousands of times; reading each once
# keeps a county-sized file fast. Tuples, so no two rows ever share a mutable list.
@functools.lru_cache(maxsize=4096)
def _code_cached(codes: type[CodeList], text: str) -> str:
    return parse_code(codes, text)


@functools.lru_cache(maxsize=4096)
def _codes_cached(codes: type[CodeList], text: str) -> tuple[str, ...]:
    return tuple(parse_codes(codes, text))


def accepted(codes: type[CodeList]) -> str:
    """The Chinese names a code list accepts, for messages (long lists are cut short)."""
    names = [m.zh for m in codes]
    shown = "、".join(names[:8])
    return shown + ("等（见代码表）" if len(names) > 8 else "")


def _unknown(codes: type[CodeList], text: str) -> BadValue:
    return BadValue(
        f"不在代码表中，可填：{accepted(codes)}",
        f"not in the code list; accepted: {accepted(codes)}",
    )


def _strip_unit(text: str) -> str:
    for suffix in _UNIT_SUFFIXES:
        if text.endswith(suffix):
            return text.removesuffix(suffix).strip()
    return text


def _decimal(text: str) -> Decimal:
    if not _NUMBER.match(text):
        raise BadValue("不是数字", "not a number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise BadValue("不是数字", "not a number") from None


def _non_negative(number: Decimal) -> Decimal:
    if number < 0:
        raise BadValue("不能为负数", "cannot be negative")
    return number
