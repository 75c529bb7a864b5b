"""A new store is built under a temporary name and renamed into place when complete.

`demo` killed half-way used to leave an initialised village with no households under
the real name, after which `demo` refused "the file exists". Now the real name only
ever holds a finished store: the build happens in `.NAME.building-PID` beside it (with
its attachments folder), Ctrl+C removes it, and a build left by a killed process is
cleared by the next one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from povdesk import cipher
from povdesk.errors import UserError, os_reason_zh
from povdesk.store import health
from povdesk.store.backup import private_folder

_SIDE = ("-wal", "-shm", "-journal", ".files")


def exists_error(target: Path) -> UserError:
    return UserError(
        f"文件已存在，新的数据库只写入新文件：{target}",
        f"The file exists; a new database is only written to a new file: {target}",
        code="exists",
    )


def is_new(target: Path) -> bool:
    """Nothing (or an empty file) at `target` yet."""
    if target.is_dir():
        raise health.folder_not_file(target)
    return not target.exists() or target.stat().st_size == 0


@contextmanager
def building(target: Path, *, key: bytes | None = None) -> Iterator[Path]:
    """Yield the temporary path to build in; the caller closes its store before the block
    ends. On success the store is renamed to `target`; on any error it is removed.
    `key`: build it encrypted with this key (its key file is the caller's, written first:
    see povdesk/store/encryption.py `new_key_for`)."""
    if not is_new(target):
        raise exists_error(target)
    try:
        private_folder(target.parent)
    except OSError as exc:
        raise UserError(
            f"无法创建数据目录（{os_reason_zh(exc)}）：{target.parent}",
            f"Cannot create the data folder ({exc.strerror}): {target.parent}",
            code="disk",
        ) from None
    _clear_abandoned(target)
    tmp = target.with_name(f".{target.name}.building-{os.getpid()}")
    _remove(tmp)
    if key is not None:
        cipher.remember(tmp, key)
    try:
        yield tmp
        _settle(tmp, key)
        files = tmp.with_name(tmp.name + ".files")
        if files.exists():
            final_files = target.with_name(target.name + ".files")
            if final_files.exists():
                shutil.rmtree(final_files)  # an empty target has no attachments of its own
            os.replace(files, final_files)
        if not is_new(target):  # someone made it meanwhile: never overwrite a store
            raise exists_error(target)
        os.replace(tmp, target)
        with suppress(OSError):
            fd = os.open(target.parent, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
    except BaseException:
        if key is not None and is_new(target):
            # A new store's key file, written first (encryption.new_key_for), goes with
            # the build that failed: no key file beside nothing.
            cipher.key_path(target).unlink(missing_ok=True)
            cipher.forget(target)
        raise
    finally:
        cipher.forget(tmp)
        _remove(tmp)


def _settle(tmp: Path, key: bytes | None) -> None:
    """Fold the WAL into the file and leave rollback mode on disk, so the renamed file is
    complete by itself (the store switches back to WAL when next opened)."""
    con = cipher.connect(tmp, key=key, isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
    finally:
        con.close()


def _remove(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    for side in _SIDE:
        extra = tmp.with_name(tmp.name + side)
        if extra.is_dir():
            shutil.rmtree(extra, ignore_errors=True)
        else:
            extra.unlink(missing_ok=True)


def _clear_abandoned(target: Path) -> None:
    """Builds of `target` left by a process that no longer runs (killed, power cut)."""
    prefix = f".{target.name}.building-"
    for found in target.parent.glob(prefix + "*"):
        pid = found.name[len(prefix) :]
        if pid.isdigit() and not _running(int(pid)):
            _remove(found)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
