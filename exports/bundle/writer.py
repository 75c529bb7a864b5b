"""`povdesk export`: the changes a peer has not acknowledged, as one signed, encrypted
file (docs/bundle-format.md §2, §5)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage

from exports import files
from exports.bundle import container, manifest
from exports.bundle.keys import identity
from povdesk.bulk import gc_paused
from povdesk.errors import UserError
from povdesk.models import utcnow
from povdesk.store import schema
from povdesk.store.store import Store
from povdesk.sync import ledger
from povdesk.sync.outgoing import prepare
from povdesk.sync.values import canonical


@dataclass(frozen=True)
class Exported:
    path: Path
    peer: ledger.Peer
    seq: int
    counts: dict[str, Any]
    files: int
    size: int


def file_name(sender_area: str, recipient_area: str, role: str, seq: int) -> str:
    if role == "county":
        return f"{sender_area}-to-{recipient_area}-{seq:06d}.pvb"
    return f"{sender_area}-{seq:06d}.pvb"


@gc_paused()  # many small acyclic objects: the cyclic collector only costs time here
def export(store: Store, out: Path, to: str | None = None) -> Exported:
    me = identity(store)
    prepared = prepare(store, me.role, to)
    peer, going, seq, prev = prepared.peer, prepared.going, prepared.seq, prepared.prev
    body = {"records": going.records, "deleted": going.deleted, "resolutions": going.resolutions}
    records = container.compress(canonical(body).encode("utf-8"))
    members: list[tuple[str, bytes]] = [(container.RECORDS, records)]
    for sha in sorted(going.files):
        if not store.files.has(sha):
            raise UserError(
                f"附件文件缺失，无法导出：{sha[:12]}",
                f"An attachment file is missing; cannot export: {sha[:12]}",
                code="missing_file",
            )
        members.append((f"files/{sha}", store.files.read(sha)))
    counts: dict[str, Any] = {
        **going.counts(),
        "files": len(going.files),
        "resolutions": len(going.resolutions),
    }
    made = utcnow()
    m = {
        "format": manifest.FORMAT,
        "version": manifest.VERSION,
        "schema": schema.head(),
        "sender": {
            "store_id": me.store_id,
            "role": me.role,
            "area_code": me.area_code,
            "name": me.name,
            "key_id": me.key_id,
        },
        "recipient": {
            "store_id": peer.store_id,
            "area_code": peer.area_code,
            "age": peer.age_recipient,
        },
        "seq": seq,
        "prev": prev,
        "created": made.isoformat(),
        "range": {"from": going.range_from, "to": going.range_to},
        "receipt": going.receipt,
        "counts": counts,
        "parts": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in members
        },
    }
    mbytes = canonical(m).encode("utf-8")
    sig = me.signing.sign(mbytes, f"povdesk {me.area_code} -> {peer.area_code} #{seq}")
    plain = container.pack(
        [(container.MANIFEST, mbytes), (container.SIGNATURE, sig.encode("ascii")), *members]
    )
    cipher = pyrage.encrypt(plain, [pyrage.x25519.Recipient.from_str(peer.age_recipient)])
    name = file_name(me.area_code, peer.area_code, me.role, seq)
    path = files.inside(out, name) if out.is_dir() else out
    # Recorded before it becomes visible: a bundle file that exists was always recorded,
    # so a kill at any moment cannot leave a valid bundle the ledger does not know (the
    # county would import it, then refuse the real bundle of that number as a fork).
    tmp = files.stage(path, cipher)
    entry = ledger.Entry(seq, hashlib.sha256(mbytes).hexdigest(), going.range_from, going.range_to)
    try:
        with store.tx() as tx:
            store.ledger.record(tx, "out", peer.store_id, entry, prev, _flat(counts), created=made)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        files.publish(tmp, path)
    except BaseException:
        # Never visible: the next export reuses the number.
        with store.tx() as tx:
            store.ledger.forget(tx, "out", peer.store_id, seq)
        raise
    return Exported(path, peer, seq, counts, len(going.files), len(cipher))


def _flat(counts: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k, v in counts.items():
        out[k] = v["rows"] + v["deleted"] if isinstance(v, dict) else int(v)
    return out
