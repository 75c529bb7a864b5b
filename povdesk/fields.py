"""One field, declared once (engineering.md practice 11).

Each model column is declared with `fld(...)`, which records its Chinese and English
label, unit, code list and sensitivity beside the column. Forms, PDFs, spreadsheets,
roster import and bundles read `specs(Model)` instead of repeating labels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, get_args

from sqlalchemy import BigInteger, Integer
from sqlmodel import Field

from povdesk import codes as code_lists
from povdesk import kinds

# 64-bit integers on every backend: SQLite's INTEGER already is; PostgreSQL's is 32-bit
# (an income of 30,000,000 yuan, which the roster accepts, did not fit). Money and revs;
# declared here, under the models, as the column type of `money`.
INT64 = BigInteger().with_variant(Integer(), "sqlite")


class Sensitivity(StrEnum):
    """Why a field is personal data; such fields are masked or left off public documents."""

    ID_NUMBER = "id_number"
    BANK = "bank"
    PHONE = "phone"
    HEALTH = "health"
    WELFARE = "welfare"  # 低保 / 特困 status
    INCOME = "income"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    zh: str
    en: str
    kind: str  # str, int, float, bool, date, datetime, code, codes, money, json
    unit: str | None
    codes: type[code_lists.CodeList] | None
    sensitive: Sensitivity | None
    roster: str | None  # the national system's column header, where there is one
    optional: bool = False  # None allowed: "not recorded" differs from zero or no
    negative: bool = False  # money that may be below zero (a reversing ledger entry)

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    # How the value is read and shown belongs to the kind (povdesk.kinds); these only
    # pass the field's own facts along: its code list, whether it may be empty or
    # negative, and its label for messages.
    def parse(self, text: str) -> Any:
        """The value of what a person typed or a cell held; raises kinds.BadValue, whose
        message names the field."""
        if not text.strip():
            if self.optional:
                return None
            if self.kind in ("str", "codes", "json"):
                return [] if self.kind != "str" else ""
            raise kinds.BadValue(f"{self.zh}：未填写", f"{self.en}: not filled in", "empty")
        try:
            return kinds.parse(self.kind, text, self.codes, negative=self.negative)
        except kinds.BadValue as exc:
            raise kinds.BadValue(
                f"{self.zh}：{exc.zh}", f"{self.en}: {exc.en}", exc.reason
            ) from None

    def display(self, value: Any, lang: str = "zh") -> str:
        return kinds.display(self.kind, value, lang, self.codes)

    def json_form(self, value: Any) -> Any:
        return kinds.json_form(value)

    def from_json(self, data: Any) -> Any:
        return kinds.from_json(self.kind, data)

    def cell_form(self, value: Any) -> Any:
        return kinds.cell_form(self.kind, value, self.codes)

    def from_cell(self, cell: Any) -> Any:
        if kinds.cell_text(cell) == "":
            return self.parse("")
        return self.parse(kinds.cell_text(cell))


_KEY = "povdesk"


def fld(
    zh: str,
    en: str,
    default: Any = None,
    *,
    kind: str | None = None,
    unit: str | None = None,
    codes: type[code_lists.CodeList] | None = None,
    multi: bool = False,
    sensitive: Sensitivity | None = None,
    roster: str | None = None,
    negative: bool = False,
    **column: Any,
) -> Any:
    """A SQLModel Field carrying its declaration; `column` passes through to Field."""
    if kind is None:
        kind = ("codes" if multi else "code") if codes is not None else ""
    meta: dict[str, Any] = {
        "zh": zh,
        "en": en,
        "kind": kind,
        "unit": unit,
        "codes": codes.__name__ if codes is not None else None,
        "sensitive": sensitive.value if sensitive is not None else None,
        "roster": roster,
    }
    if negative:
        meta["negative"] = True
    if "default_factory" not in column:
        column["default"] = default
    return Field(schema_extra={"json_schema_extra": {_KEY: meta}}, **column)


def money(zh: str, en: str, **kw: Any) -> Any:
    """Money is integer fen (分), never floating point."""
    kw.setdefault("sensitive", Sensitivity.INCOME)
    kw.setdefault("sa_type", INT64)
    return fld(zh, en, 0, kind="money", unit="分", **kw)


def specs(model: type[Any]) -> list[FieldSpec]:
    """The declared fields of a model, in declaration order (undeclared ones left out)."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or _KEY not in extra:
            continue
        meta: dict[str, Any] = extra[_KEY]
        kind = meta["kind"] or _kind_of(info.annotation)
        codes = getattr(code_lists, meta["codes"]) if meta["codes"] else None
        sens = Sensitivity(meta["sensitive"]) if meta["sensitive"] else None
        optional = type(None) in get_args(info.annotation)
        out.append(
            FieldSpec(
                name,
                meta["zh"],
                meta["en"],
                kind,
                meta["unit"],
                codes,
                sens,
                meta["roster"],
                optional,
                bool(meta.get("negative")),
            )
        )
    return out


def spec(model: type[Any], name: str) -> FieldSpec:
    for s in specs(model):
        if s.name == name:
            return s
    raise KeyError(name)


def _kind_of(annotation: Any) -> str:
    args = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    # datetime before date and bool before int: each is a subclass of the latter.
    for kind, typ in (
        ("datetime", dt.datetime),
        ("date", dt.date),
        ("bool", bool),
        ("int", int),
        ("float", float),
        ("str", str),
    ):
        if isinstance(args[0], type) and issubclass(args[0], typ):
            return kind
    return "json"
