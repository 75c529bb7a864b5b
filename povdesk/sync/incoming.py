"""Apply a verified bundle in one transaction: all of it or none of it
(docs/bundle-format.md §3-4). The caller (exports.bundle) has already checked the file,
the signature and the parts; here the records meet the merge rules and the core's Tx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from povdesk.bulk import gc_paused
from povdesk.changes import NOTHING, OpChanges
from povdesk.codes import MonitorState
from povdesk.errors import UserError
from povdesk.models import ENTITIES, AuditEntry, Tombstone
from povdesk.rules.exit_guard import GUARDED_STATUSES
from povdesk.services.status import incoming_verdicts
from povdesk.store.store import Store
from povdesk.store.tx import APPEND_ONLY, Tx, table
from povdesk.sync import authority, fresh, history, ledger
from povdesk.sync.merge import accepts_resolution, merge_fields
from povdesk.sync.outgoing import CHUNK
from povdesk.sync.scope import COUNTY_ONLY, Scope, county_only
from povdesk.sync.types import convert
from povdesk.sync.values import row_json

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
TOMBSTONE = Tombstone.__table__  # type: ignore[attr-defined]
NATURAL_KEYS = {
    "poverty_line": ("year",),
    "reference_income": ("year", "area_code"),
    "monitoring_range": ("year",),
}
# How far one bundle may move this store's Lamport clock: far more changes than a village
# makes in its life, far fewer than would bring the clock near 64 bits (a row with
# rev = 2**63 - 1 once made every later change here fail).
MAX_REV_STEP = 1 << 32


Tick = Callable[[int, int], None]
Batches = Iterator[tuple[str, list[dict[str, Any]]]]


@dataclass
class Content:
    """A bundle's records part as apply needs it, without the records in memory (issue
    17): `batches()` reads them again, in chunks of one entity each, in the order of
    ENTITIES (references first). What the import needs of all records at once is
    gathered by `Content.take` as the reader checks them, record by record."""

    batches: Callable[[], Batches]
    deleted: list[dict[str, Any]] = field(default_factory=list)
    resolutions: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)  # monitoring_step records
    guarded: set[str] = field(default_factory=set)  # households set to 拟退出 / 已脱贫
    eliminated: set[str] = field(default_factory=set)  # records set to 风险消除
    households: set[str] = field(default_factory=set)  # households the records touch
    top_rev: tuple[int, str] = (0, "")  # the highest rev, and its record's id
    kinds: dict[str, int] = field(default_factory=dict)  # records per entity
    attachments: set[str] = field(default_factory=set)  # the files attachment rows name

    def take(self, r: dict[str, Any]) -> None:
        """One checked record: what is kept of it."""
        entity, row = r["e"], r["row"]
        self.kinds[entity] = self.kinds.get(entity, 0) + 1
        if row["rev"] > self.top_rev[0]:
            self.top_rev = (row["rev"], r["id"])
        if entity == "household":
            self.households.add(r["id"])
            # Text only: a value of another type (refused later, by convert) must not
            # crash the lookup (a list is unhashable).
            if isinstance(row.get("status"), str) and row["status"] in GUARDED_STATUSES:
                self.guarded.add(r["id"])
        elif isinstance(row.get("household_id"), str) and row["household_id"]:
            self.households.add(row["household_id"])
        if entity == "attachment":
            self.attachments.add(row["sha256"])
        if entity == "monitoring_step":
            self.steps.append(r)
        elif entity == "monitoring_record" and row.get("state") == ELIMINATED:
            self.eliminated.add(r["id"])


ELIMINATED = MonitorState.ELIMINATED.value


@dataclass(frozen=True)
class Incoming:
    """A bundle's content, verified by the reader."""

    sender: str  # store id
    seq: int
    hash: str
    prev: str | None
    range_from: int
    range_to: int
    receipt_cursor: int
    body: Content
    counts: dict[str, int]
    created: dt.datetime | None = None  # the manifest's: when the sender made the bundle


