"""The plaintext inside the age file: an uncompressed POSIX tar, read in memory with
limits (never extracted to disk), and gzip inflated with a cap.

Only regular files with the names of docs/bundle-format.md §2 are accepted, manifest
first; `..`, absolute paths, links and devices are refused by name and type, so nothing a
bundle says can reach outside it."""

from __future__ import annotations

import gzip
import io
import re
import tarfile
import zlib
from collections.abc import Callable
from typing import BinaryIO

from povdesk.errors import UserError

MAX_BUNDLE = 1 << 30  # bytes of the .pvb file
MAX_MEMBERS = 200_000
MAX_MEMBER = 256 << 20  # one attachment or part
# records.json inflated: it is read as a stream (exports/bundle/stream.py), so the cap is
# no longer what bounds memory; it bounds the time a bomb can take. A 10,000-household
# village's first bundle is about 150 MB.
MAX_RECORDS_BYTES = 2 << 30
# JSON objects and arrays per record the bundle declares (a record, its row, its changed
# fields, list columns), and for the whole part: 180 MB of empty records once took 4 GB
# when the part was parsed whole; read as a stream, the bound is one of time.
MAX_STRUCTURES_PER_RECORD = 64
MAX_STRUCTURES = 40_000_000

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.minisig"
RECORDS = "records.json.gz"
FILE_NAME = re.compile(r"files/[0-9a-f]{64}\Z")


def damaged(zh: str, en: str, code: str = "bad_bundle") -> UserError:
    return UserError(
        f"数据包已损坏或不是 povdesk 数据包，未导入任何内容：{zh}",
        f"The bundle is damaged or not a povdesk bundle; nothing was imported: {en}",
        code=code,
    )


def pack(members: list[tuple[str, bytes]]) -> bytes:
    """Deterministic tar: fixed times, owners and modes."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def pack_into(out: BinaryIO, members: list[tuple[str, int, Callable[[], BinaryIO]]]) -> None:
    """`pack`, streamed into `out`: each member's content is opened (name, size, opener)
    only as it is written, so no member need be in memory with the others."""
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, size, opener in members:
            info = tarfile.TarInfo(name)
            info.size = size
            info.mode = 0o644
            info.mtime = 0
            tar.addfile(info, opener())


Where = dict[str, tuple[int, int]]  # member name -> (offset of its content, size)


def unpack(
    data: bytes | BinaryIO, *, only: frozenset[str] | None = None, where: Where | None = None
) -> dict[str, bytes]:
    """Every member's content; with `only`, the content of those members alone (the rest
    are still checked by name, type and size, but not read): the reader takes the
    manifest and its signature first, and reads nothing else of a bundle it refuses.
    `where`, when given, is filled with every member's place in `data`, so that a large
    member can be read later as a stream."""
    try:
        return _unpack(io.BytesIO(data) if isinstance(data, bytes) else data, only, where)
    except UserError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError, UnicodeError, KeyError) as exc:
        raise damaged(f"内容无法读取（{type(exc).__name__}）", f"unreadable ({exc})") from None


def _unpack(source: BinaryIO, only: frozenset[str] | None, where: Where | None) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    seen: set[str] = set()
    with tarfile.open(fileobj=source, mode="r:") as tar:
        for i, member in enumerate(tar):
            if i >= MAX_MEMBERS:
                raise damaged("文件数超过上限", f"more than {MAX_MEMBERS} members")
            name = member.name
            if not member.isreg():
                raise damaged(f"含有链接或特殊文件 {name!r}", f"a link or special file {name!r}")
            if name not in (MANIFEST, SIGNATURE, RECORDS) and not FILE_NAME.match(name):
                raise damaged(f"含有不允许的路径 {name!r}", f"a path that is not allowed {name!r}")
            if name in seen:
                raise damaged(f"文件重复 {name!r}", f"a duplicate member {name!r}")
            seen.add(name)
            if i == 0 and name != MANIFEST:
                raise damaged("第一个文件不是清单", "the manifest is not first")
            if member.size > MAX_MEMBER:
                raise damaged(f"{name} 超过大小上限", f"{name} exceeds the size limit")
            if where is not None:
                where[name] = (member.offset_data, member.size)
            if only is not None and name not in only:
                continue
            fh = tar.extractfile(member)
            if fh is None:
                raise damaged(f"{name} 无法读取", f"{name} is unreadable")
            body = fh.read()
            if len(body) != member.size:
                raise damaged(f"{name} 不完整", f"{name} is truncated")
            found[name] = body
    for name in (MANIFEST, SIGNATURE, RECORDS):
        if name not in seen:
            raise damaged(f"缺少 {name}", f"{name} is missing")
    return found


def compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def region(source: BinaryIO, offset: int, size: int) -> Callable[[int], bytes]:
    """`read(n)` over `size` bytes of `source` from `offset`, as a member's own file;
    a member cut short raises `damaged`."""
    at, end = offset, offset + size

    def read(n: int) -> bytes:
        nonlocal at
        if at >= end:
            return b""
        source.seek(at)  # each read where this one left off: readers may take turns
        data = source.read(min(n, end - at))
        if not data:
            raise damaged("内容不完整", "a member is truncated")
        at += len(data)
        return data

    return read


def inflate(data: bytes, limit: int | None = None) -> bytes:
    """gzip, inflated at most to `limit` bytes: a decompression bomb stops at the cap."""
    cap = MAX_RECORDS_BYTES if limit is None else limit
    d = zlib.decompressobj(wbits=31)
    parts: list[bytes] = []
    size = 0
    pending = data
    try:
        # In steps of 1 MB: a bomb is stopped at the cap without ever holding more.
        while pending and not d.eof:
            chunk = d.decompress(pending, 1 << 20)
            pending = d.unconsumed_tail
            size += len(chunk)
            if size > cap:
                raise damaged(
                    "记录部分解压后超过大小上限", "the records part inflates beyond the limit"
                )
            parts.append(chunk)
            if not chunk and pending:
                break
    except zlib.error as exc:
        raise damaged("记录部分无法解压", f"the records part does not inflate ({exc})") from None
    if not d.eof or d.unused_data:
        raise damaged("记录部分不完整", "the records part is incomplete")
    return b"".join(parts)
