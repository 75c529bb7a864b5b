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
from decimal import Decimal
from typing import Any

from povdesk import kinds
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

MULTI_SEPARATORS = kinds.LIST_SEPARATORS
# A household's yearly income above this is a typing error (the store itself takes up
# to kinds.MONEY_LIMIT, for a county's totals).
MAX_YUAN = Decimal(100_000_000)
FEN_PER_YUAN = kinds.FEN_PER_YUAN
# Integers with a fixed meaning beyond their type: months in a year, plausible years.
_MONTHS = (0, 12)
_FIRST_YEAR = 1990
_YEAR_FIELDS = frozenset({("household", "identified_year"), ("income", "year")})
BadValue = kinds.BadValue  # a cell that cannot be read; zh and en say why


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
        if self.kind == "int":
            return self._parse_int(text)
        if self.kind == "codes":
            assert self.codes is not None  # code and codes columns always name their list
            return list(_codes_cached(self.codes, text))
        if self.kind == "code":
            assert self.codes is not None
            return _code_cached(self.codes, text)
        return kinds.parse(self.kind, text, self.codes)

    def _parse_int(self, text: str) -> int:
        value = int(kinds.parse_number(text, whole=True))
        if (self.entity, self.field) in _YEAR_FIELDS:
            last = dt.date.today().year + 1
            if not _FIRST_YEAR <= value <= last:
                raise BadValue(
                    f"年度应在 {_FIRST_YEAR}–{last} 之间",
                    f"a year must be within {_FIRST_YEAR}-{last}",
                )
        elif self.unit == "月" and not _MONTHS[0] <= value <= _MONTHS[1]:
            raise BadValue("月数应在 0–12 之间", "months must be within 0-12")
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


# -- value readers: the field kinds' own (povdesk.kinds), plus the roster's limits -------
def parse_money(text: str) -> int:
    """Yuan with at most two decimals (角, 分) to integer fen, exactly (never a float);
    a household's figure above MAX_YUAN is a typing error."""
    fen = kinds.parse_money(text)
    if fen > MAX_YUAN * FEN_PER_YUAN:
        raise BadValue("金额过大（以元为单位填写）", "amount too large (write it in yuan)")
    return fen


parse_bool = kinds.parse_bool
parse_date = kinds.parse_date
parse_code = kinds.parse_code
parse_codes = kinds.parse_codes
accepted = kinds.accepted


# A roster repeats a handful of code texts tens of thousands of times; reading each once
# keeps a county-sized file fast. Tuples, so no two rows ever share a mutable list.
@functools.lru_cache(maxsize=4096)
def _code_cached(codes: type[CodeList], text: str) -> str:
    return parse_code(codes, text)


@functools.lru_cache(maxsize=4096)
def _codes_cached(codes: type[CodeList], text: str) -> tuple[str, ...]:
    return tuple(parse_codes(codes, text))
