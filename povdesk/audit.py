"""The audit trail: append-only and hash-chained.

Each entry's hash is SHA-256 over its content and the previous entry's hash, so editing,
removing or reordering any entry breaks the chain from that point on. The last seq and
hash are also kept in the `meta` table, so cutting entries off the end is caught too.
(The database itself refuses UPDATE and DELETE on the log: see the first migration.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, str):
        return str(value)  # plain str, not a CodeList member
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):  # datetime is a date too
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical(value: Any) -> str:
    """Sorted keys, no spaces, dates as ISO text: the same content gives the same bytes."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_encode
    )


def entry_hash(
    *,
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    entity: str,
    row_id: str,
    before: str,
    after: str,
    rev: int,
    origin: str,
    prev_hash: str,
) -> str:
    # Each part is length-prefixed, so no choice of text can make two different entries
    # hash alike, without escaping the (already JSON) before/after a second time.
    parts = (
        str(seq),
        _utc_text(at),
        actor,
        action,
        entity,
        row_id,
        before,
        after,
        str(rev),
        origin,
        prev_hash,
    )
    body = "".join(f"{len(p)}:{p};" for p in parts)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _utc_text(at: dt.datetime) -> str:
    # SQLite hands datetimes back without an offset; hash the same text either way.
    if at.tzinfo is not None:
        at = at.astimezone(dt.UTC).replace(tzinfo=None)
    return at.isoformat()


def _hash(seq: int, content: tuple[Any, ...], prev: str) -> str:
    at, actor, action, entity, row_id, before, after, rev, origin = content
    return entry_hash(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        row_id=row_id,
        before=before,
        after=after,
        rev=rev,
        origin=origin,
        prev_hash=prev,
    )


# How far back an entry moved down the log is still told apart from an edited one.
_MOVED_BY = 3


def _moved_here(seq: int, content: tuple[Any, ...], h: str, recent: deque[tuple[int, str]]) -> bool:
    """Whether an entry that does not verify at `seq` verifies at an earlier place (after
    the entries seen just before): then it was moved, not edited. A permutation always
    moves some entry down, so a reordering within a few places is named as one."""
    return any(_hash(earlier + 1, content, prev) == h for earlier, prev in list(recent)[:-1])


def _moved(seq: int) -> Problem:
    return Problem(
        seq,
        "missing_or_reordered",
        f"审计日志第 {seq} 条之前的记录被删除或调换了顺序",
        f"Audit entries before #{seq} were removed or reordered",
    )


@dataclass(frozen=True)
class Problem:
    seq: int
    kind: str  # edited / missing_or_reordered / truncated
    zh: str
    en: str


def verify_chain(
    rows: Iterable[tuple[int, dt.datetime, str, str, str, str, str, str, int, str, str]],
    head: tuple[int, str] | None,
) -> list[Problem]:
    """`rows`: (seq, at, actor, action, entity, row_id, before, after, rev, origin, hash)
    in seq order, before and after as canonical JSON (audit_codec.unpack), hash as hex;
    `head`: the (seq, hash) recorded in meta.

    Each entry's previous hash is the previous row's: an entry removed or moved shows as
    a gap in seq and as the next entry's hash no longer matching."""
    problems: list[Problem] = []
    prev = GENESIS
    expected_seq = 1
    last: tuple[int, str] = (0, GENESIS)
    recent: deque[tuple[int, str]] = deque([(0, GENESIS)], maxlen=_MOVED_BY + 1)
    for seq, at, actor, action, entity, row_id, before, after, rev, origin, h in rows:
        content = (at, actor, action, entity, row_id, before, after, rev, origin)
        if seq != expected_seq:
            problems.append(_moved(seq))
        elif _hash(seq, content, prev) != h:
            if _moved_here(seq, content, h, recent):
                problems.append(_moved(seq))
            else:
                problems.append(
                    Problem(
                        seq,
                        "edited",
                        f"审计日志第 {seq} 条的内容被改动过",
                        f"Audit entry #{seq} was edited",
                    )
                )
        prev = h
        expected_seq = seq + 1
        last = (seq, h)
        recent.append(last)
    if head is not None and head != last:
        problems.append(
            Problem(
                head[0],
                "truncated",
                f"审计日志应有 {head[0]} 条，末尾的记录被删除或改动",
                f"The audit log should end at entry #{head[0]}; entries at its end were "
                "removed or changed",
            )
        )
    return problems
