"""Each household's findings kept in the store and kept current (issue 17).

A saved change re-checks the households it touched in the same transaction (plus the
households whose `id_duplicate` finding it may have made or ended), so the stored checks
are as current as the records. What a transaction cannot re-check at once is left stale,
never wrong: bulk work over more than `MOST` households, a change of the rule context (a
standard, a setting, a cadre, a new day, a new povdesk), a store from an older version,
an edit made outside povdesk. Staleness is seen by revision: database triggers count
every write to a household's records (`household_rev`, migration 0008), and a stored
check carries the count and the context fingerprint it was computed from. `refresh`
re-checks the stale ones, a chunk at a time, in the background.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.engine import Connection

from povdesk import __version__
from povdesk.audit import canonical
from povdesk.codes import Presence, StoreRole
from povdesk.models import HouseholdRev, Meta, StoredCheck, table
from povdesk.rules.facts import RuleContext
from povdesk.rules.identity import normalized_id
from povdesk.services.base import Service, Tx, sibling
from povdesk.services.checks import (
    CHUNK,
    Brief,
    Checks,
    HouseholdCheck,
    Listed,
    Summary,
    Tally,
    TallyPart,
)
from povdesk.services.config import Config
from povdesk.services.households import Households

CHECK = StoredCheck.__table__  # type: ignore[attr-defined]
REV = HouseholdRev.__table__  # type: ignore[attr-defined]
META = Meta.__table__  # type: ignore[attr-defined]
# Beyond this many households a transaction is bulk work (an import, a sync): re-checking
# them inside it would double its time, so they are left stale for `refresh`.
MOST = 500
# meta: the ID numbers used twice (hashed) that the stored checks were all made with
DUPES = "checks_dupes"
# Bumped when `Brief` or the encoding changes: every stored check is then stale.
FORMAT = 1
Progress = Callable[[int, int], None]


class Kept(NamedTuple):
    """A stored check as read back: `current` when computed from the records as they
    are now and in this context; a check from before an edit of the household's
    records is not read back at all."""

    household_id: str
    brief: Brief
    current: bool


def fingerprint(ctx: RuleContext) -> str:
    """Everything of the rule context but the ID numbers used twice (kept apart, see
    `DUPES`), with the program's version: rules change between versions."""
    parts: dict[str, Any] = {"version": __version__, "format": FORMAT}
    for f in dataclasses.fields(ctx):
        if f.name != "duplicate_id_numbers":
            parts[f.name] = _plain(getattr(ctx, f.name))
    return hashlib.sha256(canonical(parts).encode()).hexdigest()[:32]


