"""Row values from a bundle, checked and converted column by column.

The same checks as the model's pydantic validation (types, nullability, lengths; the
models have no other validators; code lists are checked by Tx) written as a plan per
table: a county imports hundreds of thousands of rows, and pydantic's per-row model
construction was the largest share of the import time. A test holds the two to the same
answers."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import Any

from povdesk.errors import ValidationError
from povdesk.models import ENTITIES
from povdesk.store.tx import table
from povdesk.sync.values import parse_time

Check = Callable[[Any], Any]  # returns the converted value, raises ValueError


def _text(limit: int | None) -> Check:
    if limit is None:
        return _unlimited

    def check(v: Any) -> Any:
        if type(v) is not str or len(v) > limit:
            raise ValueError("text")
        return v

    return check


def _unlimited(v: Any) -> Any:
    if type(v) is not str:
        raise ValueError("text")
    return v


INT64 = 1 << 63  # the columns are 64-bit on every backend


def _int(v: Any) -> Any:
    if type(v) is not int or not -INT64 <= v < INT64:
        raise ValueError("integer")
    return v


def _float(v: Any) -> Any:
    if type(v) not in (int, float):
        raise ValueError("number")
    try:
        return float(v)
    except OverflowError:  # a whole number past any float: no crash, a refusal
        raise ValueError("number") from None


def _bool(v: Any) -> Any:
    if type(v) is not bool:
        raise ValueError("true/false")
    return v


def _date(v: Any) -> Any:
    if type(v) is not str or len(v) != 10:
        raise ValueError("date")
    return dt.date.fromisoformat(v)


def _time(v: Any) -> Any:
    try:
        return parse_time(v)
    except TypeError:
        raise ValueError("time") from None


def _json(annotation: Any) -> Check:
    """The models' JSON columns are lists of text or mappings of text to text."""
    origin = typing.get_origin(annotation)
    if origin not in (list, dict):
        raise TypeError(f"no check for JSON of {annotation}")

    def check(v: Any) -> Any:
        items = v if type(v) is list else v.values() if type(v) is dict else None
        if type(v) is not origin or items is None or any(type(x) is not str for x in items):
            raise ValueError("list of text" if origin is list else "mapping of text")
        return v

    return check


@cache
def kinds(entity: str) -> tuple[tuple[str, str, int | None, Check, bool], ...]:
    """Per column: name, kind (text, int, float, bool, date, time, json list, json
    dict), the length limit of text, the check and whether it may be empty."""
    fields = ENTITIES[entity][1].model_fields
    out = []
    for c in table(entity).columns:
        kind = type(c.type).__name__
        check: Check
        limit = None
        if kind in ("String", "AutoString"):
            limit = getattr(c.type, "length", None)
            kind, check = "text", _text(limit)
        elif kind in ("Integer", "BigInteger"):
            kind, check = "int", _int
        elif kind == "Float":
            kind, check = "float", _float
        elif kind == "Boolean":
            kind, check = "bool", _bool
        elif kind == "Date":
            kind, check = "date", _date
        elif kind in ("DateTime", "UTCDateTime"):
            kind, check = "time", _time
        elif kind == "JSON":
            annotation = fields[c.name].annotation
            check = _json(annotation)  # a list or a mapping: raises for anything else
            kind = "json list" if typing.get_origin(annotation) is list else "json dict"
        else:  # a new column type must be taught here, not let through
            raise TypeError(f"no check for {entity}.{c.name} ({kind})")
        out.append((c.name, kind, limit, check, bool(c.nullable)))
    return tuple(out)


@cache
def plan(entity: str) -> tuple[tuple[str, Check, bool], ...]:
    return tuple((name, check, nullable) for name, _, _, check, nullable in kinds(entity))


