"""Pass 1 of a roster import: every file row read into the values it provides, with
every problem found (bad ID numbers, codes, amounts, heads), and the rows grouped by
household.

A roster repeats the same codes, yes/no and amounts thousands of times, so each column's
distinct texts are read once (the column readers are pure) and the store's own checks of
a stored value (`check_codes`, `inputs.row_problems`) run on each distinct value here:
the rows then go to the store as `checked`, not checked again row by row. Every cell is
still looked at; a row's values are then gathered with the loops in C.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter, not_
from typing import Any

from povdesk.codes import Relation
from povdesk.inputs import (
    CODE_FIELDS,
    FREE_LIMIT,
    FREE_TEXT,
    ID_FIELDS,
    LINE_LIMIT,
    household_number_problem,
    row_problems,
    text_problem,
)
from povdesk.kinds import MONEY_LIMIT
from povdesk.roster.columns import COLUMNS, FEN_PER_YUAN, MAX_YUAN, BadValue, Column, column_of
from povdesk.roster.reader import Sheet
from povdesk.roster.report import RowProblem
from povdesk.rules import idcard
from povdesk.store.tx import check_codes

NUMBER = column_of("household", "number")
ID_NUMBER = column_of("member", "id_number")
RELATION = column_of("member", "relation")
SEX = column_of("member", "sex")
BIRTH = column_of("member", "birth_date")
STATUS = column_of("household", "status")
YEAR = column_of("income", "year")
# Excel turns a long digit string typed into a number cell into 4.20323197005011E+17,
# losing the last digits; say so instead of "wrong length".
_EXCEL_NUMBER = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
_EXCEL_ZH = "{}被 Excel 存成了数字，后几位已丢失；请把该列设为文本格式后重新填写"
_EXCEL_EN = (
    "Excel stored the {} number as a number and lost its last digits; format the column "
    "as text and type it again"
)
# The store checks a text column with text_problem's rules alone unless it holds an ID
# number or a code (inputs.ID_FIELDS, CODE_FIELDS); those two the importer reads itself.
_TEXT_ONLY = all(
    c.kind != "str"
    or c in (NUMBER, ID_NUMBER)
    or (c.field not in ID_FIELDS.get(c.entity, ()) and (c.entity, c.field) not in CODE_FIELDS)
    for c in COLUMNS.values()
)
# An amount the roster reads is one the store takes: its readers are the store's checks.
_MONEY_INSIDE = MAX_YUAN * FEN_PER_YUAN <= MONEY_LIMIT
if not _TEXT_ONLY or not _MONEY_INSIDE:  # a programming error, as in columns._build
    raise RuntimeError("a roster column needs the store's checks in _Cells.read")


@dataclass
class FileRow:
    """One file row, read: the values it provides, by entity (household ones on the head
    row only), and what its ID number says."""

    row: int
    raw: dict[str, str]
    number: str = ""
    is_head: bool = False
    relation_ok: bool = True
    id_info: idcard.IdInfo | None = None
    member: dict[str, Any] = field(default_factory=dict)
    household: dict[str, Any] = field(default_factory=dict)
    income: dict[str, Any] = field(default_factory=dict)


class Problems(list[RowProblem]):
    def add(self, row: FileRow, column: Column | None, zh: str, en: str) -> None:
        header = column.header if column is not None else ""
        self.append(RowProblem(row.row, header, row.raw.get(header, ""), zh, en))


_BLANK = object()  # an empty cell: the row does not provide this value


class _Cells:
    """How the file's columns are read, worked out once per file rather than per cell:
    for each column, its reader's answer for each distinct text."""

    def __init__(self, sheet: Sheet) -> None:
        self.member: list[tuple[str, str, dict[str, Any]]] = []  # (header, field, values)
        self.household: list[tuple[str, str, dict[str, Any]]] = []
        self.income: list[tuple[str, str, dict[str, Any]]] = []
        self.lists: list[tuple[str, str]] = []  # (entity, field) read into a list
        # Columns with a text that cannot be read, or a required one with an empty cell.
        self.bad: list[tuple[str, Column, dict[str, Any]]] = []
        raws = [raw for _, raw in sheet.rows]
        # Each column's distinct texts, the file read across once (not once per column).
        texts = _distinct(sheet.headers, raws)
        for h in sheet.headers:
            col = COLUMNS.get(h)
            if col is None or col is ID_NUMBER or col is NUMBER:
                continue
            values = self.column(col, list(texts[h]))
            getattr(self, col.entity).append((h, col.field, values))
            if col.kind == "codes":
                self.lists.append((col.entity, col.field))
            kinds = set(map(type, values.values()))  # a handful: cheap to look through
            if any(issubclass(k, BadValue) for k in kinds) or (
                col.required and _BLANK in values.values()
            ):
                self.bad.append((h, col, values))
        # Which 与户主关系 texts name the head, and each distinct 户编号's problem.
        relations = texts.get(RELATION.header, set())
        self.heads = {t for t in relations if _is_head(t.strip())}
        self.numbers: dict[str, tuple[str, str] | None] = {}
        self.today = dt.date.today()  # for the ID numbers' birth dates, asked once

    @classmethod
    def column(cls, col: Column, texts: list[str]) -> dict[str, Any]:
        """Each distinct text's value. The text rules are first tried on all the
        column's texts at once (joining texts cannot make a bad character out of good
        ones): a clean column, the common case, is then not checked text by text."""
        stripped = list(map(str.strip, texts))
        free = col.field in FREE_TEXT
        longest = max(map(len, stripped), default=0)
        joined = "".join(stripped)
        clean = (
            longest <= (FREE_LIMIT if free else LINE_LIMIT)
            and text_problem(joined, free=free, limit=len(joined)) is None
        )
        if clean and col.kind == "str":
            values: dict[str, Any] = dict(zip(texts, stripped, strict=True))
        else:
            values = {t: cls.read(col, t, clean) for t in texts}
        for text in compress(texts, map(not_, stripped)):
            values[text] = _BLANK
        return values

    @staticmethod
    def read(col: Column, text: str, clean: bool) -> Any:
        """The column's value for a cell's text, _BLANK, or the BadValue it raised;
        `clean`: the text rules are known to hold."""
        if not text or text.isspace():
            return _BLANK
        bad = None if clean else text_problem(text.strip(), free=col.field in FREE_TEXT)
        if bad is not None:  # the rules every entrance applies (povdesk.inputs)
            return BadValue(*bad)
        if col.kind == "str":
            return text.strip()  # text_problem is all the store checks of it (_TEXT_ONLY)
        try:
            found = col.parse(text)
        except BadValue as exc:
            return exc
        if col.kind == "money":
            return found  # within MAX_YUAN, far inside the store's range (_MONEY_INSIDE)
        if type(found) is dt.date and col.codes is None:
            # The store's checks look at texts, numbers, lists and code-list fields only
            # (tests/povdesk/roster/test_checked.py holds them to it): nothing of a date's
            # but its type, which parsing gave. A birth date column has thousands of them.
            return found
        stored = {col.field: found}
        problems = check_codes(col.entity, stored) + row_problems(col.entity, stored)
        if problems:
            return BadValue(problems[0][1], problems[0][2])
        return found


