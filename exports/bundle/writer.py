"""`povdesk export`: the changes a peer has not acknowledged, as one signed, encrypted
file (docs/bundle-format.md §2, §5)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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
from povdesk.sync.outgoing import Outgoing, prepare
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
def export(
    store: Store, out: Path, to: str | None = None, *, progress: Tick | None = None
) -> Exported:
    """The records go, table by table, through gzip into a temporary file, the tar is put
    together in another, and age encrypts that as a stream: memory stays bounded however
    large the village (issue 17). `progress(done, total)` counts records written."""
    me = identity(store)
    with contextlib.ExitStack() as stack:
        records = stack.enter_context(tempfile.TemporaryFile())
        with prepare(store, me.role, to) as prepared:
            peer, going, seq, prev = prepared.peer, prepared.going, prepared.seq, prepared.prev
            digest, size = _write_records(records, going, progress)
        parts = [(container.RECORDS, digest, size)]
        for sha in sorted(going.files):
            if not store.files.has(sha):
                raise UserError(
                    f"附件文件缺失，无法导出：{sha[:12]}",
                    f"An attachment file is missing; cannot export: {sha[:12]}",
                    code="missing_file",
                )
            data = store.files.read(sha)
            parts.append((f"files/{sha}", hashlib.sha256(data).hexdigest(), len(data)))
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
            "parts": {name: {"sha256": sha, "size": n} for name, sha, n in parts},
        }
        mbytes = canonical(m).encode("utf-8")
        sig = me.signing.sign(mbytes, f"povdesk {me.area_code} -> {peer.area_code} #{seq}")
        plain = stack.enter_context(tempfile.TemporaryFile())
        members: list[tuple[str, int, Callable[[], BinaryIO]]] = [
            (container.MANIFEST, len(mbytes), lambda: io.BytesIO(mbytes)),
            (container.SIGNATURE, len(sig.encode("ascii")), lambda: io.BytesIO(sig.encode())),
            (container.RECORDS, size, lambda: _rewound(records)),
        ]
        for name, _sha, n in parts[1:]:
            members.append((name, n, _reader(store, name[len("files/") :])))
        container.pack_into(plain, members)
        plain.seek(0)
        cipher = stack.enter_context(tempfile.TemporaryFile())
        recipient = pyrage.x25519.Recipient.from_str(peer.age_recipient)
        try:
            pyrage.encrypt_io(plain, cipher, [recipient])
        except OSError as exc:
            raise files.not_written(Path(tempfile.gettempdir()), exc) from None
        name = file_name(me.area_code, peer.area_code, me.role, seq)
        path = files.inside(out, name) if out.is_dir() else out
        # Recorded before it becomes visible: a bundle file that exists was always
        # recorded, so a kill at any moment cannot leave a valid bundle the ledger does
        # not know (the county would import it, then refuse the real bundle of that
        # number as a fork).
        length = cipher.tell()
        cipher.seek(0)
        tmp = files.stage_from(path, cipher)
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
    return Exported(path, peer, seq, counts, len(going.files), length)


Tick = Callable[[int, int], None]
PIECE = 1 << 20  # bytes of JSON text gathered before they go through gzip


def _write_records(out: BinaryIO, going: Outgoing, progress: Tick | None) -> tuple[str, int]:
    """records.json.gz (docs/bundle-format.md §2.2) written piece by piece: the same
    canonical JSON, byte for byte, as one `canonical(body)` of the whole would be.
    Returns its sha256 and size."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)  # gzip, as container.compress
    sha = hashlib.sha256()
    size = 0
    pending: list[str] = []
    held = 0

    def put(text: str, *, final: bool = False) -> None:
        nonlocal held, size
        pending.append(text)
        held += len(text)
        if held < PIECE and not final:
            return
        data = z.compress("".join(pending).encode("utf-8"))
        if final:
            data += z.flush()
        pending.clear()
        held = 0
        sha.update(data)
        size += len(data)
        out.write(data)

    put('{"deleted":[' + ",".join(canonical(d) for d in going.deleted) + '],"records":[')
    total = going.total
    for done, record in enumerate(going.records(), 1):
        put(("," if done > 1 else "") + canonical(record))
        if progress is not None and done % 500 == 0:
            progress(done, total)
    put('],"resolutions":[' + ",".join(canonical(r) for r in going.resolutions) + "]}", final=True)
    if progress is not None:
        progress(total, total)
    return sha.hexdigest(), size


def _rewound(fh: BinaryIO) -> BinaryIO:
    fh.seek(0)
    return fh


def _reader(store: Store, sha: str) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(store.files.read(sha))


def _flat(counts: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k, v in counts.items():
        out[k] = v["rows"] + v["deleted"] if isinstance(v, dict) else int(v)
    return out
