"""A page of one of the county's queues (exits to review, monitoring to decide): the rows
in (village code, 户编号) order and where they stand in the whole queue. A county's
queue runs to thousands of households; a page is what a person reads at once, and what
is checked by the rules at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from povdesk.errors import UserError

PAGE_SIZE = 50  # households per page
Key = tuple[str, str]  # (village code, 户编号): the queues' order, and where a page starts


@dataclass(frozen=True)
class Page:
    """One page of the queue: `rows` in (village code, 户编号) order, `start` the
    position of the first of them among the `total` households waiting."""

    rows: list[dict[str, Any]]
    total: int
    start: int
    size: int

    @property
    def number(self) -> int:
        """1-based; a page reached by key after decisions may not start on a multiple of
        `size`: it is the page its first row falls on."""
        return min(self.start, max(self.total - 1, 0)) // self.size + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_key(self) -> Key | None:
        return (self.rows[0]["village_code"], self.rows[0]["number"]) if self.rows else None

    @property
    def last_key(self) -> Key | None:
        return (self.rows[-1]["village_code"], self.rows[-1]["number"]) if self.rows else None

    @property
    def has_previous(self) -> bool:
        return self.start > 0

    @property
    def has_next(self) -> bool:
        return self.start + len(self.rows) < self.total

    def as_json(self) -> dict[str, Any]:
        return {
            "page": self.number,
            "pages": self.pages,
            "page_size": self.size,
            "total": self.total,
            "start": self.start,
            "next_after": "/".join(self.last_key) if self.has_next and self.last_key else None,
            "rows": self.rows,
        }


def check_size(number: int, size: int) -> None:
    if size < 1 or number < 1:
        raise UserError(
            "页码和每页户数须为正整数",
            "The page and the page size must be positive",
            code="invalid",
        )


def key_of(row: dict[str, Any]) -> Key:
    return str(row["village_code"]), str(row["number"])


def parse_key(text: str) -> Key:
    """ "村代码/户编号" (as `next_after` gives it) -> a key."""
    code, sep, number = text.partition("/")
    if not sep or not code or not number:
        raise UserError(
            f"--after 应写成 村代码/户编号：{text}",
            f"--after takes VILLAGE_CODE/HOUSEHOLD_NUMBER: {text}",
            code="invalid",
        )
    return code, number