@dataclass
class Report:
    sender: str = ""
    seq: int = 0
    already: bool = False
    dry_run: bool = False
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)
    households: list[str] = field(default_factory=list)  # 户编号 touched
    conflicts: int = 0
    missing: list[int] = field(default_factory=list)
    stale: bool = False  # older than what was already imported: nothing rolled back
    # (户编号, status, reasons): set to 拟退出/已脱贫 by the bundle, refused by our guard
    status_doubts: list[tuple[str, str, list[tuple[str, str]]]] = field(default_factory=list)
    # (户编号, reasons): records set to 风险消除 by the bundle, refused by our guard
    elimination_doubts: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    # (户编号, state): monitoring records new here that a village sent already decided
    decided_history: list[tuple[str, str]] = field(default_factory=list)
    # What the import changed here (nothing for a dry run): the views to refresh.
    changes: OpChanges = NOTHING

    def note(self, entity: str, what: str, n: int = 1) -> None:
        counts = self.kinds.setdefault(
            entity, {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0, "conflicts": 0}
        )
        counts[what] += n

    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.kinds.values())


class _Rollback(Exception):
    pass


@gc_paused()
def apply(
    store: Store, inc: Incoming, *, dry_run: bool = False, progress: Tick | None = None
) -> Report:
    """`progress(done, total)` counts the records applied."""
    report = Report(sender=inc.sender, seq=inc.seq, dry_run=dry_run)
    try:
        with store.tx() as tx:
            _apply(tx, inc, report, progress)
            report.status_doubts = incoming_verdicts(store, tx, _guarded_households(inc))
            report.elimination_doubts = authority.elimination_doubts(
                store, _eliminated_records(inc)
            )
            if dry_run:
                raise _Rollback
        report.changes = OpChanges.of(tx.changes)
    except _Rollback:
        pass
    report.missing = store.ledger.missing(inc.sender)
    if dry_run and not report.already:
        report.missing = sorted(set(report.missing) - {inc.seq})
    return report


def _guarded_households(inc: Incoming) -> list[str]:
    """Households whose status the bundle sets to 拟退出 or 已脱贫."""
    return sorted(inc.body.guarded)


def _eliminated_records(inc: Incoming) -> list[str]:
    """Records the bundle sets to 风险消除."""
    return sorted(inc.body.eliminated)


def _apply(tx: Tx, inc: Incoming, report: Report, progress: Tick | None) -> None:
    peer = ledger.peer_by_id(tx.conn, inc.sender)
    if peer is None:  # the reader checked trust; the peer vanished meanwhile
        raise UserError("发送方不受信任。", "The sender is not trusted.", code="untrusted")
    seen = {e.seq: e for e in ledger.entries(tx.conn, "in", peer.store_id)}
    if inc.seq in seen:
        if seen[inc.seq].hash != inc.hash:
            raise UserError(
                f"来自 {peer.label} 的第 {inc.seq} 号数据包已导入过另一个不同的版本，"
                "本包被拒绝（可能被伪造或重复编号）。",
                f"A different bundle #{inc.seq} from {peer.label} was already imported; this "
                "one is refused (forged, or numbered twice).",
                code="forked",
            )
        report.already = True
        return
    _check_chain(peer, inc, seen)
    if inc.range_from > peer.received:
        raise UserError(
            f"来自 {peer.label} 的第 {inc.seq} 号数据包缺少前面的变动（本库只收到位置 "
            f"{peer.received}，本包从 {inc.range_from} 开始），请先导入更早的数据包。",
            f"Bundle #{inc.seq} from {peer.label} starts after changes this store never "
            f"received (has up to {peer.received}, bundle starts at {inc.range_from}); "
            "import the earlier bundles first.",
            code="gap",
        )
    report.stale = inc.range_to <= peer.received
    received = peer.received
    scope = Scope(tx.conn, peer)
    _check_revs(tx, peer, inc)
    body = inc.body
    total = sum(body.kinds.values())
    done = 0
    for entity, items in body.batches():  # references first
        _records(tx, scope, inc.seq, entity, items, received, report, body.steps)
        done += len(items)
        if progress is not None:
            progress(done, total)
    for d in body.deleted:
        _delete(tx, scope, d, received, report)
    for s in body.resolutions:
        _resolution(tx, scope, s, report)
    ledger.record(
        tx,
        "in",
        peer.store_id,
        ledger.Entry(inc.seq, inc.hash, inc.range_from, inc.range_to),
        inc.prev,
        inc.counts,
        created=inc.created,
    )
    ledger.set_progress(tx, peer.store_id, received=inc.range_to, acked=inc.receipt_cursor)
    report.households = _numbers(tx, body.households)
    report.decided_history = authority.decided_history(scope.history)


