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

from povdesk.errors import UserError

MAX_BUNDLE = 1 << 30  # bytes of the .pvb file
MAX_MEMBERS = 200_000
MAX_MEMBER = 256 << 20  # one attachment or part
MAX_RECORDS_BYTES = 512 << 20  # records.json inflated

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


def unpack(data: bytes) -> dict[str, bytes]:
    try:
        return _unpack(data)
    except UserError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError, UnicodeError, KeyError) as exc:
        raise damaged(f"内容无法读取（{type(exc).__name__}）", f"unreadable ({exc})") from None


def _unpack(data: bytes) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
        for i, member in enumerate(tar):
            if i >= MAX_MEMBERS:
                raise damaged("文件数超过上限", f"more than {MAX_MEMBERS} members")
            name = member.name
            if not member.isreg():
                raise damaged(f"含有链接或特殊文件 {name!r}", f"a link or special file {name!r}")
            if name not in (MANIFEST, SIGNATURE, RECORDS) and not FILE_NAME.match(name):
                raise damaged(f"含有不允许的路径 {name!r}", f"a path that is not allowed {name!r}")
            if name in found:
                raise damaged(f"文件重复 {name!r}", f"a duplicate member {name!r}")
            if i == 0 and name != MANIFEST:
                raise damaged("第一个文件不是清单", "the manifest is not first")
            if member.size > MAX_MEMBER:
                raise damaged(f"{name} 超过大小上限", f"{name} exceeds the size limit")
            fh = tar.extractfile(member)
            if fh is None:
                raise damaged(f"{name} 无法读取", f"{name} is unreadable")
            body = fh.read()
            if len(body) != member.size:
                raise damaged(f"{name} 不完整", f"{name} is truncated")
            found[name] = body
    for name in (MANIFEST, SIGNATURE, RECORDS):
        if name not in found:
            raise damaged(f"缺少 {name}", f"{name} is missing")
    return found


def compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def inflate(data: bytes, limit: int | None = None) -> bytes:
    """gzip, inflated at most to `limit` bytes: a decompression bomb stops at the cap."""
    cap = MAX_RECORDS_BYTES if limit is None else limit
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, cap + 1)
    except zlib.error as exc:
        raise damaged("记录部分无法解压", f"the records part does not inflate ({exc})") from None
    if len(out) > cap or d.unconsumed_tail:
        raise damaged("记录部分解压后超过大小上限", "the records part inflates beyond the limit")
    if not d.eof or d.unused_data:
        raise damaged("记录部分不完整", "the records part is incomplete")
    return out
