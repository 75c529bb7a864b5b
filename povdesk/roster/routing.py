"""Which village each household of a roster goes to.

The national system exports rosters per county, and a 户编号 starts with the 12-digit
statistical code of its village (6 county + 3 township + 3 village). A file may also
carry the village in its own column: 村代码 (the code, as the village record declares
it) and 村名 or 村 (the name; a 村 cell holding 12 digits is read as a code).

- Named village (`--village CODE`): every household goes there, as the user said.
- Village store: every household goes to the store's village; one whose code names
  another village is refused (with the row and the code) rather than filed in the wrong
  village, because the team may have exported the neighbouring village by mistake.
- County store: each household goes to the village of its code. Villages the county
  does not know yet are created only when asked (`create=True`, the CLI's
  --create-villages), named from the file's village-name column, else by their code;
  otherwise the import is refused with the list of unknown codes. Nothing is written
  here: new villages are planned and written with the rest, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from povdesk.codes import StoreRole
from povdesk.errors import NotFound, UserError
from povdesk.fields import spec
from povdesk.models import VillageData, new_id
from povdesk.roster.report import RowProblem

if TYPE_CHECKING:
    from povdesk.store.store import Store

CODE_LENGTH = 12
CODE_HEADER = spec(VillageData, "code").roster or "村代码"
NAME_HEADERS = ("村名", "村")
HEADERS = frozenset({CODE_HEADER, *NAME_HEADERS})
NUMBER_HEADER = "户编号"
SHOWN_CODES = 20  # an error message names this many unknown codes, then counts the rest


class RowLike(Protocol):
    row: int
    raw: dict[str, str]


@dataclass
class Routing:
    """`village_of`: 户编号 -> village id; `created`: villages to insert (id, code, name)."""

    village_of: dict[str, str] = field(default_factory=dict)
    created: list[dict[str, Any]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)  # village id -> code


def is_code(text: str) -> bool:
    return len(text) == CODE_LENGTH and text.isdigit()


def code_in_number(number: str) -> str | None:
    """The village code a 户编号 starts with; None for a short local number like 0001."""
    head = number[:CODE_LENGTH]
    return head if len(number) > CODE_LENGTH and head.isdigit() else None


def route(
    store: Store,
    groups: Mapping[str, Sequence[RowLike]],
    *,
    village: str | None = None,
    create: bool = False,
) -> Routing:
    out = Routing()
    if village is not None:
        found = store.villages.find(village)
        if found is None:
            raise NotFound("村", "village", village)
        out.codes[found.id] = found.code
        out.village_of = dict.fromkeys(groups, found.id)
        return out
    known = {v.code: v for v in store.villages.all()}
    if store.role is not StoreRole.COUNTY:
        home = store.villages.get(store.villages.default_id())
        out.codes[home.id] = home.code
        for number, rows in groups.items():
            code, header, row = _code_of(number, rows)
            if code is not None and not is_code(code):
                out.problems.append(_bad_code(row, header, code))
            elif code is not None and code != home.code:
                out.problems.append(_elsewhere(row, header, code, home))
            out.village_of[number] = home.id
        return out
    new: dict[str, dict[str, Any]] = {}
    unknown: dict[str, int] = {}
    for number, rows in groups.items():
        code, header, row = _code_of(number, rows)
        if code is None:
            out.problems.append(_no_code(row, number))
            continue
        if not is_code(code):
            out.problems.append(_bad_code(row, header, code))
            continue
        if code in known:
            vid = known[code].id
        elif create:
            if code not in new:
                new[code] = {"id": new_id(), "code": code, "name": _name(rows) or code}
            vid = new[code]["id"]
        else:
            unknown[code] = unknown.get(code, 0) + 1
            continue
        out.village_of[number] = vid
        out.codes[vid] = code
    if unknown:
        raise UnknownVillages(unknown)
    out.created = list(new.values())
    return out


def _code_of(number: str, rows: Sequence[RowLike]) -> tuple[str | None, str, RowLike]:
    """The household's village code, the column it came from, and the row to point at
    (the first row that gives it; a village column wins over the 户编号's prefix)."""
    for r in rows:
        text = r.raw.get(CODE_HEADER, "").strip()
        if text:
            return text, CODE_HEADER, r
    for r in rows:
        text = r.raw.get("村", "").strip()
        if is_code(text):
            return text, "村", r
    return code_in_number(number), NUMBER_HEADER, rows[0]


def _name(rows: Sequence[RowLike]) -> str:
    for r in rows:
        for header in NAME_HEADERS:
            text = r.raw.get(header, "").strip()
            if text and not is_code(text):
                return text
    return ""


def _bad_code(row: RowLike, header: str, code: str) -> RowProblem:
    return RowProblem(
        row.row,
        header,
        code,
        f"村代码应为 {CODE_LENGTH} 位数字",
        f"a village code has {CODE_LENGTH} digits",
    )


def _elsewhere(row: RowLike, header: str, code: str, home: VillageData) -> RowProblem:
    return RowProblem(
        row.row,
        header,
        row.raw.get(header, ""),
        f"属于村 {code}，不是本数据库的{home.name}（{home.code}）；"
        f"如确属本村，请用 --village {home.code} 指明",
        f"belongs to village {code}, not this database's {home.name} ({home.code}); "
        f"if it does belong here, say so with --village {home.code}",
    )


def _no_code(row: RowLike, number: str) -> RowProblem:
    return RowProblem(
        row.row,
        NUMBER_HEADER,
        number,
        f"看不出属于哪个村：户编号不以 {CODE_LENGTH} 位村代码开头，文件也没有{CODE_HEADER}列；"
        "请加上村代码列，或用 --village 指明",
        f"no village for this household: the number does not start with a {CODE_LENGTH}-digit "
        f"village code and the file has no {CODE_HEADER} column; add one, or use --village",
    )


class UnknownVillages(UserError):
    """The roster names villages the county store does not have; `codes` lists them."""

    def __init__(self, unknown: dict[str, int]) -> None:
        codes = sorted(unknown)
        shown = codes[:SHOWN_CODES]
        more = len(codes) - len(shown)
        zh = "、".join(f"{c}（{unknown[c]} 户）" for c in shown) + (
            f"等 {len(codes)} 个" if more else ""
        )
        en = ", ".join(f"{c} ({unknown[c]} households)" for c in shown) + (
            f" and {more} more" if more else ""
        )
        super().__init__(
            f"花名册中有 {len(codes)} 个村不在本数据库中：{zh}。未导入任何数据；"
            "如要按文件新建这些村，请加 --create-villages。",
            f"The roster names {len(codes)} village(s) this database does not have: {en}. "
            "Nothing was imported; add --create-villages to create them from the file.",
            code="unknown_villages",
        )
        self.codes = codes
