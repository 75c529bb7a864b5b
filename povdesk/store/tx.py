"""The one place every change goes through (Anki's Collection, with OpChanges).

A `Tx` is a write transaction. Each insert, update or delete it makes
- validates the values against the model's types and code lists,
- stamps the row with the next Lamport clock value (`rev`) and this store's id (`origin`),
- appends a hash-chained audit entry (actor, time, entity, before, after),
- leaves a tombstone for a deletion,
- and is recorded in `changes`, which the store hands to its listeners after commit.

Rows travel as plain dicts through Core statements: no ORM object is ever bound to a
session, and bulk work (roster import, demo village) stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

import pydantic
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from povdesk import audit, audit_codec, bulk
from povdesk.audit_rows import marker, markers
from povdesk.bulk import bulk_insert, canonical
from povdesk.bulk import gc_paused as gc_paused  # re-exported: callers name it here
from povdesk.changes import Changes
from povdesk.codes import CodeList
from povdesk.errors import UserError, ValidationError
from povdesk.fields import specs
from povdesk.inputs import row_problems
from povdesk.models import BOOKKEEPING, ENTITIES, AuditEntry, Meta, Tombstone, utcnow
from povdesk.models import table as table  # re-exported: callers name it here

# Records that are never deleted: people leave through life events, money through
# reversing entries, statuses and overrides are history.
UNDELETABLE = frozenset(
    {
        "village",
        "household",
        "member",
        "fund_entry",
        "status_record",
        "exit_override",
        "life_event",
        "income",
        # Monitoring keeps every spell and step (domain.md §7); a bundle's deletion of
        # the county's decision would otherwise undo it (docs/bundle-format.md §3.2).
        "monitoring_record",
        "monitoring_step",
    }
)
APPEND_ONLY = frozenset({"fund_entry"})

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
META = Meta.__table__  # type: ignore[attr-defined]
TOMBSTONE = Tombstone.__table__  # type: ignore[attr-defined]


@cache
def _code_fields(entity: str) -> tuple[tuple[str, frozenset[str], bool], ...]:
    return tuple(
        (s.name, frozenset(m.value for m in s.codes), s.kind == "codes")
        for s in specs(ENTITIES[entity][1])
        if s.codes is not None
    )


_SIMPLE = frozenset({str, int, float, bool, type(None), dt.date, dt.datetime})


def _plain(value: Any) -> Any:
    """Plain str for a CodeList member (also inside lists), so rows compare and print
    as stored."""
    kind = type(value)
    if kind is dt.datetime and value.tzinfo is None:
        # A naive time from a form is the user's wall-clock time; store it as UTC.
        return value.astimezone(dt.UTC)
    if kind in _SIMPLE:  # the common case, checked early: bulk imports call this a lot
        return value
    if isinstance(value, CodeList):
        return value.value
    if isinstance(value, list):
        return [v.value if isinstance(v, CodeList) else v for v in value]
    return value


def check_codes(entity: str, values: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """Code-list membership, which the column types alone cannot say."""
    problems = []
    for name, codes, multi in _code_fields(entity):
        if name not in values or values[name] is None:
            continue
        for v in values[name] if multi else [values[name]]:
            if v not in codes:
                problems.append((name, f"代码 {v!r} 不在代码表中", f"unknown code {v!r}"))
    return problems


def codes_clean(entity: str, columns: Mapping[str, list[Any]]) -> bool:
    """True when `check_codes` would find nothing in any row of `columns` (one list of
    values per field): each distinct code tested once, for a batch of rows at a time."""
    for name, codes, multi in _code_fields(entity):
        column = columns.get(name)
        if column is None:
            continue
        try:
            if multi:
                found = {x for v in column if v is not None for x in v}
            else:
                found = set(column)
                found.discard(None)
        except TypeError:  # unhashable: not a code; check_codes names it
            return False
        if not found <= codes:
            return False
    return True


@cache
def _defaults(entity: str) -> tuple[tuple[str, Any, Callable[[], Any] | None], ...]:
    """Each field's default, read once: pydantic would otherwise inspect every default
    factory on every row, which dominates bulk imports."""
    out = []
    for name, info in ENTITIES[entity][1].model_fields.items():
        factory = info.default_factory
        out.append((name, None if factory else info.default, factory))
    return tuple(out)  # type: ignore[arg-type]


@cache
def _default_parts(entity: str) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """The plain defaults as one dict, and the fields whose default a factory makes."""
    plain = {n: d for n, d, f in _defaults(entity) if f is None}
    return plain, tuple((n, f) for n, _d, f in _defaults(entity) if f is not None)


@cache
def _payload_defaults(
    entity: str,
) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """_default_parts without the fields a Tx stamps itself (rev, origin, updated_at)."""
    plain, factories = _default_parts(entity)
    return (
        {n: d for n, d in plain.items() if n not in _STAMPED},
        tuple((n, f) for n, f in factories if n not in _STAMPED),
    )


_STAMPED = frozenset({"rev", "origin", "updated_at"})


def _with_defaults(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """A new dict: `values` over the fields' defaults (one C-level merge per row)."""
    plain, factories = _default_parts(entity)
    row = {**plain, **values}
    for name, factory in factories:
        if name not in values:
            row[name] = factory()
    return row


