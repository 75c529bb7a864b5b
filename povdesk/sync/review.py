"""The open conflicts as a person reviews them (issue 5's conflict review screen): which
household, which kind of record, the field's label from its declaration, both values in
words, and a typed value turned into the field's type by the core's own validation before
`conflicts.resolve` writes it (audited)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from povdesk import kinds
from povdesk.errors import NotFound, UserError, ValidationError
from povdesk.fields import FieldSpec, specs
from povdesk.models import ENTITIES
from povdesk.services.base import NAMES
from povdesk.store.store import Store
from povdesk.store.tx import table, validate
from povdesk.sync import conflicts
from povdesk.sync.outgoing import CHUNK
from povdesk.sync.values import row_json

DELETION = "*"  # the field of a "deleted there, edited here" conflict
KINDS: dict[str, tuple[str, str]] = NAMES  # every record kind, named for a person


@dataclass(frozen=True)
class OpenConflict:
    id: int
    entity: str
    row_id: str
    field: str
    household: str  # 户编号 of the household the record belongs to, "" for none
    base: Any
    local: Any
    remote: Any

    @property
    def deletion(self) -> bool:
        return self.field == DELETION

    def kind(self, lang: str = "zh") -> str:
        zh, en = KINDS.get(self.entity, (self.entity, self.entity))
        return zh if lang == "zh" else en

    def label(self, lang: str = "zh") -> str:
        if self.deletion:
            return "整条记录（对方已删除）" if lang == "zh" else "whole record (deleted there)"
        found = field_spec(self.entity, self.field)
        return found.label(lang) if found is not None else self.field

    def choice(self, side: str) -> Any:
        """The value that keeps `side` ("local" or "remote"): for a deletion conflict
        keeping the local record is False, taking the remote deletion is True."""
        if self.deletion:
            return side == "remote"
        return self.local if side == "local" else self.remote

    def show(self, side: str, lang: str = "zh") -> str:
        if self.deletion:
            zh = lang == "zh"
            if side == "local":
                return "保留（本地改过）" if zh else "keep (edited here)"
            return "删除" if zh else "delete"
        return show(self.entity, self.field, self.local if side == "local" else self.remote, lang)


def field_spec(entity: str, name: str) -> FieldSpec | None:
    for s in specs(ENTITIES[entity][1]) if entity in ENTITIES else []:
        if s.name == name:
            return s
    return None


def show(entity: str, name: str, value: Any, lang: str = "zh") -> str:
    """A value in words, as the field's kind shows it, money with its unit; "（空）" for
    not recorded."""
    zh = lang == "zh"
    if value is None or value == "":
        return "（空）" if zh else "(empty)"
    s = field_spec(entity, name)
    if s is None:  # a column no declaration names (an id, a bookkeeping field)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return kinds.display("", value, lang)
    shown = s.display(value, lang)
    if s.kind == "money" and isinstance(value, int):
        return f"{shown} 元" if zh else f"{shown} yuan"
    return shown


def open_conflicts(store: Store) -> list[OpenConflict]:
    found = store.ledger.conflicts(open_only=True)
    with store.read() as conn:
        numbers = _household_numbers(conn, found)
    return [
        OpenConflict(
            c.id,
            c.entity,
            c.row_id,
            c.field,
            numbers.get((c.entity, c.row_id), ""),
            c.base,
            c.local,
            c.remote,
        )
        for c in found
    ]


def _household_numbers(conn: Connection, found: Iterable[Any]) -> dict[tuple[str, str], str]:
    """(entity, row id) -> 户编号, with one query per kind of record, not per conflict."""
    by_entity: dict[str, set[str]] = {}
    for c in found:
        if c.entity in ENTITIES:
            by_entity.setdefault(c.entity, set()).add(c.row_id)
    h = table("household")
    out: dict[tuple[str, str], str] = {}
    for entity, ids in by_entity.items():
        t = table(entity)
        if entity == "household":
            stmt = select(t.c.id, t.c.number)
        elif "household_id" in t.c:
            stmt = select(t.c.id, h.c.number).join(h, h.c.id == t.c.household_id)
        else:
            continue
        ordered = sorted(ids)
        for i in range(0, len(ordered), CHUNK):
            for row_id, number in conn.execute(stmt.where(t.c.id.in_(ordered[i : i + CHUNK]))):
                out[(entity, row_id)] = number
    return out


def typed_value(store: Store, conflict_id: int, text: str) -> Any:
    """What a person typed, as the field's value in JSON form; the core validates it as a
    local edit would (types, code lists), so a bad value is a UserError (zh/en)."""
    c = _open(store, conflict_id)
    if c.deletion:
        raise UserError(
            "删除冲突只能选择保留或删除。",
            "A deletion conflict is resolved by keeping or deleting, not by typing.",
            code="invalid",
        )
    row = store.sync.row(c.entity, c.row_id)
    if row is None:
        raise NotFound(c.kind("zh"), c.kind("en"), c.row_id)
    value = _parse(field_spec(c.entity, c.field), text.strip())
    checked = validate(c.entity, {**dict(row), c.field: value})
    return row_json(checked)[c.field]


def _parse(s: FieldSpec | None, text: str) -> Any:
    """Read as the field's kind reads it everywhere else (yuan into fen, labels into
    codes, 有/无 into yes/no, an empty optional field into None); the core's validation
    then checks it as it checks a local edit."""
    if s is None:
        return text
    try:
        return s.parse(text)
    except kinds.BadValue as exc:  # said as the core's validation says a bad value
        raise ValidationError([(s.name, exc.zh, exc.en)]) from None


def resolve_typed(store: Store, conflict_id: int, text: str, *, actor: str | None = None) -> Any:
    value = typed_value(store, conflict_id, text)
    conflicts.resolve(store, conflict_id, value, actor=actor)
    return value


def _open(store: Store, conflict_id: int) -> OpenConflict:
    for c in open_conflicts(store):
        if c.id == conflict_id:
            return c
    raise NotFound("未处理的冲突", "open conflict", str(conflict_id))
