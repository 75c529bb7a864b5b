"""Turning a plain store into an encrypted one in place, and back.

`encrypt` keeps a backup of the plain store only until the encrypted one verifies
(`integrity_check` and the whole audit chain, read through the new key); then that
backup, every earlier backup in the store's backup folder and every attachment are
re-encrypted under the store's key, so no plain copy remains anywhere povdesk wrote.
The plain file's WAL is folded in and removed before the encrypted file takes its name.

Each step can be cut by a power failure and run again: the encrypted file is built under
a temporary name and renamed into place; its key file is written before that, and a plain
file is still read as plain (the header says which). `encrypt` on an encrypted store
finishes what a cut run left (attachments, backups).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from povdesk import cipher
from povdesk.errors import UserError, os_reason_zh
from povdesk.store import backup, building, health
from povdesk.store.files import FileStore


@dataclass(frozen=True)
class Encrypted:
    recovery_key: str  # "" when the store was encrypted already (the key is not shown again)
    key_id: str
    attachments: int  # files sealed now
    backups: int  # earlier backups re-encrypted now


@dataclass(frozen=True)
class Decrypted:
    attachments: int
    backups: int


def new_key_for(target: Path, passphrase: str) -> tuple[bytes, str]:
    """For a new store at `target`: write its key file and remember the key; return the
    key (for `building(target, key=...)`) and the recovery key to show once."""
    if not building.is_new(target):  # never a new key file for an existing store
        raise building.exists_error(target)
    cipher.check_passphrase(passphrase)
    key, recovery = cipher.new_key(), cipher.new_recovery_key()
    cipher.write_key_file(cipher.key_path(target), key, passphrase, recovery)
    cipher.remember(target, key)
    return key, recovery


def change_passphrase(db: Path, new_passphrase: str) -> None:
    """A new passphrase (the key must be unlocked: by the old one or the recovery key)."""
    cipher.set_passphrase(db, cipher.key_for(db), new_passphrase)


def finish(db: Path) -> Encrypted:
    """For an encrypted store: seal what a cut `encrypt` left plain (attachments,
    backups). Its recovery key is not shown again (it is not known here)."""
    key = cipher.key_for(db)
    files, backups = _finish(db, key)
    return Encrypted("", cipher.key_id(key), files, backups)


def encrypt(db: Path, passphrase: str) -> Encrypted:
    if cipher.is_encrypted(db):
        return finish(db)
    cipher.check_passphrase(passphrase)
    health.check(db, create=False)  # a damaged or foreign file is never converted
    kept = backup.create(db, reason="before_encrypt")  # until the encrypted one verifies
    key, recovery = cipher.new_key(), cipher.new_recovery_key()
    _convert(db, source_key=None, target_key=key)
    # The key file goes in first: from the rename on, the file is read as encrypted.
    cipher.write_key_file(cipher.key_path(db), key, passphrase, recovery)
    cipher.remember(db, key)
    _replace(db, key)
    files, backups = _finish(db, key)
    del kept  # re-encrypted with the others by _finish
    return Encrypted(recovery, cipher.key_id(key), files, backups)


def decrypt(db: Path) -> Decrypted:
    if not cipher.is_encrypted(db):
        raise UserError(
            f"此数据库没有加密：{db}",
            f"This database is not encrypted: {db}",
            code="not_encrypted",
        )
    key = cipher.key_for(db)
    health.check(db, create=False)
    backup.create(db, reason="before_decrypt")
    _convert(db, source_key=key, target_key=None)
    _replace(db, None)
    files = _reseal_files(db, key, None)
    backups = _convert_backups(db, key, None)
    cipher.key_path(db).unlink(missing_ok=True)
    cipher.forget(db)
    return Decrypted(files, backups)


# -- the steps ----------------------------------------------------------------------------
def _building(db: Path) -> Path:
    return db.with_name(f".{db.name}.converting-{os.getpid()}")


def _convert(db: Path, *, source_key: bytes | None, target_key: bytes | None) -> None:
    """The whole store, WAL folded in, as a new file beside it, verified."""
    tmp = _building(db)
    _remove(tmp)
    try:
        con = cipher.open_for_export(db, source_key)
        try:
            busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy:
                raise _in_use(db)
            version = con.execute("PRAGMA user_version").fetchone()[0]
            cipher.export(con, tmp, target_key)
        finally:
            con.close()
        check = cipher.connect(tmp, key=target_key, isolation_level=None)
        try:
            check.execute(f"PRAGMA user_version = {int(version)}")
            check.execute("PRAGMA journal_mode=DELETE")
            problems = health.integrity_problems(check)
            problems += [p.en for p in backup.audit_problems(check)]
        finally:
            check.close()
        if problems:
            raise UserError(
                f"转换后的数据库没有通过校验，原数据库未改动：{'；'.join(problems[:3])}",
                f"The converted database did not verify; the original is unchanged: "
                f"{'; '.join(problems[:3])}",
                code="convert_failed",
            )
    except OSError as exc:
        _remove(tmp)
        raise _disk(db, exc) from None
    except BaseException:
        _remove(tmp)
        raise


def _replace(db: Path, key: bytes | None) -> None:
    tmp = _building(db)
    try:
        # The old file's WAL holds its pages (plain ones, when encrypting): it goes.
        for side in ("-wal", "-shm"):
            db.with_name(db.name + side).unlink(missing_ok=True)
        os.chmod(tmp, 0o600)
        os.replace(tmp, db)
        backup._fsync_dir(db.parent)
    except OSError as exc:
        _remove(tmp)
        raise _disk(db, exc) from None
    if key is not None:
        cipher.remember(db, key)


def _finish(db: Path, key: bytes) -> tuple[int, int]:
    return _reseal_files(db, None, key), _convert_backups(db, None, key)


def _reseal_files(db: Path, old: bytes | None, new: bytes | None) -> int:
    """Every attachment under the new key (None: plain); returns how many were rewritten."""
    reader = FileStore(backup.files_folder(db), old if old is not None else new)
    writer = FileStore(backup.files_folder(db), new)
    done = 0
    for sha in reader.hashes():
        if reader.is_sealed(sha) == (new is not None):
            continue
        try:
            data = reader.read(sha)
        except UserError:
            continue  # a damaged file stays as it is (and is said by audit verify)
        writer.put(data, replace=True)
        done += 1
    return done


def _convert_backups(db: Path, old: bytes | None, new: bytes | None) -> int:
    """Backups in the store's folder from `old` (None: plain) to `new` (None: plain)."""
    where = backup.folder(db)
    done = 0
    for item in backup.listing(db):
        path = Path(item.path)
        if item.encrypted or cipher.has_plain_header(path) != (old is None):
            continue  # an age copy, or already converted
        tmp = path.with_name(f".{path.name}.converting-{os.getpid()}")
        _remove(tmp)
        try:
            con = cipher.open_for_export(path, old)
            try:
                cipher.export(con, tmp, new)
            finally:
                con.close()
            if new is not None:
                backup.write_key_copy(db, path)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
            if new is None:
                cipher.key_path(path).unlink(missing_ok=True)
        except cipher.errors(OSError):
            _remove(tmp)
            continue  # a backup that cannot be read is left, and listed as unverified
        done += 1
    backup._fsync_dir(where)
    return done


def _remove(tmp: Path) -> None:
    tmp.unlink(missing_ok=True)
    for side in ("-journal", "-wal", "-shm"):
        tmp.with_name(tmp.name + side).unlink(missing_ok=True)


def _in_use(db: Path) -> UserError:
    return UserError(
        f"数据库正被其他程序或另一个窗口使用，没有转换：{db}。请先关闭它们。",
        f"The database is in use by another program or window; nothing was converted: "
        f"{db}. Close them first.",
        code="in_use",
    )


def _disk(db: Path, exc: OSError) -> UserError:
    return UserError(
        f"转换没有完成（{os_reason_zh(exc)}），原数据库未改动：{db}",
        f"The conversion did not finish ({exc.strerror}); the original is unchanged: {db}",
        code="disk_full" if health.is_full(db) else "not_writable",
    )
