"""What every stored value must be, whichever way it came in: a form, the roster, a sync
bundle, the demo. `Tx` applies `row_problems` to every insert and update, so there is one
validator for every entrance (issue 11): a value a form would refuse cannot arrive by
sync instead.

- Text is text: no lone surrogates (they crash UTF-8 encoding, e.g. the audit hash), no
  control characters (terminal escapes, NUL) except line breaks in free text, no
  invisible direction marks, and a maximum length.
- Codes that can end up in a file name are digits: 户编号, village and area codes.
- ID numbers are stored only in their checked 18-character form (GB 11643-1999), or
  empty (a newborn without one yet).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from povdesk.errors import UserError
from povdesk.kinds import MONEY_LIMIT
from povdesk.rules import idcard

Problem = tuple[str, str, str]  # (field, zh, en), as ValidationError takes them

# Free text: several lines allowed, and longer.
FREE_TEXT = frozenset(
    {"note", "reason", "content", "evidence", "findings", "actions", "next_steps", "caption"}
)
LINE_LIMIT = 200  # characters: longer than any name, address or account number
FREE_LIMIT = 10_000  # a long visit record; beyond this it is not typed text
# Control characters (C0, DEL, C1), lone surrogates, and marks that reorder or hide
# text (bidirectional overrides, zero-width characters, the byte-order mark).
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_BAD_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")
_BAD_FREE = re.compile(f"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_INVISIBLE}]")
DIGITS = re.compile(r"[0-9]+\Z")
# The village's 12-digit code and a serial of 4 digits (6 for the largest villages).
HOUSEHOLD_NUMBER_LENGTHS = (16, 18)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
ID_FIELDS = {"member": ("id_number",), "cadre": ("id_number",)}
# Codes that name files or folders: digits only, of these lengths.
CODE_FIELDS = {
    ("household", "number"): (1, 20),
    ("village", "code"): (2, 12),
    ("reference_income", "area_code"): (2, 12),
}


def describe(c: str) -> str:
    """A character as a person can read it in a message: U+001B, never the raw byte."""
    return f"U+{ord(c):04X}"


def text_problem(
    value: str, *, free: bool = False, limit: int | None = None
) -> tuple[str, str] | None:
    cap = limit if limit is not None else FREE_LIMIT if free else LINE_LIMIT
    if len(value) > cap:
        return (
            f"太长（{len(value)} 个字，最多 {cap} 个）",
            f"too long ({len(value)} characters, at most {cap})",
        )
    bad = (_BAD_FREE if free else _BAD_LINE).search(value)
    if bad is not None:
        c = describe(bad.group())
        if "\ud800" <= bad.group() <= "\udfff":
            return (f"含有无效字符（{c}）", f"contains an invalid character ({c})")
        return (
            f"含有控制字符或不可见字符（{c}），请删去后重新填写",
            f"contains a control or invisible character ({c}); remove it and type it again",
        )
    return None


def household_number_problem(
    number: str, village_code: str | None = None
) -> tuple[str, str] | None:
    """The roster's rule for 户编号: half-width digits, the village code and a serial."""
    if number.translate(_FULL_WIDTH_DIGITS) != number and DIGITS.match(
        number.translate(_FULL_WIDTH_DIGITS)
    ):
        return (
            "户编号是全角数字，请改为半角数字（切换输入法的全角/半角后重新输入）",
            "the household number is in full-width digits; type it again in half-width "
            "(ordinary) digits",
        )
    if not DIGITS.match(number) or not number.isascii():
        shown = number if _BAD_LINE.search(number) is None else repr(number)
        return (
            f"户编号只能由数字组成（现为 {shown}）",
            f"a household number is digits only (found {shown})",
        )
    low, high = HOUSEHOLD_NUMBER_LENGTHS
    if not low <= len(number) <= high:
        return (
            f"户编号应为 {low} 至 {high} 位数字（12 位村代码加户序号），现为 {len(number)} 位",
            f"a household number has {low} to {high} digits (the 12-digit village code and "
            f"a serial); this one has {len(number)}",
        )
    if village_code and not number.startswith(village_code):
        return (
            f"户编号不以本村代码 {village_code} 开头",
            f"the household number does not start with the village code {village_code}",
        )
    return None


# Money in fen: ten billion yuan, far above any household's or project's figure and far
# inside 64 bits (declared with the money kind, whose reader refuses more); every other
# integer only has to fit the 64-bit columns.
INT64_MAX = (1 << 63) - 1


@dataclass(frozen=True)
class _Plan:
    line: tuple[str, ...]  # one-line text columns
    free: tuple[str, ...]  # free-text columns
    lists: tuple[str, ...]  # JSON columns (lists or mappings of text)
    numbers: tuple[tuple[str, int], ...]  # integer columns and their bound
    ids: tuple[str, ...]
    codes: tuple[tuple[str, int, int], ...]


@cache
def _plan(entity: str) -> _Plan:
    from povdesk.fields import specs
    from povdesk.models import ENTITIES

    model, data = ENTITIES[entity]
    money = {s.name for s in specs(data) if s.kind == "money"}
    line: list[str] = []
    free: list[str] = []
    lists: list[str] = []
    numbers: list[tuple[str, int]] = []
    for c in model.__table__.columns:  # type: ignore[attr-defined]
        kind = type(c.type).__name__
        if kind in ("String", "AutoString"):
            # Columns with a length are ids, references and hashes (32 or 64 characters,
            # made by the store, held by the foreign keys) and the 12-digit codes, which
            # CODE_FIELDS checks: the text rules are for what people type.
            if getattr(c.type, "length", None) is None:
                (free if c.name in FREE_TEXT else line).append(c.name)
        elif kind == "JSON":
            lists.append(c.name)
        elif kind in ("Integer", "BigInteger"):
            numbers.append((c.name, MONEY_LIMIT if c.name in money else INT64_MAX))
    codes = tuple((n, lo, hi) for (e, n), (lo, hi) in CODE_FIELDS.items() if e == entity)
    return _Plan(
        tuple(line), tuple(free), tuple(lists), tuple(numbers), ID_FIELDS.get(entity, ()), codes
    )


