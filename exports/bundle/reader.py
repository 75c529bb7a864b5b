"""Opening a bundle: every check of docs/bundle-format.md §4 steps 1-6, before the
database is touched. Anything wrong is a UserError (zh/en); nothing here writes."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyrage

from exports.bundle import container, manifest
from exports.bundle.container import damaged
from exports.bundle.keys import Identity, identity
from exports.bundle.minisign import verify
from povdesk.errors import UserError, os_reason_zh
from povdesk.store.store import Store
from povdesk.sync import ledger, shape
from povdesk.sync.incoming import Incoming

AGE_MAGIC = b"age-encryption.org/v1\n"
HEAD = frozenset({container.MANIFEST, container.SIGNATURE})


@dataclass(frozen=True)
class Opened:
    path: Path
    manifest: dict[str, Any]
    peer: ledger.Peer | None
    signature_ok: bool
    problem: UserError | None
    members: dict[str, bytes]


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


def open_bundle(store: Store, path: Path) -> Opened:
    """Decrypt, unpack and check the signature; a bad signature is reported, not raised
    (for `bundle inspect`). `load` raises on it."""
    me = identity(store)
    with _decrypt(path, me) as plain:
        members = container.unpack(plain, only=HEAD)
        m = manifest.parse(members[container.MANIFEST])
        peer, problem = _check_sender(store, m, members)
        if problem is None:  # only a trusted, verified bundle is read whole
            plain.seek(0)
            members = container.unpack(plain)
    return Opened(path, m, peer, problem is None, problem, members)


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
    opened = open_bundle(store, path)
    if opened.problem is not None:
        raise opened.problem
    m, members = opened.manifest, opened.members
    if m["recipient"]["store_id"] != store.store_id:
        raise UserError(
            f"数据包是发给 {m['recipient']['area_code']} 的，不是本库，未导入。",
            f"The bundle is addressed to {m['recipient']['area_code']}, not to this store; "
            "nothing was imported.",
            code="not_for_us",
        )
    parts = {k: v for k, v in members.items() if k not in (container.MANIFEST, container.SIGNATURE)}
    if set(parts) != set(m["parts"]):
        raise damaged("清单与数据包内的文件不一致", "the manifest does not list the parts inside")
    for name, data in parts.items():
        want = m["parts"][name]
        digest = hashlib.sha256(data).hexdigest()
        if digest != want["sha256"] or len(data) != want["size"]:
            raise damaged(f"{name} 的哈希与清单不符", f"{name} does not match the manifest hash")
        if name.startswith("files/") and name != f"files/{digest}":
            raise damaged(f"{name} 的内容与文件名不符", f"{name} does not match its name")
    text = container.inflate(parts[container.RECORDS])
    container.structures_within(text, _declared(m))
    try:
        body = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise damaged("记录部分不是有效的 JSON", "the records part is not valid JSON") from None
    body = shape.check(body)
    _check_counts(m, body, parts)
    incoming = Incoming(
        sender=m["sender"]["store_id"],
        seq=m["seq"],
        hash=hashlib.sha256(members[container.MANIFEST]).hexdigest(),
        prev=m["prev"],
        range_from=m["range"]["from"],
        range_to=m["range"]["to"],
        receipt_cursor=m["receipt"]["cursor"],
        body=body,
        counts={k: _count(v) for k, v in m["counts"].items()},
        created=manifest.created(m),
    )
    return opened, incoming


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


def _check_counts(m: dict[str, Any], body: dict[str, Any], parts: dict[str, bytes]) -> None:
    counts: dict[str, dict[str, int]] = {}
    for r in body["records"]:
        counts.setdefault(r["e"], {"rows": 0, "deleted": 0})["rows"] += 1
    for d in body["deleted"]:
        counts.setdefault(d["e"], {"rows": 0, "deleted": 0})["deleted"] += 1
    files = {n[len("files/") :] for n in parts if n.startswith("files/")}
    want = {**counts, "files": len(files), "resolutions": len(body["resolutions"])}
    if m["counts"] != want:
        raise damaged("清单中的数量与内容不符", "the manifest's counts do not match the content")
    needed = {r["row"]["sha256"] for r in body["records"] if r["e"] == "attachment"}
    if needed != files:
        raise damaged("附件文件与附件记录不一致", "attachment files do not match the records")


def files_of(opened: Opened) -> dict[str, bytes]:
    return {n[len("files/") :]: d for n, d in opened.members.items() if n.startswith("files/")}