def _check_chain(peer: ledger.Peer, inc: Incoming, done: dict[int, ledger.Entry]) -> None:
    """Each bundle names the hash of the sender's previous one (docs/bundle-format.md
    §2.1): a bundle that does not follow the one imported before it, or that the one
    imported after it does not follow, is from a forked series."""
    before = done.get(inc.seq - 1)
    after = done.get(inc.seq + 1)
    broken = (inc.seq == 1 and inc.prev is not None) or (
        before is not None and before.hash != inc.prev
    )
    if not broken and after is not None:
        broken = after.prev != inc.hash
    if broken:
        raise UserError(
            f"来自 {peer.label} 的第 {inc.seq} 号数据包与已导入的前后数据包接不上"
            "（前一包的校验值不符），可能是伪造的或对方的编号出现了分叉，未导入任何内容。"
            "请与该村核对其导出记录。",
            f"Bundle #{inc.seq} from {peer.label} does not follow on from the bundles "
            "already imported (the previous bundle's hash does not match): forged, or the "
            "sender's series forked. Nothing was imported; check the village's export "
            "records with them.",
            code="broken_chain",
        )


def _check_revs(tx: Tx, peer: ledger.Peer, inc: Incoming) -> None:
    limit = tx.clock + MAX_REV_STEP
    rev, row_id = inc.body.top_rev
    if rev > limit:
        raise UserError(
            f"来自 {peer.label} 的数据包中记录 {row_id} 的版本号 {rev} "
            "大得不合理（超出本库时钟允许的增幅），整个数据包被拒绝，未导入任何内容。",
            f"The bundle from {peer.label} gives record {row_id} an implausible "
            f"version number {rev} (beyond what this store's clock may "
            "advance by); the whole bundle is refused; nothing was imported.",
            code="bad_rev",
        )


def _records(
    tx: Tx,
    scope: Scope,
    seq: int,
    entity: str,
    items: list[dict[str, Any]],
    received: int,
    report: Report,
    steps: list[dict[str, Any]],
) -> None:
    sender = scope.peer.store_id
    ids = [r["id"] for r in items]
    local = fresh.local_rows(tx, entity, ids)
    scope.check(entity, [(r["id"], r["row"], local.get(r["id"])) for r in items])
    gone = fresh.tombstoned(tx, [i for i in ids if i not in local])
    new: list[dict[str, Any]] = []
    # JSON form once per row: the doubtful-field check and the merge both compare in it.
    here = {} if entity in APPEND_ONLY else {i: row_json(row) for i, row in local.items()}
    if not scope.from_county and entity in authority.ENTITIES:
        authority.check_records(tx, scope.peer, entity, items, here, steps, scope.history)
    theirs = history.sender_values(tx.conn, sender, entity, items, here, received)
    # The records new here, checked as one batch; None: one by one, below.
    columns = None
    if entity not in NATURAL_KEYS:
        born = [r for r in items if r["id"] not in local and r["id"] not in gone]
        columns = fresh.checked_columns(entity, born, sender) if born else None
    for r in items:
        mine = local.get(r["id"])
        if mine is None:
            if r["id"] in gone:  # deleted here: a later deletion wins over a re-send
                report.note(entity, "unchanged")
                continue
            if columns is not None:  # checked with its batch, written below
                continue
            row = convert(entity, r["row"])
            row["origin"] = sender  # the verified sender, never what the bundle claims
            _replace_natural(tx, entity, row)
            new.append(row)
            continue
        if entity in APPEND_ONLY:  # never updated, only appended
            report.note(entity, "unchanged")
            continue
        fields = {k: (v[0], v[1]) for k, v in r["fields"].items()}
        merged = merge_fields(
            here[r["id"]], r["row"], fields, received, theirs.get(r["id"], frozenset())
        )
        for c in merged.conflicts:
            ledger.add_conflict(
                tx, sender, seq, entity, r["id"], c.field, c.base, c.local, c.remote
            )
            report.note(entity, "conflicts")
            report.conflicts += 1
        if merged.take:
            row = convert(entity, r["row"])
            take = {k: row[k] for k in merged.take}
            stamp = {**row, "origin": sender}  # the verified sender, never the claim
            tx.update(entity, r["id"], take, current=mine, trusted=True, stamp=stamp)
            report.note(entity, "updated")
        elif not merged.conflicts:
            report.note(entity, "unchanged")
    if new:
        tx.insert_many(entity, new, trusted=True, remote=True)
        report.note(entity, "created", len(new))
    if columns is not None:
        tx.insert_remote_columns(entity, columns)
        report.note(entity, "created", len(columns["id"]))