def _distinct(headers: list[str], raws: list[dict[str, str]]) -> dict[str, set[str]]:
    if len(headers) < 2:  # itemgetter of one name gives the text, not a tuple
        return {h: set(map(itemgetter(h), raws)) for h in headers}
    columns = zip(*map(itemgetter(*headers), raws), strict=True) if raws else ()
    found = dict(zip(headers, map(set, columns), strict=False))
    return {h: found.get(h, set()) for h in headers}


def _is_head(text: str) -> bool:
    return (
        bool(text) and RELATION.codes is not None and RELATION.codes.lookup(text) is Relation.HEAD
    )


def _number_problem(number: str) -> tuple[str, str] | None:
    if not number:
        return "户编号不能为空", "the household number is required"
    if _EXCEL_NUMBER.match(number):
        return _EXCEL_ZH.format(NUMBER.header), _EXCEL_EN.format("household")
    return household_number_problem(number)  # full-width digits, a path, a wrong length


def read_rows(sheet: Sheet, problems: Problems) -> list[FileRow]:
    cells = _Cells(sheet)
    return [_read_row(index, raw, problems, cells) for index, raw in sheet.rows]


def _read_row(index: int, raw: dict[str, str], problems: Problems, cells: _Cells) -> FileRow:
    r = FileRow(index, raw, number=raw.get(NUMBER.header, "").strip())
    # A household's rows repeat its number: each distinct one is checked once.
    if r.number in cells.numbers:
        bad = cells.numbers[r.number]
    else:
        bad = cells.numbers[r.number] = _number_problem(r.number)
    if bad is not None:
        problems.add(r, NUMBER, *bad)
        r.number = ""  # unusable: grouping it would only add a "no head" problem
    r.is_head = raw[RELATION.header] in cells.heads
    # Household-level values are the head's to give; other rows often repeat them,
    # sometimes stale, and are not read.
    r.member = {f: v for h, f, values in cells.member if (v := values[raw[h]]) is not _BLANK}
    if r.is_head:
        r.household = {
            f: v for h, f, values in cells.household if (v := values[raw[h]]) is not _BLANK
        }
        r.income = {f: v for h, f, values in cells.income if (v := values[raw[h]]) is not _BLANK}
    for entity, name in cells.lists:
        got = getattr(r, entity)
        if type(got.get(name)) is list:
            got[name] = list(got[name])  # no two rows may share a mutable value
    for h, col, values in cells.bad:
        if col.household_level and not r.is_head:
            continue
        value = values[raw[h]]
        if isinstance(value, BadValue):
            problems.add(r, col, value.zh, value.en)
            del getattr(r, col.entity)[col.field]
        elif value is _BLANK and col.required:
            problems.add(r, col, f"{col.header}不能为空", f"{col.header} is required")
        else:
            continue
        r.relation_ok = r.relation_ok and col is not RELATION
    _identity(r, problems, cells.today)
    if r.income and "year" not in r.income:
        problems.add(r, YEAR, "填写了收入，但没有收入年度", "incomes given without an income year")
    elif set(r.income) == {"year"}:
        r.income = {}  # a year and no amounts: nothing to record
    return r


