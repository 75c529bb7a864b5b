"""A field's kind owns how its value is read and shown (issue 15 §3).

Every declared field (povdesk.fields) has a kind: str, int, float, bool, date, datetime,
code, codes, money or json. This module is the one place that says, for each kind, how
a value is

- read from what a person typed or a spreadsheet cell held (`parse`),
- shown to a person in Chinese or English (`display`),
- written in JSON (`json_form` / `from_json`, the form bundles carry and compare),
- written into and read back from a spreadsheet cell (`cell_form` / `from_cell`).

The roster, the forms, conflict review, the printouts, the workbooks and the command line
all use these, so a value typed in one place is read the same way everywhere, and what
one place shows, every other place reads back: `parse(display(v)) == v` for every kind
(tests/povdesk/test_kinds.py checks it for every declared field).

Where two older readers disagreed, the more accepting rule that is still unambiguous won:
yes/no takes 是/否, 有/无, √/×, yes/no, y/n, true/false and 1/0; an amount may carry 元,
thousands separators (half- or full-width, only in groups of three: "1,5" could be a
decimal comma and is refused) and a minus sign only where the field allows negatives.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from povdesk.codes import CodeList
from povdesk.errors import UserError

# The store's bound on money (povdesk.inputs.MONEY_LIMIT, in fen): ten billion yuan.
# An amount the store would refuse is refused as it is read, with a message that says so.
MONEY_LIMIT = 10**12
FEN_PER_YUAN = 100

# Multi-choice cells (次要致贫原因, 健康状况) are typed with whatever separator is at hand:
# 、 , ， ; ； or spaces. Spaces only split where the whole part is not itself a label,
# since English labels have spaces in them ("Junior middle school").
LIST_SEPARATORS = re.compile("[、,\uff0c;\uff1b]+")
SPACES = re.compile(r"\s+")
YES = frozenset({"是", "有", "√", "✓", "y", "yes", "true", "1"})
NO = frozenset({"否", "无", "×", "✗", "n", "no", "false", "0"})
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
# Units a person writes after a number: 3个月, 85平方米, 1200元.
UNIT_SUFFIXES = ("个月", "月", "元", "平方米", "㎡", "m²", "m2", "年", "亩", "公里")
DATETIME_SHOWN = "%Y-%m-%d %H:%M"  # local time, to the minute, as the printouts show it


class BadValue(UserError):
    """A value that cannot be read; `zh` and `en` say why, `reason` says which rule
    (number, decimals, negative, large, yes_no, date, code, json, empty)."""

    def __init__(self, zh: str, en: str, reason: str = "invalid") -> None:
        super().__init__(zh, en, code="invalid")
        self.reason = reason


# -- money --------------------------------------------------------------------------------
def yuan(fen: int, *, grouped: bool = False) -> str:
    """12345 -> "123.45" (grouped: 123456789 -> "1,234,567.89", as paper shows it);
    exact, by integer arithmetic, never through a float."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), FEN_PER_YUAN)
    return f"{sign}{whole:,}.{cents:02d}" if grouped else f"{sign}{whole}.{cents:02d}"


def yuan_decimal(fen: int) -> Decimal:
    """12345 fen -> Decimal('123.45'), exactly: how a spreadsheet cell holds money."""
    return Decimal(int(fen)).scaleb(-2)


def parse_money(text: str, *, negative: bool = False) -> int:
    """Yuan with at most two decimals (角, 分) to integer fen, exactly (never a float).
    More decimals are refused, not rounded: a fen that silently disappears is a fen
    nobody can trace."""
    cleaned = unicodedata.normalize("NFKC", text).strip().removesuffix("元").strip()
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    number = _decimal(cleaned)
    if number < 0 and not negative:
        raise BadValue("不能为负数", "cannot be negative", "negative")
    fen = number * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise BadValue(
            "金额最多保留两位小数（以元为单位）",
            "an amount has at most two decimals (in yuan)",
            "decimals",
        )
    if abs(fen) > MONEY_LIMIT:
        raise BadValue("金额过大（以元为单位填写）", "amount too large (write it in yuan)", "large")
    return int(fen)


# -- the other kinds' readers --------------------------------------------------------------
def parse_bool(text: str) -> bool:
    key = unicodedata.normalize("NFKC", text).strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    raise BadValue("应填 是 或 否", "must be 是 (yes) or 否 (no)", "yes_no")


def parse_date(text: str) -> dt.date:
    """2013-05-01, 2013/5/1, 2013.5.1, 2013年5月1日 or 20130501."""
    text = unicodedata.normalize("NFKC", text).strip()
    m = _DATE.match(text)
    if m is None and re.fullmatch(r"\d{8}", text):
        m = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if m is not None:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise BadValue("不是有效日期（应如 2013-05-01）", "not a valid date (e.g. 2013-05-01)", "date")


def parse_datetime(text: str) -> dt.datetime:
    """ "2025-03-01 14:30" (local time, as shown) or ISO 8601 with an offset."""
    try:
        value = dt.datetime.fromisoformat(unicodedata.normalize("NFKC", text).strip())
    except ValueError:
        raise BadValue(
            "不是有效时间（应如 2025-03-01 14:30）",
            "not a valid time (e.g. 2025-03-01 14:30)",
            "date",
        ) from None
    return value if value.tzinfo else value.astimezone()