def _replace_natural(tx: Tx, entity: str, row: dict[str, Any]) -> None:
    """The county's configuration row replaces this store's own row for the same year."""
    keys = NATURAL_KEYS.get(entity)
    if keys is None:
        return
    t = table(entity)
    same = tx.conn.execute(select(t.c.id).where(*(t.c[k] == row.get(k) for k in keys))).first()
    if same is not None and same[0] != row["id"]:
        tx.delete(entity, same[0])


def _delete(tx: Tx, scope: Scope, d: dict[str, Any], received: int, report: Report) -> None:
    peer = scope.peer
    entity, row_id = d["e"], d["id"]
    if entity in COUNTY_ONLY and not scope.from_county:
        raise county_only(peer, entity, None, row_id)
    if d["seq"] <= received:
        return
    current = tx.get(entity, row_id)
    if current is None:
        report.note(entity, "unchanged")
        return
    scope.check(entity, [(row_id, None, current)])
    a = AUDIT.c
    edited_here = tx.conn.execute(
        select(a.seq).where(
            a.entity == entity, a.row_id == row_id, a.seq > peer.acked, a.origin == tx.store_id
        )
    ).first()
    if edited_here is not None or entity not in _DELETABLE:
        row = row_json(current)
        ledger.add_conflict(tx, peer.store_id, 0, entity, row_id, "*", row, row, None)
        report.note(entity, "conflicts")
        report.conflicts += 1
        return
    tx.delete(entity, row_id, origin=peer.store_id)
    report.note(entity, "deleted")


def _deletable() -> frozenset[str]:
    from povdesk.store.tx import UNDELETABLE

    return frozenset(ENTITIES) - UNDELETABLE


_DELETABLE = _deletable()


def _resolution(tx: Tx, scope: Scope, s: dict[str, Any], report: Report) -> None:
    if s["e"] in COUNTY_ONLY and not scope.from_county:
        raise county_only(scope.peer, s["e"], None, s["id"])
    current = tx.get(s["e"], s["id"])
    if current is None or s["e"] in APPEND_ONLY:
        return
    scope.check(s["e"], [(s["id"], None, current)])
    mine = row_json(current)[s["field"]]
    if not accepts_resolution(mine, s["replaces"], s["value"]):
        return
    if mine != s["value"]:
        tx.update(s["e"], s["id"], {s["field"]: s["value"]}, current=current)
        report.note(s["e"], "updated")
    for c in ledger.conflicts(tx.conn, open_only=True):
        if (c.entity, c.row_id, c.field) == (s["e"], s["id"], s["field"]):
            ledger.close_conflict(tx, c.id, s["value"], f"{tx.actor} (对方处理 / by peer)")


def _numbers(tx: Tx, ids: set[str]) -> list[str]:
    if not ids:
        return []
    t = table("household")
    ordered = sorted(ids)
    out: list[str] = []
    for i in range(0, len(ordered), CHUNK):
        rows = tx.conn.execute(select(t.c.number).where(t.c.id.in_(ordered[i : i + CHUNK])))
        out += [r[0] for r in rows]
    return sorted(out)