def _texts(values: Mapping[str, Any], names: tuple[str, ...]) -> list[str]:
    return [v for n in names if type(v := values.get(n)) is str]


def row_problems(entity: str, values: Mapping[str, Any]) -> list[Problem]:
    """Every rule here for the fields present in `values` (an insert's row, or an
    update's changed fields). Other types are the column types' and code lists' job.

    Bulk imports call this for every row: the common case (nothing wrong) is decided by
    one search over the row's texts joined (joining cannot make a bad character out of
    good ones) and their longest length; only a row that fails is looked at field by
    field, to name the field."""
    plan = _plan(entity)
    problems: list[Problem] = []
    line, free = _texts(values, plan.line), _texts(values, plan.free)
    for name in plan.lists:
        v = values.get(name)
        items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else ()
        line += [x for x in items if type(x) is str]
    if _any_bad(line, free):
        problems += _text_problems(plan, values)
    for name, limit in plan.numbers:
        v = values.get(name)
        if type(v) is int and not -limit <= v <= limit:
            zh, en = f"数值超出范围（最大 {limit}）", f"out of range (at most {limit})"
            problems.append((name, zh, en))
    for name in plan.ids:
        v = values.get(name)
        if type(v) is str and v and not _stored_id(v):
            problems.append((name, "证件号码不合规", "not a valid ID number"))
    for name, low, high in plan.codes:
        v = values.get(name)
        if type(v) is str and not (DIGITS.match(v) and v.isascii() and low <= len(v) <= high):
            problems.append(
                (name, f"只能是 {low} 到 {high} 位数字", f"must be {low} to {high} digits")
            )
    if entity == "attachment" and type(values.get("filename")) is str:
        f = values["filename"]
        if "/" in f or "\\" in f or f.startswith(".") or ":" in f:
            problems.append(("filename", "文件名不能含路径", "a file name cannot contain a path"))
    return problems


def _any_bad(line: list[str], free: list[str]) -> bool:
    """Whether any of these one-line and free texts has a character or a length the
    text rules refuse (one search over them joined: joining cannot make a bad character
    out of good ones)."""
    return bool(
        _BAD_LINE.search("".join(line))
        or _BAD_FREE.search("".join(free))
        or max(map(len, line), default=0) > LINE_LIMIT
        or max(map(len, free), default=0) > FREE_LIMIT
    )


def _text_problems(plan: _Plan, values: Mapping[str, Any]) -> list[Problem]:
    out: list[Problem] = []
    for names, free in ((plan.line, False), (plan.free, True), (plan.lists, False)):
        for name in names:
            v = values.get(name)
            if isinstance(v, dict):
                texts = [x for x in v.values() if type(x) is str]
            elif isinstance(v, list):
                texts = [x for x in v if type(x) is str]
            else:
                texts = [v] if type(v) is str else []
            for t in texts:
                found = text_problem(t, free=free)
                if found is not None:
                    out.append((name, *found))
                    break
    return out


@lru_cache(maxsize=1 << 16)
def _stored_id(number: str) -> bool:
    """Checked and in the form it is stored in (an upgraded 15-digit number included)."""
    try:
        return idcard.parse(number).number == number
    except UserError:  # IdNumberError
        return False


def columns_clean(entity: str, columns: Mapping[str, list[Any]]) -> bool:
    """True when `row_problems` would find nothing in any row of `columns` (one list of
    values per field, a row being the values at one position), decided for all the rows
    at once: a sync bundle's batch of new records is checked this way. The texts of all
    the rows are searched joined, as `row_problems` joins one row's; each distinct ID
    number or code is checked once. False: ask `row_problems` row by row, which names
    the field."""
    plan = _plan(entity)
    line = _column_texts(columns, plan.line)
    free = _column_texts(columns, plan.free)
    for name in plan.lists:
        for v in columns.get(name, ()):
            items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else ()
            line += [x for x in items if type(x) is str]
    if _any_bad(line, free):
        return False
    for name, limit in plan.numbers:
        numbers = [v for v in columns.get(name, ()) if type(v) is int]
        if numbers and not (-limit <= min(numbers) and max(numbers) <= limit):
            return False
    for name in plan.ids:
        if not all(_stored_id(v) for v in _distinct_texts(columns, name) if v):
            return False
    for name, low, high in plan.codes:
        for v in _distinct_texts(columns, name):
            if not (DIGITS.match(v) and v.isascii() and low <= len(v) <= high):
                return False
    if entity == "attachment":
        for f in _distinct_texts(columns, "filename"):
            if "/" in f or "\\" in f or f.startswith(".") or ":" in f:
                return False
    return True


def _column_texts(columns: Mapping[str, list[Any]], names: tuple[str, ...]) -> list[str]:
    return [v for n in names for v in columns.get(n, ()) if type(v) is str]


def _distinct_texts(columns: Mapping[str, list[Any]], name: str) -> set[str]:
    return {v for v in columns.get(name, ()) if type(v) is str}
