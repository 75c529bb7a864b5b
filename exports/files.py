"""Writing a file so that a full disk or a pulled USB stick never leaves a half-written
file under the real name: a temporary name in the same folder, fsync, then rename. Every
file povdesk hands to the user (bundles, key files, PDFs, spreadsheets) is written here."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from povdesk.errors import UserError, os_reason_zh

CHUNK = 1 << 20
TEMP_PREFIX = ".povdesk-part-"


def _write_chunk(fd: int, data: memoryview) -> int:
    """One write; tests replace it to simulate a full disk."""
    return os.write(fd, data)


def write_atomic(path: Path, data: bytes) -> None:
    """`data` under `path`, whole or not at all: written and fsynced under a temporary
    name beside it, then renamed into place."""
    tmp = _written_beside(path, data)
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise not_written(path, exc) from None
    _sync_folder(path.parent)


def _written_beside(path: Path, data: bytes | BinaryIO) -> Path:
    """`data` written and fsynced to a new temporary file in `path`'s folder (created if
    need be); nothing is left behind if that fails."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
        try:
            pieces = [data] if isinstance(data, bytes) else iter(lambda: data.read(CHUNK), b"")
            for piece in pieces:
                view = memoryview(piece)
                done = 0
                while done < len(view):
                    done += _write_chunk(fd, view[done : done + CHUNK])
            os.fsync(fd)
        finally:
            os.close(fd)
        written, tmp = Path(tmp), None
        return written
    except OSError as exc:
        raise not_written(path, exc) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def inside(folder: Path, name: str) -> Path:
    """`folder / name` for a file name built from stored values (a 户编号, a village
    code), refused unless it is a plain name that stays in the folder the user chose."""
    path = folder / name
    plain = name not in ("", ".", "..") and "/" not in name and "\\" not in name
    if not plain or path.resolve().parent != folder.resolve():
        raise UserError(
            f"文件名不合规，未写入：{name!r} 会落在所选文件夹 {folder} 之外或不是普通文件名。",
            f"Refused to write {name!r}: it is not a plain file name inside the chosen "
            f"folder {folder}.",
            code="bad_file_name",
        )
    return path


def stage(path: Path, data: bytes) -> Path:
    """The first half of `write_atomic`: the data written and fsynced under a temporary
    name beside `path`, not yet visible under the real name. For a caller that must
    record something durably before the file appears (the bundle ledger); `publish`
    finishes it, and the caller unlinks the temporary file if it gives up."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise not_written(path, exc) from None
    remove_leftovers(path.parent)
    return _written_beside(path, data)


def stage_from(path: Path, source: BinaryIO) -> Path:
    """`stage`, for content read from a file (a bundle larger than memory should hold)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise not_written(path, exc) from None
    remove_leftovers(path.parent)
    return _written_beside(path, source)


def publish(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise not_written(path, exc) from None
    _sync_folder(path.parent)


LEFTOVER_AGE = 600.0  # seconds: older temporary files are from a write that was killed


def remove_leftovers(folder: Path) -> None:
    """Temporary files of ours that a killed write left behind (never a user's file:
    only our prefix, and only those too old to belong to a write still running)."""
    try:
        found = list(folder.glob(TEMP_PREFIX + "*"))
    except OSError:
        return
    now = time.time()
    for f in found:
        try:
            if f.is_file() and not f.is_symlink() and now - f.stat().st_mtime > LEFTOVER_AGE:
                f.unlink()
        except OSError:
            continue


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """For writers that want a file name (openpyxl): they write the yielded temporary
    path; it replaces `path` only when the block ends without an error."""
    tmp: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=path.suffix)
        os.close(fd)
        tmp = Path(name)
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
        _sync_folder(path.parent)
    except OSError as exc:
        raise not_written(path, exc) from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def not_written(path: Path, exc: OSError) -> UserError:
    why = exc.strerror or exc
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError(
            f"磁盘已满，文件没有写成（已有文件未受影响）：{path}",
            f"The disk is full; the file was not written (nothing existing was changed): "
            f"{path} ({why})",
            code="disk_full",
        )
    return UserError(
        f"无法写入文件 {path}：{os_reason_zh(exc)}（已有文件未受影响）。",
        f"Cannot write the file {path}: {why} (nothing existing was changed)",
        code="disk",
    )


def _sync_folder(folder: Path) -> None:
    # The rename itself must survive a power cut; not every system can fsync a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