def validate(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """Types through the pydantic data class; codes through the code lists."""
    data_cls = ENTITIES[entity][1]
    try:
        data = data_cls.model_validate(values)
    except pydantic.ValidationError as exc:
        raise ValidationError(
            [
                (".".join(str(p) for p in e["loc"]), "值的类型或格式不对", e["msg"])
                for e in exc.errors()
            ]
        ) from None
    problems = check_codes(entity, values)
    if problems:
        raise ValidationError(problems)
    return data.model_dump()


class Tx:
    def __init__(self, conn: Connection, actor: str, store_id: str) -> None:
        self.conn = conn
        self.actor = actor
        self.store_id = store_id
        self.changes = Changes()
        # Current, not stale: the writers' lock taken at BEGIN (store/engine.py: BEGIN
        # IMMEDIATE on SQLite, an advisory lock on PostgreSQL) is held until commit.
        meta: dict[str, str] = {k: v for k, v in conn.execute(select(META.c.key, META.c.value))}
        self._clock = int(meta.get("lamport", "0"))
        self._seq = int(meta.get("audit_seq", "0"))
        self._hash = meta.get("audit_hash", audit.GENESIS)
        self._now = utcnow()
        self._at_text = self._now.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
        # Audit entries wait as parameter tuples in the table's column order, in their
        # stored form (povdesk/audit_codec.py); every entry of a Tx has the same time.
        self._at_value = audit_codec.time_int(self._now)
        self._origin_values: dict[str, bytes] = {}
        self._pending: list[tuple[Any, ...]] = []

    @property
    def clock(self) -> int:
        """The Lamport clock: it moves with every change, so it tells whether anything was
        saved since a caller last looked."""
        return self._clock

    # -- reads -----------------------------------------------------------------------
    def get(self, entity: str, row_id: str) -> dict[str, Any] | None:
        t = table(entity)
        row = self.conn.execute(select(t).where(t.c.id == row_id)).mappings().first()
        return dict(row) if row is not None else None

    # -- writes ----------------------------------------------------------------------
    def insert(
        self, entity: str, values: Mapping[str, Any], *, trusted: bool = False
    ) -> dict[str, Any]:
        return self.insert_many(entity, [values], trusted=trusted)[0]

    def insert_many(
        self,
        entity: str,
        rows: Iterable[Mapping[str, Any]],
        *,
        trusted: bool = False,
        remote: bool = False,
        checked: bool = False,
    ) -> list[dict[str, Any]]:
        """`trusted` skips pydantic validation for rows the caller built and checked.

        `checked` (roster import) skips the per-row checks as well: the caller has put
        every value through `check_codes` and `inputs.row_problems` itself (once per
        distinct value, where a file repeats the same codes thousands of times) and
        hands over plain stored values (no CodeList members, no bookkeeping fields).

        `remote` (sync import): the rows keep the `rev`, `origin` and `updated_at` they
        carry from the store that made them; the Lamport clock moves past their revs."""
        if remote:
            return self._insert_remote(entity, rows)
        if checked:
            return self._insert_checked(entity, rows)
        out = []
        # One audit appender for all the rows (it renders the fixed parts once).
        entry = self._entry_text("create", entity)
        origin, now = self.store_id, self._now
        for values in rows:
            row = self._checked_row(entity, values, trusted)
            rev = self._tick()
            row.update(rev=rev, origin=origin, updated_at=now)
            payload = _payload(row)
            # The row itself keeps the values: the entry says which (audit_rows).
            entry(row["id"], "{}", canonical(payload), rev, origin, marker(entity, payload))
            out.append(row)
        self._write_new(entity, out)
        return out

    def _insert_checked(
        self, entity: str, rows: Iterable[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        """insert_many's rows that come `checked`: each row's stored values (its audit
        payload) are built first and the row from them, rather than the row first and
        the payload cut out of it again; bookkeeping defaults are not made only to be
        replaced."""
        plain, factories = _payload_defaults(entity)
        entry = self._entry_text("create", entity)
        origin, now = self.store_id, self._now
        out = []
        for values in rows:
            payload = {**plain, **values}
            for name, factory in factories:
                if name not in values:
                    payload[name] = factory()
            self._clock = rev = self._clock + 1
            entry(payload["id"], "{}", canonical(payload), rev, origin, marker(entity, payload))
            # Logged: the payload, stamped, is the row.
            payload["rev"], payload["origin"], payload["updated_at"] = rev, origin, now
            out.append(payload)
        self._write_new(entity, out)
        return out

    def _write_new(self, entity: str, out: list[dict[str, Any]]) -> None:
        """The new rows of `insert_many`, noted as changed and written in one go."""
        if out:
            self.changes.created.setdefault(entity, set()).update(r["id"] for r in out)
            self.changes.owners(entity, out)
            self._note_numbers(entity, out)
            bulk_insert(self.conn, table(entity), out)

    @staticmethod
    def _checked_row(entity: str, values: Mapping[str, Any], trusted: bool) -> dict[str, Any]:
        """A new row to insert, checked, with its defaults."""
        clean = {k: _plain(v) for k, v in values.items() if k not in BOOKKEEPING or k == "id"}
        if trusted:
            problems = check_codes(entity, clean) + row_problems(entity, clean)
            if problems:
                raise ValidationError(problems)
            return _with_defaults(entity, clean)
        problems = row_problems(entity, clean)
        if problems:
            raise ValidationError(problems)
        return validate(entity, clean)

    def _insert_remote(
        self, entity: str, rows: Iterable[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        """Sync import's rows (povdesk.sync.types.convert): every column, plain Python
        values, already checked against the column types; the code lists are checked here.
        They keep their own rev, origin and updated_at."""
        columns = _columns(entity)
        out = []
        clock = self._clock
        entry = self._entry_text("create", entity)
        for values in rows:
            if values.keys() != columns:
                raise ValidationError([("*", "字段不全", "the row does not have every field")])
            problems = check_codes(entity, values) + row_problems(entity, values)
            if problems:
                raise ValidationError(problems)
            payload = dict(values)
            rev = int(payload.pop("rev"))
            origin = str(payload.pop("origin"))
            updated_at = payload.pop("updated_at")
            if rev > clock:
                clock = rev
            entry(payload["id"], "{}", canonical(payload), rev, origin, marker(entity, payload))
            out.append({**payload, "rev": rev, "origin": origin, "updated_at": updated_at})
        self._clock = clock
        self._write_new(entity, out)
        return out

    def insert_remote_columns(self, entity: str, columns: dict[str, list[Any]]) -> None:
        """What `insert_many(remote=True)` does, for sync import's new rows given column
        by column (one list of values per column, every column), whose values the caller
        has put through every check `_insert_remote` makes (the column types, the code
        lists: `codes_clean`, `inputs.columns_clean`), for a batch of rows at once. The
        audit entries are the same: each create's canonical JSON and its stored form are
        made a column at a time (bulk.canonical_rows, audit_rows.markers)."""
        if columns.keys() != _columns(entity):
            raise ValidationError([("*", "字段不全", "the row does not have every field")])
        ids, revs, origins = columns["id"], columns["rev"], columns["origin"]
        if not ids:
            return
        names = tuple(k for k in columns if k not in ("rev", "origin", "updated_at"))
        afters = bulk.canonical_rows(columns, names)
        stored = markers(entity, columns, names)
        entry = self._entry_text("create", entity)
        for row_id, after, rev, origin, mark in zip(
            ids, afters, revs, origins, stored, strict=True
        ):
            entry(row_id, "{}", after, int(rev), str(origin), mark)
        self._clock = max(self._clock, max(revs))
        self.changes.created.setdefault(entity, set()).update(ids)
        keys = [k for k in ("id", "household_id", "village_id", "id_number") if k in columns]
        values = zip(*(columns[k] for k in keys), strict=True)
        owners = [dict(zip(keys, v, strict=True)) for v in values]
        self.changes.owners(entity, owners)
        self._note_numbers(entity, owners)
        bulk.insert_columns(self.conn, table(entity), columns)

    def update(
        self,
        entity: str,
        row_id: str,
        values: Mapping[str, Any],
        *,
        current: Mapping[str, Any] | None = None,
        trusted: bool = False,
        stamp: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Apply the changed fields; nothing is written when nothing changes.

        Bulk callers that already hold the row pass it as `current` (it must be the row as
        stored now) and, having checked the values themselves, `trusted`. Sync import
        passes the remote row's `stamp` (rev, origin, updated_at) to keep it."""
        if entity in APPEND_ONLY:
            raise _refuse(entity, "修改", "edited")
        if current is None:
            current = self.get(entity, row_id)
        if current is None:
            raise UserError(
                f"记录不存在：{entity} {row_id}",
                f"No such record: {entity} {row_id}",
                code="not_found",
            )
        wanted = {k: _plain(v) for k, v in values.items() if k not in BOOKKEEPING}
        unknown = set(wanted) - set(current)
        if unknown:
            raise ValidationError([(k, "没有这个字段", "no such field") for k in sorted(unknown)])
        if trusted:
            problems = check_codes(entity, wanted) + row_problems(entity, wanted)
            if problems:
                raise ValidationError(problems)
            merged = {**current, **wanted}
        else:
            problems = row_problems(entity, wanted)  # the values changed, not the stored ones
            if problems:
                raise ValidationError(problems)
            merged = validate(entity, {**current, **wanted})
        changed = {k: merged[k] for k in wanted if merged[k] != current[k]}
        if not changed:
            return dict(current)
        if stamp is not None:
            rev = int(stamp["rev"])
            self.observe(rev)
            new = {"rev": rev, "origin": str(stamp["origin"]), "updated_at": stamp["updated_at"]}
        else:
            rev = self._tick()
            new = {"rev": rev, "origin": self.store_id, "updated_at": self._now}
        t = table(entity)
        self.conn.execute(update(t).where(t.c.id == row_id).values(**changed, **new))
        before = {k: current[k] for k in changed}
        self._log("update", entity, row_id, before, changed, rev, origin=new["origin"])
        self.changes.note("updated", entity, row_id)
        self.changes.owners(entity, [current, changed])  # a move touches both villages
        if "id_number" in changed or "presence" in changed:
            self._note_numbers(entity, [current, {**current, **changed}])
        return {**current, **changed, **new}

    def delete(self, entity: str, row_id: str, *, origin: str | None = None) -> None:
        """`origin` (sync import): the store whose deletion this is, when not this one."""
        if entity in UNDELETABLE:
            raise _refuse(entity, "删除", "deleted")
        current = self.get(entity, row_id)
        if current is None:
            return
        rev = self._tick()
        origin = origin or self.store_id
        t = table(entity)
        self.conn.execute(delete(t).where(t.c.id == row_id))
        self.conn.execute(
            insert(TOMBSTONE).values(id=row_id, entity=entity, rev=rev, origin=origin, at=self._now)
        )
        self._log("delete", entity, row_id, _payload(current), {}, rev, origin)
        self.changes.note("deleted", entity, row_id)
        self.changes.owners(entity, [current])
        self._note_numbers(entity, [current])

    def set_meta(self, key: str, value: str) -> None:
        exists = self.conn.execute(select(META.c.key).where(META.c.key == key)).first()
        if exists:
            self.conn.execute(update(META).where(META.c.key == key).values(value=value))
        else:
            self.conn.execute(insert(META).values(key=key, value=value))

    def finish(self) -> None:
        """Called once before commit: persist the clock and the audit head."""
        self.set_meta("lamport", str(self._clock))
        self.set_meta("audit_seq", str(self._seq))
        self.set_meta("audit_hash", self._hash)
        self._flush_audit()

    def observe(self, rev: int) -> None:
        """Lamport's receive rule: after seeing a remote change, our clock is past it."""
        self._clock = max(self._clock, rev)

    # -- internals -------------------------------------------------------------------
    def _note_numbers(self, entity: str, rows: Iterable[Mapping[str, Any]]) -> None:
        if entity == "member":
            self.changes.id_numbers.update({n for r in rows if (n := r.get("id_number"))})

    def _tick(self) -> int:
        self._clock += 1
        return self._clock

    def _log(
        self,
        action: str,
        entity: str,
        row_id: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        rev: int,
        origin: str | None = None,
    ) -> None:
        self._entry_text(action, entity)(
            row_id, canonical(before), canonical(after), rev, origin or self.store_id, None
        )

    def _entry_text(
        self, action: str, entity: str
    ) -> Callable[[str, str, str, int, str, bytes | None], None]:
        """Appends audit entries of one action on one entity: before and after are
        canonical JSON already. The hashed text is audit.entry_hash's, with the parts that
        are the same for the whole transaction (time, actor) and for this action rendered
        once: the per-entry hashing was a third of a bulk import's time."""
        entry_hash = bulk.entry_hasher(self._at_text, self.actor, action, entity)
        at = self._at_value
        actor = self.actor
        pending = self._pending
        pack = audit_codec.pack
        origins = self._origin_values

        def append(
            row_id: str, before: str, after: str, rev: int, origin: str, stored: bytes | None = None
        ) -> None:
            """`stored`: the after as stored, when not its packed text (audit_rows.marker)."""
            seq = self._seq + 1
            digest = entry_hash(seq, row_id, before, after, rev, origin, self._hash)
            stored_origin = origins.get(origin)
            if stored_origin is None:
                stored_origin = origins[origin] = audit_codec.id_bytes(origin)
            pending.append(
                (
                    seq,
                    at,
                    actor,
                    action,
                    entity,
                    row_id,
                    pack(before),
                    pack(after) if stored is None else stored,
                    rev,
                    stored_origin,
                    digest.digest(),
                )
            )
            self._seq = seq
            self._hash = digest.hexdigest()
            if len(pending) >= 5000:  # keep memory flat during bulk work
                self._flush_audit()

        return append

    def _flush_audit(self) -> None:
        if not self._pending:
            return
        bulk.insert_tuples(self.conn, AUDIT, self._pending)
        self._pending.clear()


@cache
def _columns(entity: str) -> frozenset[str]:
    return frozenset(c.name for c in table(entity).columns)


def _payload(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in _STAMPED}


def _refuse(entity: str, verb_zh: str, verb_en: str) -> UserError:
    return UserError(
        f"{entity} 记录不能{verb_zh}：按规定只能追加（如冲销分录、生活事件、状态记录）。",
        f"{entity} records cannot be {verb_en}: they are append-only (use a reversing "
        "entry, a life event or a new status record).",
        code="append_only",
    )
