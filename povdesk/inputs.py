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
from functools import cache, lru_cache
from typing import Any

from povdesk.errors import UserError
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
            f"太长({len(value)} 个字,最多 {cap} 个)",
            f"too long ({len(value)} characters, at most {cap})",
        )
    bad = (_BAD_FREE if free else _BAD_LINE).search(value)
    if bad is not None:
        c = describe(bad.group())
        if "\ud800" <= bad.group() <= "\udfff":
            return (f"含有无效字符({c})", f"contains an invalid character ({c})")
        return (
            f"含有控制字符或不可见字符({c}),请删去后重新填写",
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
            "户编号是全角数字,请改为半角数字(切换输入法的全角/半角后重新输入)",
            "the household number is in full-width digits; type it again in half-width "
            "(ordinary) digits",
        )
    if not DIGITS.match(number) or not number.isascii():
        shown = number if _BAD_LINE.search(number) is None else repr(number)
        return (
            f"户编号只能由数字组成(现为 {shown})",
            f"a household number is digits only (found {shown})",
        )
    low, high = HOUSEHOLD_NUMBER_LENGTHS
    if not low <= len(number) <= high:
        return (
            f"户编号应为 {low} 至 {high} 位数字(12 位村代码加户序号),现为 {len(number)} 位",
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
# inside 64 bits; every other integer only has to fit the 64-bit columns.
MONEY_LIMIT = 10**12
INT64_MAX = (1 << 63) - 1


@cache
def _numbers(entity: str) -> tuple[tuple[str, int], ...]:
    from povdesk.fields import specs
    from povdesk.models import ENTITIES
    from povdesk.store.tx import table

    money = {s.name for s in specs(ENTITIES[entity][1]) if s.kind == "money"}
    return tuple(
        (c.name, MONEY_LIMIT if c.name in money else INT64_MAX)
        for c in table(entity).columns
        if type(c.type).__name__ in ("Integer", "BigInteger")
    )


@cache
def _plan(entity: str) -> tuple[tuple[str, bool, bool], ...]:
    """(column, free text, is a list of text) for each text column of the entity."""
    from povdesk.store.tx import table

    out = []
    for c in table(entity).columns:
        kind = type(c.type).__name__
        if kind in ("String", "AutoString"):
            out.append((c.name, c.name in FREE_TEXT, False))
        elif kind == "JSON":
            out.append((c.name, False, True))
    return tuple(out)


def row_problems(entity: str, values: Mapping[str, Any]) -> list[Problem]:
    """Every text rule for the fields present in `values` (an insert's row, or an
    update's changed fields). Other types are the column types' and code lists' job."""
    problems: list[Problem] = []
    for name, free, many in _plan(entity):
        if name not in values:
            continue
        v = values[name]
        if many:
            items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else ()
            texts = [x for x in items if type(x) is str]
        elif type(v) is str:
            texts = [v]
        else:
            continue
        for t in texts:
            found = text_problem(t, free=free)
            if found is not None:
                problems.append((name, *found))
                break
    for name, limit in _numbers(entity):
        v = values.get(name)
        if type(v) is int and not -limit <= v <= limit:
            zh, en = f"数值超出范围(最大 {limit})", f"out of range (at most {limit})"
            problems.append((name, zh, en))
    for name in ID_FIELDS.get(entity, ()):
        v = values.get(name)
        if type(v) is str and v and not _stored_id(v):
            problems.append((name, "证件号码不合规", "not a valid ID number"))
    for (e, name), (low, high) in CODE_FIELDS.items():
        if e != entity or name not in values:
            continue
        v = values[name]
        if type(v) is str and not (DIGITS.match(v) and v.isascii() and low <= len(v) <= high):
            problems.append(
                (name, f"只能是 {low} 到 {high} 位数字", f"must be {low} to {high} digits")
            )
    if entity == "attachment" and type(values.get("filename")) is str:
        f = values["filename"]
        if "/" in f or "\\" in f or f.startswith(".") or ":" in f:
            problems.append(("filename", "文件名不能含路径", "a file name cannot contain a path"))
    return problems


@lru_cache(maxsize=1 << 16)
def _stored_id(number: str) -> bool:
    """Checked and in the form it is stored in (an upgraded 15-digit number included)."""
    try:
        return idcard.parse(number).number == number
    except UserError:  # IdNumberError
        return False
