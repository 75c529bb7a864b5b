"""Writing a file so that a full disk or a pulled USB stick never leaves a half-written
file under the real name: a temporary name in the same folder, fsync, then rename."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from povdesk.errors import UserError

CHUNK = 1 << 20
TEMP_PREFIX = ".povdesk-part-"


def _write_chunk(fd: int, data: memoryview) -> int:
    """One write; tests replace it to simulate a full disk."""
    return os.write(fd, data)


def write_atomic(path: Path, data: bytes) -> None:
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX)
        try:
            view = memoryview(data)
            done = 0
            while done < len(view):
                done += _write_chunk(fd, view[done : done + CHUNK])
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        tmp = None
        _sync_folder(path.parent)
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise UserError(
            f"{'磁盘已满' if full else '无法写入'},文件没有写成(已有文件未受影响):{path}"
            f"({exc.strerror})",
            f"{'The disk is full' if full else 'Cannot write'}; the file was not written "
            f"(nothing existing was changed): {path} ({exc.strerror})",
            code="disk_full" if full else "disk",
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


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
