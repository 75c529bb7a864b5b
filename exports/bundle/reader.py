"""Opening a bundle: every check of docs/bundle-format.md §4 steps 1-6, before the
database is touched. Anything wrong is a UserError (zh/en); nothing here writes."""

from __future__ import annotations

import hashlib
import marshal
import tempfile
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyrage

from exports.bundle import container, manifest, stream
from exports.bundle.container import damaged
from exports.bundle.keys import Identity, identity
from exports.bundle.minisign import verify
from povdesk.errors import UserError, os_reason_zh
from povdesk.models import ENTITIES
from povdesk.store.store import Store
from povdesk.sync import ledger, shape
from povdesk.sync.incoming import Batches, Content, Incoming

AGE_MAGIC = b"age-encryption.org/v1\n"
HEAD = frozenset({container.MANIFEST, container.SIGNATURE})


@dataclass(frozen=True)
class Opened:
    """A decrypted bundle. Its plaintext stays in a temporary file (`plain`, None when
    the sender was refused) that its parts are read from as streams; `close` lets it go."""

    path: Path
    manifest: dict[str, Any]
    peer: ledger.Peer | None
    signature_ok: bool
    problem: UserError | None
    members: dict[str, bytes]  # the manifest and its signature
    plain: BinaryIO | None = None
    where: container.Where = field(default_factory=dict)

    def read(self, name: str) -> Callable[[int], bytes]:
        assert self.plain is not None
        offset, size = self.where[name]
        return container.region(self.plain, offset, size)

    def close(self) -> None:
        if self.plain is not None:
            self.plain.close()


def _decrypt(path: Path, me: Identity) -> BinaryIO:
    """The plaintext in a temporary file, decrypted as a stream: a large bundle (up to
    MAX_BUNDLE, attachments included) never sits in memory before it is trusted."""
    try:
        size = path.stat().st_size
        fh = path.open("rb")
    except OSError as exc:
        raise UserError(
            f"无法读取文件 {path}：{os_reason_zh(exc)}。",
            f"Cannot read {path}: {exc.strerror}",
            code="bad_bundle",
        ) from None
    with fh:
        if size > container.MAX_BUNDLE:
            raise damaged("文件超过大小上限", "the file exceeds the size limit")
        if fh.read(len(AGE_MAGIC)) != AGE_MAGIC:
            raise UserError(
                f"不是 povdesk 数据包（不是加密的数据包文件）：{path}",
                f"Not a povdesk bundle (not an encrypted bundle file): {path}",
                code="not_a_bundle",
            )
        fh.seek(0)
        out = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
        try:
            pyrage.decrypt_io(fh, out, [me.age])
        except BaseException as exc:
            out.close()
            # pyrage reports a damaged payload as an OSError without an errno.
            if isinstance(exc, pyrage.DecryptError) or (
                isinstance(exc, OSError) and exc.errno is None
            ):
                raise _undecryptable(exc) from None
            if isinstance(exc, OSError):
                raise UserError(
                    f"无法解密到临时文件：{os_reason_zh(exc)}",
                    f"Cannot decrypt into a temporary file: {exc.strerror}",
                    code="disk",
                ) from None
            raise
    out.seek(0)
    return out


def _undecryptable(exc: Exception) -> UserError:
    if "no matching keys" in str(exc).lower():
        return UserError(
            "这个数据包不是发给本库的（用别的接收方密钥加密），无法解密，未导入。",
            "This bundle was not encrypted to this store (another recipient's key); it "
            "cannot be decrypted and nothing was imported.",
            code="not_for_us",
        )
    if "unknown age format" in str(exc).lower():
        # age's own words ("Have you tried upgrading...") would send the user looking
        # for a newer program; the file's header is what is wrong.
        return damaged(
            "加密文件头已损坏（文件开头被改动或截断），请重新拷贝或让对方重新导出",
            "its encryption header is damaged (the start of the file was altered or cut "
            "off); copy it again or ask the sender to export it again",
        )
    return damaged(
        "解密失败（文件被截断或改动），请重新拷贝或让对方重新导出",
        "decryption failed: the file was cut off or altered; copy it again or ask the "
        "sender to export it again",
    )