def _identity(r: FileRow, problems: Problems, today: dt.date) -> None:
    """The ID number is the member's key: check it, upgrade a 15-digit one, and hold sex
    and birth date against it (the same checks as members.normalise_identity)."""
    text = r.raw.get(ID_NUMBER.header, "").strip()
    if not text:
        problems.add(r, ID_NUMBER, "证件号码不能为空", "the ID number is required")
        return
    if _EXCEL_NUMBER.match(text):
        problems.add(r, ID_NUMBER, _EXCEL_ZH.format(ID_NUMBER.header), _EXCEL_EN.format("ID"))
        return
    bad = text_problem(text)
    if bad is not None:  # an invisible mark pasted with it: say so, not "19 characters"
        problems.add(r, ID_NUMBER, f"证件号码{bad[0]}", f"the ID number {bad[1]}")
        return
    try:
        info = idcard.parse(text, today)
    except idcard.IdNumberError as exc:
        problems.add(r, ID_NUMBER, exc.zh, exc.en)
        return
    r.id_info = info
    r.member["id_number"] = info.number
    for problem in idcard.agrees(info, r.member.get("sex"), r.member.get("birth_date")):
        col = SEX if problem == "sex_mismatch" else BIRTH
        says_zh = f"证号显示 {'男' if info.sex == idcard.SEX_MALE else '女'}，{info.birth_date}"
        problems.add(
            r,
            col,
            f"与证件号码不一致（{says_zh}）",
            f"disagrees with the ID number ({info.birth_date}, "
            f"{'male' if info.sex == idcard.SEX_MALE else 'female'})",
        )


def group(rows: list[FileRow], problems: Problems) -> dict[str, list[FileRow]]:
    """Rows by 户编号, each household with exactly one head, each person once."""
    groups: dict[str, list[FileRow]] = {}
    first_seen: dict[str, int] = {}
    for r in rows:
        number = r.member.get("id_number")
        if number:
            if number in first_seen:
                problems.add(
                    r,
                    ID_NUMBER,
                    f"证件号码与第 {first_seen[number]} 行重复",
                    f"the same ID number as row {first_seen[number]}",
                )
            else:
                first_seen[number] = r.row
        if r.number:
            groups.setdefault(r.number, []).append(r)
    for hh_no, members in groups.items():
        heads = [r for r in members if r.is_head]
        if not heads and all(r.relation_ok for r in members):
            problems.add(
                members[0],
                RELATION,
                f"户 {hh_no} 没有户主行（与户主关系为户主）",
                f"household {hh_no} has no head row (relation 户主)",
            )
        for extra in heads[1:]:
            problems.add(
                extra,
                RELATION,
                f"户 {hh_no} 有两个户主（另见第 {heads[0].row} 行）",
                f"household {hh_no} has two heads (see also row {heads[0].row})",
            )
    return groups
