"""The per-field three-way merge (docs/bundle-format.md §3). Pure: values in, decision out.

`fields` is what the sender says it changed since the two stores last agreed:
field -> (the agreed value, the sender's audit position of its last change). `received`
is how far this store has already applied the sender's changes, so a re-sent or older
bundle is recognised field by field and never rolls anything back.

`base` is the value before the *first* change the sender made since the receiver last
acknowledged it, so when the sender edits a field in several bundles the receiver has not
acknowledged yet, the receiver's value (from the earlier bundle) differs from `base`
without the receiver having touched it. `from_sender` names the fields whose local value
is, by this store's audit log, the sender's own last value: those simply take the newer
remote value. Finding them needs the audit log, so `doubtful` first names the few fields
that need the look-up (local differs from both base and remote)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from povdesk.models import BOOKKEEPING


@dataclass(frozen=True)
class Conflict:
    field: str
    base: Any
    local: Any
    remote: Any


@dataclass
class FieldMerge:
    take: dict[str, Any] = field(default_factory=dict)  # remote values to apply
    conflicts: list[Conflict] = field(default_factory=list)
    stale: bool = False  # every change was already applied here


def merge_fields(
    local: Mapping[str, Any],
    remote: Mapping[str, Any],
    fields: Mapping[str, tuple[Any, int]],
    received: int,
    from_sender: Collection[str] = frozenset(),
) -> FieldMerge:
    """Both rows in JSON form (povdesk.sync.values). Deterministic: fields in name order.

    A conflict is an edit made there and a different edit made here since the two last
    agreed; an edit made only there, in however many steps, applies."""
    out = FieldMerge()
    fresh = 0
    for name in sorted(fields):
        if name in BOOKKEEPING or name not in remote or name not in local:
            continue
        base, pos = fields[name]
        if pos <= received:
            continue
        fresh += 1
        mine, theirs = local[name], remote[name]
        if mine == theirs:
            continue
        if mine == base or name in from_sender:
            out.take[name] = theirs
        else:
            out.conflicts.append(Conflict(name, base, mine, theirs))
    out.stale = fresh == 0
    return out


def doubtful(
    local: Mapping[str, Any],
    remote: Mapping[str, Any],
    fields: Mapping[str, tuple[Any, int]],
    received: int,
) -> list[str]:
    """The fields `merge_fields` would call a conflict without knowing who made the local
    value: new to this store, and the local value is neither the base nor the remote one.
    Usually none, so the audit log is read only for these."""
    out = []
    for name in sorted(fields):
        if name in BOOKKEEPING or name not in remote or name not in local:
            continue
        base, pos = fields[name]
        if pos > received and local[name] != remote[name] and local[name] != base:
            out.append(name)
    return out


def accepts_resolution(local: Any, seen: list[Any], value: Any) -> bool:
    """A resolution made at the peer applies here when our value is still one the resolver
    saw (or already the chosen one): a later edit here is never overwritten by it."""
    return local == value or local in seen