def open_bundle(store: Store, path: Path, *, keep: bool = False) -> Opened:
    """Decrypt, unpack and check the signature; a bad signature is reported, not raised
    (for `bundle inspect`). `load` raises on it. With `keep`, a trusted bundle's
    decrypted file stays open for its parts to be read (the caller closes it)."""
    me = identity(store)
    plain = _decrypt(path, me)
    try:
        where: container.Where = {}
        members = container.unpack(plain, only=HEAD, where=where)
        m = manifest.parse(members[container.MANIFEST])
        peer, problem = _check_sender(store, m, members)
    except BaseException:
        plain.close()
        raise
    if problem is not None or not keep:  # nothing more of it is read
        plain.close()
        return Opened(path, m, peer, problem is None, problem, members)
    opened = Opened(path, m, peer, True, None, members, plain, where)
    # Closed with the bundle if a caller that only looks (a test, a tool) never says so.
    weakref.finalize(opened, plain.close)
    return opened


def _check_sender(
    store: Store, m: dict[str, Any], members: dict[str, bytes]
) -> tuple[ledger.Peer | None, UserError | None]:
    peer = store.ledger.peer_by_key(m["sender"]["key_id"])
    problem: UserError | None = None
    if peer is None or peer.store_id != m["sender"]["store_id"]:
        problem = UserError(
            f"发送方 {m['sender']['name']}（{m['sender']['area_code']}）的公钥不受本库信任，"
            "未导入。请先信任对方的公钥文件并核对指纹"
            "（窗口：同步 › 密钥与信任…；命令行：povdesk trust）。",
            f"The sender {m['sender']['name']} ({m['sender']['area_code']}) is not trusted "
            "by this store; nothing was imported. Trust its key file first and compare "
            "fingerprints (window: Sync › Keys and trust…; command line: povdesk trust).",
            code="untrusted",
        )
    else:
        try:
            sig = members[container.SIGNATURE].decode("ascii")
            verify(members[container.MANIFEST], sig, peer.sign_public)
        except (ValueError, UnicodeDecodeError):
            problem = UserError(
                f"签名无效：数据包不是 {peer.label} 签发的，或已被改动，未导入。",
                f"Invalid signature: the bundle was not signed by {peer.label}, or it was "
                "altered; nothing was imported.",
                code="bad_signature",
            )
    return peer, problem


def load(store: Store, path: Path) -> tuple[Opened, Incoming]:
    """Every check before the database is touched, the records read as a stream (issue
    17): their shape is checked record by record and only what apply needs of all of
    them at once is kept; apply reads them again from the decrypted file. The caller
    closes the `Opened` when done (`import_bundles` does)."""
    opened = open_bundle(store, path, keep=True)
    if opened.problem is not None:
        raise opened.problem
    try:
        return opened, _load(store, opened)
    except BaseException:
        opened.close()
        raise


def _load(store: Store, opened: Opened) -> Incoming:
    m, where = opened.manifest, opened.where
    if m["recipient"]["store_id"] != store.store_id:
        raise UserError(
            f"数据包是发给 {m['recipient']['area_code']} 的，不是本库，未导入。",
            f"The bundle is addressed to {m['recipient']['area_code']}, not to this store; "
            "nothing was imported.",
            code="not_for_us",
        )
    parts = [k for k in where if k not in (container.MANIFEST, container.SIGNATURE)]
    if set(parts) != set(m["parts"]):
        raise damaged("清单与数据包内的文件不一致", "the manifest does not list the parts inside")
    for name in parts:
        want = m["parts"][name]
        digest = _sha256(opened.read(name))
        if digest != want["sha256"] or where[name][1] != want["size"]:
            raise damaged(f"{name} 的哈希与清单不符", f"{name} does not match the manifest hash")
        if name.startswith("files/") and name != f"files/{digest}":
            raise damaged(f"{name} 的内容与文件名不符", f"{name} does not match its name")
    content = _checked(opened, _declared(m))
    _check_counts(m, content, parts)
    return Incoming(
        sender=m["sender"]["store_id"],
        seq=m["seq"],
        hash=hashlib.sha256(opened.members[container.MANIFEST]).hexdigest(),
        prev=m["prev"],
        range_from=m["range"]["from"],
        range_to=m["range"]["to"],
        receipt_cursor=m["receipt"]["cursor"],
        body=content,
        counts={k: _count(v) for k, v in m["counts"].items()},
        created=manifest.created(m),
    )


def _sha256(read: Callable[[int], bytes]) -> str:
    h = hashlib.sha256()
    for piece in iter(lambda: read(stream.STEP), b""):
        h.update(piece)
    return h.hexdigest()