def _plain(value: Any) -> Any:
    if isinstance(value, dict) or hasattr(value, "items"):
        return sorted([_plain(k), _plain(v)] for k, v in value.items())
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _plain(dataclasses.asdict(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _hash(number: str) -> str:
    # Kept in `meta` hashed: the numbers themselves need not sit in one more place.
    return hashlib.sha256(number.encode()).hexdigest()[:20]


def _hashes(numbers: Iterable[str]) -> set[str]:
    return {_hash(n) for n in numbers}


def _dumps(hashes: set[str]) -> str:
    return json.dumps(sorted(hashes))


def encode(b: Brief) -> tuple[str, str]:
    """Two JSON arrays: what the list reads (`Listed`, shared by many households, so a
    village's are decoded once per distinct value), then the head's name and the
    findings."""
    v = b.listed
    listed = [
        v.status,
        v.group,
        v.category,
        v.size,
        int(v.ready),
        int(v.blocked),
        int(v.undetermined),
        v.blocking,
        v.priority,
        sorted(v.shortfalls),
        sorted(v.groups),
        list(v.codes),
    ]
    rest = [b.head, [[c, d, int(blk), s, m, f] for c, d, blk, s, m, f in b.findings]]
    return _json(listed), _json(rest)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode_listed(text: str, sets: dict[frozenset[str], frozenset[str]] | None = None) -> Listed:
    """`sets`: equal sets are given as one object (a few hundred distinct values for a
    village's tens of thousands of `Listed`; an empty set alone takes 216 bytes)."""
    v = json.loads(text)
    if sets is not None:
        for i in (9, 10):
            found = frozenset(v[i])
            v[i] = sets.setdefault(found, found)
    return Listed(
        v[0],
        v[1],
        v[2],
        v[3],
        bool(v[4]),
        bool(v[5]),
        bool(v[6]),
        v[7],
        v[8],
        frozenset(v[9]),
        frozenset(v[10]),
        tuple(v[11]),
    )


def decode(listed: str, rest: str) -> Brief:
    v, (head, findings) = decode_listed(listed), json.loads(rest)
    return Brief(
        v.status,
        v.group,
        v.category,
        head,
        v.size,
        v.ready,
        v.blocked,
        v.undetermined,
        v.blocking,
        v.priority,
        v.shortfalls,
        v.groups,
        tuple((c, d, bool(blk), s, m, f) for c, d, blk, s, m, f in findings),
    )


class StoredChecks(Service):
    entity = "household"
    _role: str | None = None  # the store's role, read once (it never changes once set)

    # -- inside a write transaction ------------------------------------------------------
    def keep_current(self, tx: Tx) -> None:
        """Called by the store just before a transaction commits: the households it
        touched checked again, through its own connection, and stored. Which ID numbers
        are used twice can change only among those of the member rows it wrote: each is
        counted again, and the holders of any that became or stopped being used twice
        are checked again too."""
        touched = tx.changes.households
        if not touched or self._county(tx.conn):
            return
        numbers = tx.changes.id_numbers
        if len(touched) > MOST:
            if numbers:  # bulk work: which numbers are used twice is unknown until refresh
                tx.set_meta(DUPES, "null")
            return
        config = sibling(self.store, "config", Config)
        ids = set(touched)
        if numbers:
            old = self._seen(tx.conn)
            twice = _used_twice(tx.conn, numbers)
            if old is None:  # not known before: left for `refresh`
                flips: set[str] = set()
            else:
                flips = {n for n in numbers if (n in twice) != (_hash(n) in old)}
            if flips:  # rare (a duplicate registration made or undone): a member scan
                ids |= holders(tx.conn, flips, dt.date.today())
            if old is not None and len(ids) <= MOST:
                tx.set_meta(DUPES, _dumps((old - _hashes(numbers)) | _hashes(twice)))
            elif old is not None:
                tx.set_meta(DUPES, "null")
        if len(ids) > MOST:
            ids = set(touched)  # the other holders are found stale by `_doubted`
        ctx = config.context(households=sorted(ids))
        self._save(tx.conn, ctx, sorted(ids))

    def _county(self, conn: Connection) -> bool:
        """A county store: nothing there reads the stored checks (its review queue and
        figures check what they show), and a bundle of a village's few hundred
        households would pay for them at every import."""
        if not self._role:  # read until set: a new store is given its role after opening
            self._role = self._meta(conn, "role")
        return self._role == StoreRole.COUNTY.value

    # -- reading ----------------------------------------------------------------------
    def read(self, ctx: RuleContext, village_id: str | None = None) -> Iterator[list[Kept]]:
        """The stored checks, a chunk at a time: those computed from the records as they
        are now, each marked current or not (made in another context, or before the ID
        numbers used twice changed). Households without such a check are not read."""
        for rows in self._rows(ctx, village_id, CHECK.c.brief):
            yield [Kept(hid, decode(listed, rest), current) for hid, listed, current, rest in rows]

    def read_listed(
        self, ctx: RuleContext, village_id: str | None = None
    ) -> Iterator[list[tuple[str, Listed, bool]]]:
        """`read`, of each check only what the list reads: one `Listed` object per
        distinct value, shared by the households that have it (the window reads a
        township's 100,000 this way when it opens)."""
        seen: dict[str, Listed] = {}
        sets: dict[frozenset[str], frozenset[str]] = {}
        for rows in self._rows(ctx, village_id):
            out = []
            for hid, text, current in rows:
                listed = seen.get(text)
                if listed is None:
                    listed = seen[text] = decode_listed(text, sets)
                out.append((hid, listed, current))
            yield out

    def _rows(self, ctx: RuleContext, village_id: str | None, *more: Any) -> Iterator[list[Any]]:
        """(household id, listed, current, *more) of the checks `read` reads."""
        fp = fingerprint(ctx)
        doubted = self._doubted(ctx)
        stmt = (
            select(CHECK.c.household_id, CHECK.c.listed, CHECK.c.context, *more)
            .outerjoin(REV, REV.c.household_id == CHECK.c.household_id)
            .where(CHECK.c.rev == func.coalesce(REV.c.rev, 0))
        )
        # A household's check goes with it (migration 0008): no join with households.
        if village_id is not None:
            stmt = stmt.where(CHECK.c.village_id == village_id)
        with self.store.read() as conn:
            result = conn.execution_options(yield_per=CHUNK).execute(stmt)
            for rows in result.partitions():
                yield [
                    (hid, text, context == fp and hid not in doubted, *rest)
                    for hid, text, context, *rest in rows
                ]

    def briefs(self, household_ids: Iterable[str], ctx: RuleContext) -> dict[str, Brief]:
        """The current stored checks of these households (for a view to update itself
        after a change); a household missing from the answer has none."""
        wanted = list(household_ids)
        fp, doubted = fingerprint(ctx), self._doubted(ctx)
        out: dict[str, Brief] = {}
        with self.store.read() as conn:
            for start in range(0, len(wanted), MOST):
                part = wanted[start : start + MOST]
                stmt = (
                    select(CHECK.c.household_id, CHECK.c.listed, CHECK.c.brief)
                    .outerjoin(REV, REV.c.household_id == CHECK.c.household_id)
                    .where(
                        CHECK.c.household_id.in_(part),
                        CHECK.c.rev == func.coalesce(REV.c.rev, 0),
                        CHECK.c.context == fp,
                    )
                )
                out.update(
                    (hid, decode(listed, rest))
                    for hid, listed, rest in conn.execute(stmt)
                    if hid not in doubted
                )
        return out

    def stale(self, ctx: RuleContext, village_id: str | None = None) -> list[str]:
        """Households whose stored check is missing, older than their records, or made
        in another context: what `refresh` re-checks."""
        fp = fingerprint(ctx)
        h = table("household")
        stmt = (
            select(h.c.id)
            .outerjoin(CHECK, CHECK.c.household_id == h.c.id)
            .outerjoin(REV, REV.c.household_id == h.c.id)
            .where(
                CHECK.c.household_id.is_(None)
                | (CHECK.c.rev != func.coalesce(REV.c.rev, 0))
                | (CHECK.c.context != fp)
            )
            .order_by(h.c.id)
        )
        if village_id is not None:
            stmt = stmt.where(h.c.village_id == village_id)
        with self.store.read() as conn:
            found = set(conn.execute(stmt).scalars())
        return sorted(found | self._doubted(ctx, village_id))

    def summary(self, ctx: RuleContext, village_id: str | None = None) -> Summary:
        """The summary `summarise` gives of every household checked afresh, counted from
        the stored checks that are current; the others (none kept, older than their
        records, made in another context, doubted) are checked now, a chunk at a time,
        and nothing is written: `povdesk summary` reads a township in seconds."""
        tally = Tally()
        counted: set[str] = set()
        for chunk in self.read_listed(ctx, village_id):
            for hid, listed, current in chunk:
                if current:
                    tally.count(TallyPart.of_brief(listed))
                    counted.add(hid)
        households = sibling(self.store, "households", Households)
        rest = [h for h in households.ids(village_id=village_id) if h not in counted]
        checks = sibling(self.store, "checks", Checks)
        for start in range(0, len(rest), CHUNK):
            tally.add(checks.evaluate(ctx=ctx, household_ids=rest[start : start + CHUNK]))
        return tally.summary()

    # -- bringing up to date --------------------------------------------------------------
    def refresh(
        self,
        ctx: RuleContext | None = None,
        *,
        village_id: str | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Re-check and store every stale household, a chunk at a time, each chunk in its
        own short transaction (the window's edits are not held up for long). A household
        changed while its chunk was being checked keeps its stale mark. Returns how many
        were re-checked; stops early when `cancelled()` turns true."""
        config = sibling(self.store, "config", Config)
        ctx = ctx or config.context()
        ids = self.stale(ctx, village_id)
        checks = sibling(self.store, "checks", Checks)
        for start in range(0, len(ids), CHUNK):
            if cancelled is not None and cancelled():
                return start
            part = ids[start : start + CHUNK]
            with self.store.read() as conn:
                before = _revs(conn, part)  # read before the records: see `_save`
            found = checks.evaluate(ctx=ctx, household_ids=part)
            with self.store.tx(actor="system") as tx:
                revs = _revs(tx.conn, part)
                # Its ID numbers used twice are not needed here: the fingerprint leaves
                # them out, and counting the whole village's for each chunk is slow.
                current = config.context(today=ctx.today, year=ctx.year, households=[])
                if fingerprint(current) != fingerprint(ctx):
                    return start  # the context changed meanwhile: a newer refresh follows
                kept = [c for c in found if revs.get(c.household.id) == before.get(c.household.id)]
                _write(tx.conn, ctx, kept, revs)
            if progress is not None:
                progress(min(start + CHUNK, len(ids)), len(ids))
        seen = _hashes(ctx.duplicate_id_numbers)
        if not village_id and self._meta_now(DUPES) != _dumps(seen):
            with self.store.tx(actor="system") as tx:
                if _hashes(config.context().duplicate_id_numbers) == seen:
                    tx.set_meta(DUPES, _dumps(seen))
        return len(ids)

    # -- internals ----------------------------------------------------------------------
    def _save(self, conn: Connection, ctx: RuleContext, ids: list[str]) -> None:
        """Check `ids` and store the result with their revision, read in the same
        transaction after every write of it (the triggers have counted them all)."""
        found = sibling(self.store, "checks", Checks).evaluate(ctx=ctx, household_ids=ids)
        revs = _revs(conn, ids)
        conn.execute(delete(CHECK).where(CHECK.c.household_id.in_(ids)))
        _write(conn, ctx, found, revs, cleared=True)

    def _doubted(self, ctx: RuleContext, village_id: str | None = None) -> set[str]:
        """When the ID numbers used twice are not those the stored checks saw (a bulk
        change, an edit outside povdesk): the households whose `id_duplicate` finding may
        be wrong, however current the rest of their check."""
        with self.store.read() as conn:
            if self._seen(conn) == _hashes(ctx.duplicate_id_numbers):
                return set()
        with self.store.read() as conn:
            found = holders(conn, ctx.duplicate_id_numbers, ctx.today) | self._flagged(conn)
        if village_id is not None:
            h = table("household")
            with self.store.read() as conn:
                here = set(
                    conn.execute(select(h.c.id).where(h.c.village_id == village_id)).scalars()
                )
            found &= here
        return found

    def _seen(self, conn: Connection) -> set[str] | None:
        """The ID numbers used twice (hashed) when the stored checks were last all
        consistent with them; None before the first whole pass."""
        text = self._meta(conn, DUPES)
        found = None if text is None else json.loads(text)  # "null": unknown again
        return None if found is None else set(found)

    def _flagged(self, conn: Connection) -> set[str]:
        return set(conn.execute(select(CHECK.c.household_id).where(CHECK.c.dup == 1)).scalars())

    def _meta(self, conn: Connection, key: str) -> str | None:
        found = conn.execute(select(META.c.value).where(META.c.key == key)).scalar()
        return None if found is None else str(found)

    def _meta_now(self, key: str) -> str | None:
        with self.store.read() as conn:
            return self._meta(conn, key)


def _used_twice(conn: Connection, numbers: Iterable[str]) -> set[str]:
    """Those of `numbers` held by more than one present member (as `Config.context`
    counts them), read through the ID-number index."""
    m = table("member")
    wanted = sorted(numbers)
    out: set[str] = set()
    for start in range(0, len(wanted), MOST):
        stmt = (
            select(m.c.id_number)
            .where(m.c.id_number.in_(wanted[start : start + MOST]))
            .group_by(m.c.id_number)
            .having(func.sum(case((m.c.presence == Presence.PRESENT.value, 1), else_=0)) > 1)
        )
        out.update(conn.execute(stmt).scalars())
    return out


def _revs(conn: Connection, ids: list[str]) -> dict[str, int]:
    """household_rev of each of `ids` (0 when it has none yet)."""
    out = dict.fromkeys(ids, 0)
    for start in range(0, len(ids), MOST):
        part = ids[start : start + MOST]
        out.update(
            (hid, int(rev))
            for hid, rev in conn.execute(
                select(REV.c.household_id, REV.c.rev).where(REV.c.household_id.in_(part))
            )
        )
    return out


def _write(
    conn: Connection,
    ctx: RuleContext,
    found: list[HouseholdCheck],
    revs: dict[str, int],
    *,
    cleared: bool = False,
) -> None:
    if not found:
        return
    if not cleared:
        ids = [c.household.id for c in found]
        conn.execute(delete(CHECK).where(CHECK.c.household_id.in_(ids)))
    fp = fingerprint(ctx)
    rows = []
    for c in found:
        listed, rest = encode(Brief.of(c))
        rows.append(
            {
                "household_id": c.household.id,
                "village_id": c.household.village_id,
                "rev": revs.get(c.household.id, 0),
                "context": fp,
                "dup": int(any(f.code == "id_duplicate" for f in c.findings)),
                "listed": listed,
                "brief": rest,
            }
        )
    conn.execute(insert(CHECK), rows)


def holders(conn: Connection, numbers: Iterable[str], today: dt.date) -> set[str]:
    """Households with a present member whose ID number is one of `numbers`, compared
    as the identity rule compares them (typed form upper-cased, or the 18-character
    form), so the `id_duplicate` finding of each may have come or gone."""
    wanted = frozenset(numbers)
    if not wanted:
        return set()
    m = table("member")
    stmt = select(m.c.household_id, m.c.id_number).where(
        m.c.presence == Presence.PRESENT.value, m.c.id_number != ""
    )
    out: set[str] = set()
    for hid, raw in conn.execute(stmt):
        typed = raw.strip().upper()
        # An 18-character ASCII number is its own normal form; others (15 digits,
        # full-width) are parsed, as the rule parses them.
        plain = len(typed) == 18 and typed.isascii()
        if typed in wanted or (not plain and normalized_id(raw, today) in wanted):
            out.add(hid)
    return out