def parse_number(text: str, *, whole: bool) -> Decimal:
    """A non-negative number, with or without a unit after it (3个月, 85.5平方米)."""
    number = _decimal(strip_unit(unicodedata.normalize("NFKC", text).strip()))
    if whole and number != number.to_integral_value():
        raise BadValue("应为整数", "must be a whole number", "number")
    if number < 0:
        raise BadValue("不能为负数", "cannot be negative", "negative")
    return number


def parse_code(codes: type[CodeList], text: str) -> str:
    found = codes.lookup(text)
    if found is None:
        raise BadValue(
            f"不在代码表中，可填：{accepted(codes)}",
            f"not in the code list; accepted: {accepted(codes)}",
            "code",
        )
    return found.value


def parse_codes(codes: type[CodeList], text: str) -> list[str]:
    out: list[str] = []
    for part in split_list(text):
        found = codes.lookup(part)
        words = [found.value] if found is not None else SPACES.split(part)
        for word in words:
            if (value := parse_code(codes, word)) not in out:
                out.append(value)
    return out


def split_list(text: str) -> list[str]:
    return [p.strip() for p in LIST_SEPARATORS.split(text) if p.strip()]


def accepted(codes: type[CodeList]) -> str:
    """The Chinese names a code list accepts, for messages (long lists are cut short)."""
    names = [m.zh for m in codes]
    shown = "、".join(names[:8])
    return shown + ("等（见代码表）" if len(names) > 8 else "")


def strip_unit(text: str) -> str:
    for suffix in UNIT_SUFFIXES:
        if text.endswith(suffix):
            return text.removesuffix(suffix).strip()
    return text


def _decimal(text: str) -> Decimal:
    if not _NUMBER.match(text):
        raise BadValue("不是数字", "not a number", "number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise BadValue("不是数字", "not a number", "number") from None


# -- by kind ------------------------------------------------------------------------------
def parse(
    kind: str, text: str, codes: type[CodeList] | None = None, *, negative: bool = False
) -> Any:
    """The value of a non-empty text of `kind`; raises BadValue."""
    text = text.strip()
    if kind == "money":
        return parse_money(text, negative=negative)
    if kind == "bool":
        return parse_bool(text)
    if kind == "date":
        return parse_date(text)
    if kind == "datetime":
        return parse_datetime(text)
    if kind == "int":
        return int(parse_number(text, whole=True))
    if kind == "float":
        return float(parse_number(text, whole=False))
    if kind == "code" and codes is not None:
        return parse_code(codes, text)
    if kind == "codes" and codes is not None:
        return parse_codes(codes, text)
    if kind == "json":
        return _parse_json(text)
    return text


def display(kind: str, value: Any, lang: str = "zh", codes: type[CodeList] | None = None) -> str:
    """A value as a person reads it (and can type it back); "" for not recorded. Money is
    plain yuan ("1234.50"), its unit said by the label; code lists by their label."""
    zh = lang == "zh"
    if value is None or value == "":
        return ""
    if kind == "money":
        return yuan(value)
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if codes is not None and kind in ("code", "codes"):
        items = value if isinstance(value, list) else [value]
        words = []
        for v in items:
            found = codes.lookup(v)
            words.append(found.label(lang) if found is not None else str(v))
        return "、".join(words) if zh else ", ".join(words)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime(DATETIME_SHOWN)
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "json":
        if isinstance(value, list) and all(type(v) is str for v in value):
            return "、".join(value) if zh else ", ".join(value)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def json_form(value: Any) -> Any:
    """The JSON form: dates and times as ISO text (times in UTC), lists and mappings as
    JSON, codes as plain text. Comparing a local and a remote value in this form makes
    "the same" mean the same bytes on both sides."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [json_form(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_form(v) for k, v in value.items()}
    if isinstance(value, str):
        return str(value)  # a plain str, not a CodeList member
    return value


def from_json(kind: str, data: Any) -> Any:
    """The value of a field of `kind` from its JSON form."""
    if data is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(data)
    if kind == "datetime":
        value = dt.datetime.fromisoformat(data)
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if kind == "float":
        return float(data)
    return data


def cell_form(kind: str, value: Any, codes: type[CodeList] | None = None) -> Any:
    """What a spreadsheet cell holds: money as exact yuan (a Decimal, shown with two
    decimals), dates as dates, numbers as numbers, everything else as the text a person
    reads (Chinese labels, 是/否)."""
    if value is None or value == "" or value == []:
        return None
    if kind == "money":
        return yuan_decimal(value)
    if kind in ("date", "int", "float"):
        return value
    return display(kind, value, "zh", codes)


def cell_text(value: Any) -> str:
    """A cell as the user reads it: dates as 2013-05-01, numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # 15 significant digits is what Excel itself shows, so a computed 12.340000000000002
        # reads as the 12.34 the user sees; whole numbers lose the ".0".
        return format(value, ".15g")
    return str(value).strip()


def from_cell(
    kind: str, cell: Any, codes: type[CodeList] | None = None, *, negative: bool = False
) -> Any:
    """The value a cell holds, read as the roster reads it; None for an empty cell."""
    text = cell_text(cell)
    return parse(kind, text, codes, negative=negative) if text else None


def _float_text(value: float) -> str:
    """The shortest text that reads back as the same float, without an exponent: 85.5,
    85 (not 85.0), 123456.78. For up to six significant digits it is what `:g` gives."""
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text.removesuffix(".0")


def _parse_json(text: str) -> Any:
    """A mapping or list as JSON text, or a list of words as shown (a、b or a, b)."""
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except ValueError:
            raise BadValue("格式不对", "not valid JSON", "json") from None
    return split_list(text)