def _elements(opened: Opened, declared: int) -> stream.Elements:
    limit = min(container.MAX_STRUCTURES, 4096 + container.MAX_STRUCTURES_PER_RECORD * declared)
    chunks = stream.inflated(opened.read(container.RECORDS), container.MAX_RECORDS_BYTES)
    return stream.Elements(chunks, limit)


def _checked(opened: Opened, declared: int) -> Content:
    """The one reading of the records part: every element checked (shape.Checker), the
    deletions and resolutions kept, of the records what `Content.take` keeps, and the
    records themselves put aside, checked, in batches of one entity (`Spool`) for apply
    to read back in the order of ENTITIES."""
    spool = Spool()
    content = Content(spool.batches)
    checker = shape.Checker()
    elements = _elements(opened, declared)
    try:
        for key, item in elements:
            if key == "records":
                checker.record(item)
                content.take(item)
                spool.add(item)
            elif key == "deleted":
                checker.deletion(item)
                content.deleted.append(item)
            elif key == "resolutions":
                checker.resolution(item)
                content.resolutions.append(item)
            else:
                raise shape.wrong_shape()
    except BaseException as exc:
        spool.close()
        if isinstance(exc, stream.WrongShape):
            raise shape.wrong_shape() from None
        raise
    if sorted(elements.keys) != ["deleted", "records", "resolutions"]:
        spool.close()
        raise shape.wrong_shape()
    spool.flush()
    weakref.finalize(opened, spool.close)  # the spool goes with the bundle
    return content


BATCH = 2000  # records of one entity applied together: bounded memory, few statements


class Spool:
    """Checked records in a temporary file, in batches of one entity written with
    `marshal` (plain JSON values: dicts, lists, text, numbers), which reads back many
    times faster than JSON is parsed. Batches are read back by entity in the order of
    ENTITIES, so references come first whatever order the bundle gave."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the bundle)
        self.places: dict[str, list[tuple[int, int]]] = {}
        self.entity = ""
        self.batch: list[dict[str, Any]] = []

    def add(self, record: dict[str, Any]) -> None:
        if record["e"] != self.entity or len(self.batch) >= BATCH:
            self.flush()
            self.entity = record["e"]
        self.batch.append(record)

    def flush(self) -> None:
        if self.batch:
            data = marshal.dumps(self.batch)
            self.places.setdefault(self.entity, []).append((self.file.tell(), len(data)))
            self.file.write(data)
            self.batch = []

    def batches(self) -> Batches:
        for entity in ENTITIES:
            for place, size in self.places.get(entity, ()):
                # One read, then loads: marshal.load on a file reads it piece by piece.
                self.file.seek(place)
                yield entity, marshal.loads(self.file.read(size))

    def close(self) -> None:
        self.file.close()


def _declared(m: dict[str, Any]) -> int:
    """Records, deletions and resolutions the manifest says the bundle carries."""
    total = 0
    for name, v in m["counts"].items():
        if name == "files":
            continue
        if isinstance(v, dict):
            total += sum(x for x in v.values() if type(x) is int and x > 0)
        elif type(v) is int and v > 0:
            total += v
    return min(total, container.MAX_STRUCTURES)


def _count(v: Any) -> int:
    if isinstance(v, dict):
        return int(v.get("rows", 0)) + int(v.get("deleted", 0))
    return int(v) if isinstance(v, int) else 0


def _check_counts(m: dict[str, Any], content: Content, parts: list[str]) -> None:
    counts: dict[str, dict[str, int]] = {
        e: {"rows": n, "deleted": 0} for e, n in content.kinds.items()
    }
    for d in content.deleted:
        counts.setdefault(d["e"], {"rows": 0, "deleted": 0})["deleted"] += 1
    files = {n[len("files/") :] for n in parts if n.startswith("files/")}
    want = {**counts, "files": len(files), "resolutions": len(content.resolutions)}
    if m["counts"] != want:
        raise damaged("清单中的数量与内容不符", "the manifest's counts do not match the content")
    if content.attachments != files:
        raise damaged("附件文件与附件记录不一致", "attachment files do not match the records")


def files_of(opened: Opened) -> Iterator[bytes]:
    """The attachment files the bundle carries, one at a time."""
    for name in opened.where:
        if name.startswith("files/"):
            read = opened.read(name)
            yield b"".join(iter(lambda: read(stream.STEP), b""))  # noqa: B023 (used at once)
