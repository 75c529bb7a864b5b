"""Structural checks of a bundle's records before the database is touched: every
entity known, every id 32 hex digits, no id twice, rows with exactly the table's columns.
Hostile input meets these first; each failure is a UserError (zh/en)."""

from __future__ import annotations

import re
from typing import Any

from povdesk.errors import UserError
from povdesk.models import ENTITIES
from povdesk.store.tx import table
from povdesk.sync.values import parse_time

HEX32 = re.compile(r"[0-9a-f]{32}\Z")
HEX64 = re.compile(r"[0-9a-f]{64}\Z")
RECORD = frozenset({"e", "id", "row", "created", "fields"})


def bad(zh: str, en: str) -> UserError:
    return UserError(
        f"数据包内容不合规，未导入：{zh}",
        f"The bundle's content is invalid; nothing was imported: {en}",
        code="bad_bundle",
    )


# Every count, position and rev a bundle carries stays well inside 64-bit columns (a
# rev of 2**63 - 1 once broke every later change at the county).
LIMIT = 1 << 62


def _int(value: Any) -> bool:
    return type(value) is int and 0 <= value < LIMIT


def check(body: Any) -> dict[str, list[dict[str, Any]]]:
    """A whole records part, parsed: its shape, then every element (`Checker`)."""
    if not isinstance(body, dict) or set(body) != {"records", "deleted", "resolutions"}:
        raise bad("记录部分的结构不对", "the records part has the wrong shape")
    if not all(isinstance(body[k], list) for k in body):
        raise bad("记录部分的结构不对", "the records part has the wrong shape")
    checker = Checker()
    for r in body["records"]:
        checker.record(r)
    for d in body["deleted"]:
        checker.deletion(d)
    for s in body["resolutions"]:
        checker.resolution(s)
    return body


def wrong_shape() -> UserError:
    return bad("记录部分的结构不对", "the records part has the wrong shape")


class Checker:
    """The checks of one bundle's elements, one at a time, as a reader streams them:
    it remembers only which (entity, id) it has seen, to refuse one twice."""

    def __init__(self) -> None:
        self.seen: set[str] = set()  # entity + " " + id: one string, not a tuple of two
        self.columns = {e: frozenset(c.name for c in table(e).columns) for e in ENTITIES}

    def _once(self, entity: str, row_id: str) -> None:
        key = f"{entity} {row_id}"
        if key in self.seen:
            raise bad(f"记录编号重复 {row_id}", f"duplicate record id {row_id}")
        self.seen.add(key)

    def record(self, r: Any) -> None:
        # Key views compared with sets directly: no set built per record (a county
        # imports hundreds of thousands).
        columns = self.columns
        if not isinstance(r, dict) or r.keys() != RECORD:
            raise bad("某条记录的结构不对", "a record has the wrong shape")
        entity, row_id, row = r["e"], r["id"], r["row"]
        if not isinstance(entity, str) or entity not in ENTITIES:
            raise bad(f"未知的记录类型 {entity!r}", f"unknown record kind {entity!r}")
        if not isinstance(row_id, str) or not HEX32.match(row_id):
            raise bad(f"记录编号不合规 {row_id!r}", f"invalid record id {row_id!r}")
        self._once(entity, row_id)
        if not isinstance(row, dict) or row.keys() != columns[entity] or row["id"] != row_id:
            raise bad(f"{entity} 记录 {row_id} 的字段不对", f"{entity} {row_id} has wrong fields")
        if not _int(row["rev"]) or not isinstance(row["origin"], str):
            raise bad(f"记录 {row_id} 的版本信息不对", f"record {row_id} has a bad rev or origin")
        try:
            parse_time(row["updated_at"])
        except (TypeError, ValueError):
            raise bad(f"记录 {row_id} 的时间不对", f"record {row_id} has a bad time") from None
        if r["created"] is not None and not _int(r["created"]):
            raise bad(f"记录 {row_id} 的位置不对", f"record {row_id} has a bad position")
        fields = r["fields"]
        if not isinstance(fields, dict) or not fields.keys() <= columns[entity]:
            raise bad(f"记录 {row_id} 的修改字段不对", f"record {row_id} lists bad fields")
        for v in fields.values():
            if not isinstance(v, list) or len(v) != 2 or not _int(v[1]):
                raise bad(f"记录 {row_id} 的修改字段不对", f"record {row_id} lists bad fields")
        if entity == "attachment" and not (
            isinstance(row["sha256"], str) and HEX64.match(row["sha256"])
        ):
            raise bad(f"附件 {row_id} 的哈希不对", f"attachment {row_id} has a bad hash")

    def deletion(self, d: Any) -> None:
        if (
            not isinstance(d, dict)
            or set(d) != {"e", "id", "seq"}
            or not isinstance(d["e"], str)
            or d["e"] not in ENTITIES
            or not isinstance(d["id"], str)
            or not HEX32.match(d["id"])
            or not _int(d["seq"])
        ):
            raise bad("某条删除记录的结构不对", "a deletion has the wrong shape")
        self._once(d["e"], d["id"])

    def resolution(self, s: Any) -> None:
        if (
            not isinstance(s, dict)
            or set(s) != {"e", "id", "field", "value", "replaces"}
            or not isinstance(s["e"], str)
            or not isinstance(s["field"], str)
            or s["e"] not in ENTITIES
            or not isinstance(s["id"], str)
            or not HEX32.match(s["id"])
            or s["field"] not in self.columns[s["e"]]
            or s["field"] in ("id", "rev", "origin", "updated_at")
            or not isinstance(s["replaces"], list)
        ):
            raise bad("某条冲突处理记录的结构不对", "a conflict resolution has the wrong shape")