@cache
def _split(entity: str) -> tuple[frozenset[str], tuple[Any, ...], tuple[Any, ...]]:
    """The plan in two parts: columns whose check is only "exactly this type" (text
    without a length limit, integers, true/false), tested inline, and the rest, which
    convert or measure their value. Most columns are of the first kind, and a call per
    value was most of the conversion's time."""
    exact: dict[Check, type] = {_bool: bool, _unlimited: str}
    simple, other = [], []
    for i, (name, check, nullable) in enumerate(plan(entity)):
        kind = exact.get(check)
        if kind is not None:
            simple.append((i, name, kind, nullable))
        else:
            other.append((i, name, check, nullable))
    names = frozenset(name for name, _, _ in plan(entity))
    return names, tuple(simple), tuple(other)


def convert(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    """The row with Python values, or ValidationError naming every bad field."""
    names, simple, other = _split(entity)
    out = dict(row) if row.keys() == names else {n: row[n] for n in names}
    problems = []
    for i, name, kind, nullable in simple:
        v = out[name]
        if type(v) is not kind and (v is not None or not nullable):
            problems.append((i, _problem(name, v, kind.__name__)))
    for i, name, check, nullable in other:
        v = out[name]
        if v is None:
            if not nullable:
                problems.append((i, _problem(name, v, "")))
            continue
        try:
            out[name] = check(v)
        except ValueError as exc:
            problems.append((i, _problem(name, v, str(exc))))
    if problems:
        raise ValidationError([p for _, p in sorted(problems)])
    return out


_NAMES = {"str": "text", "int": "integer", "bool": "true/false"}


def _problem(name: str, value: Any, expected: str) -> tuple[str, str, str]:
    if value is None:
        return (name, "不能为空", "must not be empty")
    return (name, "值的类型或格式不对", f"expected {_NAMES.get(expected, expected)}")


NONE = type(None)
_EXACT = {"text": str, "int": int, "bool": bool}
_JSON: dict[str, type] = {"json list": list, "json dict": dict}


def convert_columns(entity: str, rows: list[dict[str, Any]]) -> dict[str, list[Any]] | None:
    """What `convert` makes of each of `rows` (each with exactly the table's columns, as
    the bundle's shape check ensures), as one list per column, checked a column at a
    time: a type test per column, each distinct date or time parsed once. None when any
    value fails: `convert`, row by row, then names it."""
    out: dict[str, list[Any]] = {}
    names = tuple(name for name, *_ in kinds(entity))
    values = zip(*map(itemgetter(*names), rows), strict=True)
    for (name, kind, limit, check, nullable), column in zip(kinds(entity), values, strict=True):
        converted = _column(kind, limit, check, nullable, list(column))
        if converted is None:
            return None
        out[name] = converted
    return out


def _column(kind: str, limit: int | None, check: Check, nullable: bool, col: list[Any]) -> Any:
    found = set(map(type, col))
    present = col
    if NONE in found:
        if not nullable:
            return None
        found.discard(NONE)
        present = [v for v in col if v is not None]
    exact = _EXACT.get(kind)
    if exact is not None:
        if not found <= {exact}:
            return None
        if kind == "int" and present and not (min(present) >= -INT64 and max(present) < INT64):
            return None
        if limit is not None and present and max(map(len, present)) > limit:
            return None
        return col
    if kind == "float":
        if not found <= {int, float}:
            return None
        try:
            return [None if v is None else float(v) for v in col] if int in found else col
        except OverflowError:
            return None
    if kind in _JSON:  # `_json`'s check: a list or mapping of text
        if not found <= {_JSON[kind]}:
            return None
        values = present if kind == "json list" else map(dict.values, present)
        return col if set(map(type, chain.from_iterable(values))) <= {str} else None
    try:
        if kind in ("date", "time"):  # few distinct values: each parsed once
            if not found <= {str}:
                return None
            memo = {v: check(v) for v in set(present)}
            return list(map(memo.get, col))  # None stays None: never a key
        return [None if v is None else check(v) for v in col]
    except ValueError:
        return None
