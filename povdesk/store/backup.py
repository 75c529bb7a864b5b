"""Backups of a village store: one self-contained file each, verified before it is named.

A backup is a SQLite file made with SQLite's online backup API (a consistent snapshot
even while the window is writing), with the store's attachments inside it (table
`povdesk_backup_file`) and a description (`povdesk_backup`). It is written under a
temporary name, checked (`integrity_check`, the audit chain, every attachment's hash),
marked verified, synced, and only then renamed to its `.backup` name: a file with that
name was complete and good when written. Copies that leave the laptop (`--to DIR`) are
encrypted with age to a passphrase (`.backup.age`), so a lost USB stick leaks nothing.

The backup of an encrypted store is a SQLCipher file under the store's own key (never a
plain byte on any disk), with a copy of the store's key file beside it (`NAME.backup.key`:
the key wrapped by the passphrase and by the recovery key), so it can be restored on
another laptop with either of them.

Automatic backups sit beside the store in `<store>.backups/` and are thinned to the
newest of each of the last 7 days and of the last 4 weeks before those (both numbers
are settings in the store). Backups made by hand or before a restore are never thinned.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from povdesk import audit_rows, cipher
from povdesk.errors import UserError, os_reason_zh

if TYPE_CHECKING:
    from povdesk.store.files import FileStore

SUFFIX = ".backup"
AGE_SUFFIX = ".backup.age"
INFO = "povdesk_backup"
FILES = "povdesk_backup_file"
AUTOMATIC = ("daily", "on_close", "before_import", "before_upgrade")
KEEP_DAILY, KEEP_WEEKLY = 7, 4
KEEP_DAILY_KEY, KEEP_WEEKLY_KEY = "backup_keep_daily", "backup_keep_weekly"
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})-([a-z_]+)\.backup(\.age)?$")


@dataclass(frozen=True)
class BackupInfo:
    path: str
    made_at: str  # UTC, ISO 8601
    reason: str
    size: int
    verified: bool
    encrypted: bool
    store_id: str
    audit_seq: int
    audit_hash: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def folder(db: Path) -> Path:
    """Where a store's own backups live: beside it, in the user's data folder."""
    return db.with_name(db.name + ".backups")


def files_folder(db: Path) -> Path:
    return db.with_name(db.name + ".files")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _disk_error(where: Path, exc: OSError) -> UserError:
    from povdesk.store.disk import is_full

    if is_full(where):
        return UserError(
            f"磁盘已满，备份没有完成，已删除写了一半的文件：{where}。请腾出空间后重试。",
            f"The disk is full; the backup was not finished and the partly written file was "
            f"removed: {where}. Free some space and try again.",
            code="disk_full",
        )
    return UserError(
        f"无法写入备份（{os_reason_zh(exc)}）：{where}，已删除写了一半的文件。",
        f"Cannot write the backup ({exc.strerror}): {where}; the partly written file was removed.",
        code="not_writable",
    )


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to a file that may come from anywhere: text that is not
    UTF-8 is read with replacement characters (then fails its checks) instead of
    raising in the middle of a query. An encrypted file opens with its key."""
    con: sqlite3.Connection = cipher.connect(path, read_only=True)
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")
    return con


def private_folder(path: Path) -> None:
    """Create `path` (and missing parents) readable only by the user."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


# -- making one -------------------------------------------------------------------------
def automatic(target: str, reason: str) -> BackupInfo | None:
    """The backup taken before an import (and daily, and on closing the window) for a
    store file; a county server's database is backed up by its own means (pg_dump)."""
    if "://" in target:
        return None
    if reason in UNCHANGED_SKIPPED and _unchanged_since_newest(Path(target)):
        return None
    try:
        return create(Path(target), reason=reason)
    except UserError as exc:
        if reason not in _HELD_BACK:
            raise
        zh, en = _HELD_BACK[reason]
        raise UserError(f"{exc.zh}{zh}", f"{exc.en} {en}", code=exc.code) from None


# A window opened only to look, then closed, makes no second copy of the same content.
UNCHANGED_SKIPPED = ("daily", "on_close")


def _unchanged_since_newest(db: Path) -> bool:
    """The newest good backup holds exactly what the store holds (same audit head)."""
    newest = next((b for b in listing(db) if b.verified and not b.encrypted), None)
    if newest is None:
        return False
    try:
        con = connect_read_only(db)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta"))
        finally:
            con.close()
    except cipher.errors(UserError):
        return False
    head = (meta.get("store_id", ""), _int(str(meta.get("audit_seq", ""))), meta.get("audit_hash"))
    return head == (newest.store_id, newest.audit_seq, newest.audit_hash)


# What does not happen when the backup before it cannot be made: nothing is changed
# without a copy.
_HELD_BACK = {
    "before_import": (
        "因此没有导入，数据未作任何改动。",
        "So nothing was imported; no data changed.",
    ),
    "before_upgrade": (
        "因此数据库没有升级，未作任何改动。",
        "So the database was not upgraded; nothing changed.",
    ),
}


def due(db: Path, hours: float = 24.0) -> bool:
    """No automatic backup in the last `hours` (the window's "at most daily")."""
    for b in listing(db):
        if b.reason in AUTOMATIC and b.verified:
            age = _now() - dt.datetime.fromisoformat(b.made_at)
            return age > dt.timedelta(hours=hours)
    return True


def create(
    db: Path,
    *,
    reason: str = "manual",
    to: Path | None = None,
    passphrase: str | None = None,
) -> BackupInfo:
    """Back up the store at `db`; `to`: a folder elsewhere (then encrypted to `passphrase`,
    unless the store is encrypted itself: its backups are, under its key)."""
    target_dir = to if to is not None else folder(db)
    key = cipher.key_for(db) if cipher.is_encrypted(db) else None
    if key is not None:
        passphrase = None  # already encrypted; age on top would only hide it from restore
    elif to is not None and not passphrase:
        raise UserError(
            "备份到本机以外的位置必须加密：请设置密码（POVDESK_PASSPHRASE 或按提示输入）。",
            "A backup leaving this computer must be encrypted: give a passphrase "
            "(POVDESK_PASSPHRASE or at the prompt).",
            code="passphrase_needed",
        )
    made = _now()
    stem = f"{made:%Y%m%d-%H%M%S-%f}-{reason}"
    try:
        private_folder(target_dir)
    except OSError as exc:
        raise _disk_error(target_dir, exc) from None
    with _temp_file(target_dir) as tmp:
        try:
            _snapshot(db, tmp, made, reason, key)
            problems = verify_file(tmp)
            if problems:
                raise UserError(
                    f"刚写好的备份没有通过校验，已删除：{'；'.join(problems[:3])}",
                    f"The backup just written did not verify and was removed: "
                    f"{'; '.join(problems[:3])}",
                    code="backup_failed",
                )
            store_id, audit_seq, audit_hash = _mark_verified(tmp, key)
            if passphrase:
                final = target_dir / (stem + AGE_SUFFIX)
                _encrypt_in_place(tmp, passphrase)
            else:
                final = target_dir / (stem + SUFFIX)
            _fsync(tmp)
            if key is not None:  # the key file first: a named backup always opens
                write_key_copy(db, final)
            # Measured before the rename: another workstation's thinning may remove the
            # file as soon as it has its name, when that one's backup is newer.
            size = tmp.stat().st_size
            os.replace(tmp, final)
            _fsync_dir(target_dir)
        except OSError as exc:
            raise _disk_error(target_dir, exc) from None
    if to is None and reason in AUTOMATIC:
        prune(db)  # (which may remove this one, when another workstation's is newer)
    return BackupInfo(
        path=str(final),
        made_at=made.isoformat(),
        reason=reason,
        size=size,
        verified=True,
        encrypted=bool(passphrase),
        store_id=store_id,
        audit_seq=audit_seq,
        audit_hash=audit_hash,
    )


@contextmanager
def _temp_file(where: Path) -> Iterator[Path]:
    """A private temporary file in `where`, removed unless renamed away."""
    fd, name = tempfile.mkstemp(dir=where, prefix=".part-", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)
        for extra in ("-journal", "-wal", "-shm"):
            Path(name + extra).unlink(missing_ok=True)


def write_key_copy(db: Path, backup_file: Path) -> None:
    """The store's key file beside one of its backups (`NAME.backup.key`)."""
    data = cipher.key_path(db).read_bytes()
    target = cipher.key_path(backup_file)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _snapshot(db: Path, tmp: Path, made: dt.datetime, reason: str, key: bytes | None) -> None:
    from povdesk.store.files import FileStore

    src = cipher.connect(db, read_only=True)
    # The same key on both sides: the online backup API copies encrypted pages as they are.
    dst = cipher.connect(tmp, key=key, isolation_level=None)
    files = FileStore(files_folder(db), key)
    try:
        src.backup(dst)  # one step: a consistent snapshot, even with a writer at work
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        meta = dict(dst.execute("SELECT key, value FROM meta"))
        dst.execute("BEGIN")
        dst.execute(f"CREATE TABLE {INFO} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        dst.execute(f"CREATE TABLE {FILES} (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")
        info = {
            "made_at": made.isoformat(),
            "reason": reason,
            "source": str(db),
            "store_id": meta.get("store_id", ""),
            "audit_seq": meta.get("audit_seq", "0"),
            "audit_hash": meta.get("audit_hash", ""),
        }
        absent = []
        for sha in _attachment_hashes(dst):
            data = _attachment(files, sha)
            if data is None:
                absent.append(sha)
            else:
                dst.execute(f"INSERT INTO {FILES} VALUES (?, ?)", (sha, data))
        # Attachments the store itself has lost are said, not a reason to refuse a backup.
        info["absent_files"] = json.dumps(absent)
        dst.executemany(f"INSERT INTO {INFO} VALUES (?, ?)", info.items())
        dst.execute("COMMIT")
    finally:
        src.close()
        dst.close()


def _attachment_hashes(con: sqlite3.Connection) -> list[str]:
    has = con.execute("SELECT 1 FROM sqlite_master WHERE name='attachment'").fetchone()
    if not has:
        return []
    return [str(r[0]) for r in con.execute("SELECT DISTINCT sha256 FROM attachment")]


def _attachment(files: FileStore, sha: str) -> bytes | None:
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        return None  # a stored value never becomes a path
    try:
        return files.read(sha)
    except OSError:
        return None  # missing on disk
    except UserError:
        return None  # a damaged copy is as good as missing


def _mark_verified(tmp: Path, key: bytes | None) -> tuple[str, int, str]:
    """Record the verification; return the store id and audit position it covers."""
    con = cipher.connect(tmp, key=key, isolation_level=None)
    try:
        con.execute(f"INSERT INTO {INFO} VALUES ('verified_at', ?)", (_now().isoformat(),))
        info = info_of(con)
    finally:
        con.close()
    return info.get("store_id", ""), _int(info.get("audit_seq", "0")), info.get("audit_hash", "")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with suppress(OSError):  # not every file system lets a folder be synced
        _fsync(path)


# -- encryption for copies leaving the laptop ------------------------------------------
def _encrypt_in_place(tmp: Path, passphrase: str) -> None:
    from pyrage import passphrase as age_passphrase

    data = age_passphrase.encrypt(tmp.read_bytes(), passphrase)
    with tmp.open("wb") as fh:
        fh.write(data)


@contextmanager
def opened(path: Path, passphrase: str | None = None) -> Iterator[Path]:
    """A plain SQLite file to read for `path`: itself, or a private decrypted copy."""
    if not path.name.endswith(".age"):
        yield path
        return
    from pyrage import passphrase as age_passphrase

    if not passphrase:
        raise UserError(
            "这份备份已加密，请提供密码（POVDESK_PASSPHRASE 或按提示输入）。",
            "This backup is encrypted; give its passphrase (POVDESK_PASSPHRASE or at the prompt).",
            code="passphrase_needed",
        )
    try:
        plain = age_passphrase.decrypt(path.read_bytes(), passphrase)
    except OSError as exc:
        raise UserError(
            f"无法读取备份 {path}：{os_reason_zh(exc)}",
            f"Cannot read the backup {path}: {exc.strerror}",
            code="not_readable",
        ) from None
    except Exception:  # pyrage raises its own DecryptError for every failure
        raise UserError(
            f"无法解密备份（密码不对，或文件已损坏）：{path}",
            f"Cannot decrypt the backup (wrong passphrase, or the file is damaged): {path}",
            code="bad_passphrase",
        ) from None
    with tempfile.TemporaryDirectory(prefix="povdesk-restore-") as where:
        tmp = Path(where) / "backup.sqlite"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(plain)
        yield tmp


# -- reading and checking ---------------------------------------------------------------
def info_of(con: sqlite3.Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in con.execute(f"SELECT key, value FROM {INFO}")}


def verify_file(path: Path) -> list[str]:
    """Problems with a (plain) backup file, in English for logs and zh/en callers."""
    from povdesk.cipher import HEADER
    from povdesk.store.disk import integrity_problems

    try:
        with path.open("rb") as fh:
            plain = fh.read(len(HEADER)) == HEADER
    except OSError as exc:
        return [f"cannot read: {exc.strerror}"]
    if not plain and not cipher.can_open(path):
        return ["not a povdesk backup (no SQLite header), or encrypted with a key not unlocked"]
    try:
        con = connect_read_only(path)
    except cipher.errors() as exc:
        return [str(exc)]
    problems: list[str] = []
    try:
        try:
            problems = integrity_problems(con)
            if problems:
                return problems
            info = info_of(con)
            problems += [f"audit: {p.en}" for p in audit_problems(con)]
            recorded = (int(info.get("audit_seq", "0")), info.get("audit_hash", ""))
            meta = dict(con.execute("SELECT key, value FROM meta"))
            if recorded[0] and (int(meta.get("audit_seq", "0")), meta.get("audit_hash")) != (
                recorded
            ):
                problems.append("the backup's description does not match its audit log")
            for sha, data in con.execute(f"SELECT sha256, data FROM {FILES}"):
                if _sha256(bytes(data)) != sha:
                    problems.append(f"attachment {str(sha)[:12]} is damaged")
            stored = {str(r[0]) for r in con.execute(f"SELECT sha256 FROM {FILES}")}
            absent = set(json.loads(info.get("absent_files", "[]")))
            missing = [s for s in _attachment_hashes(con) if s not in stored | absent]
            problems += [f"attachment {s[:12]} is missing" for s in missing]
        except cipher.errors(ValueError, TypeError) as exc:
            problems.append(f"not a povdesk backup: {exc}")
        return problems
    finally:
        con.close()


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


# Read here by older callers (the CLI, encryption.py).
audit_problems = audit_rows.file_problems


def describe(path: Path, *, passphrase: str | None = None) -> BackupInfo:
    """What a backup file holds; a file that cannot be read is listed as not verified."""
    size = path.stat().st_size
    encrypted = path.name.endswith(".age")
    name = _NAME.match(path.name)
    info: dict[str, str] = {}
    if not encrypted or passphrase:
        # ValueError: text (even a column name) that is not UTF-8, in a file from anywhere.
        with (
            suppress(*cipher.errors(), ValueError, UserError),
            opened(path, passphrase) as plain,
        ):
            con = connect_read_only(plain)
            try:
                info = info_of(con)
            finally:
                con.close()
    made = _time_or(info.get("made_at", ""), _name_time(name.group(1)) if name else "")
    return BackupInfo(
        path=str(path),
        made_at=made,
        reason=info.get("reason") or (name.group(2) if name else ""),
        size=size,
        verified=bool(info.get("verified_at")) or (encrypted and not passphrase and bool(name)),
        encrypted=encrypted,
        store_id=info.get("store_id", ""),
        audit_seq=_int(info.get("audit_seq", "0")),
        audit_hash=info.get("audit_hash", ""),
    )


def _int(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _time_or(text: str, fallback: str) -> str:
    """`text` if it is a time with a zone (as povdesk writes), else `fallback`."""
    try:
        return text if dt.datetime.fromisoformat(text).tzinfo is not None else fallback
    except ValueError:
        return fallback


def _name_time(stamp: str) -> str:
    return dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f").replace(tzinfo=dt.UTC).isoformat()


def listing(db: Path) -> list[BackupInfo]:
    """The store's own backups, newest first."""
    where = folder(db)
    if not where.is_dir():
        return []
    found = []
    for p in where.iterdir():
        if _NAME.match(p.name) and p.is_file():
            # Another process (a second workstation on a shared store) may be thinning
            # the folder at this moment: a file gone since iterdir() is simply not listed.
            with suppress(FileNotFoundError):
                found.append(describe(p))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def newest_good(db: Path) -> Path | None:
    for b in listing(db):
        if b.verified and not b.encrypted:
            return Path(b.path)
    return None


# -- thinning ----------------------------------------------------------------------------
def prune(db: Path, daily: int | None = None, weekly: int | None = None) -> list[Path]:
    """Remove automatic backups beyond the newest per day (last `daily` days) and per ISO
    week (the `weekly` weeks before those). Returns what was removed."""
    keep_daily, keep_weekly = _keep_settings(db)
    daily = keep_daily if daily is None else daily
    weekly = keep_weekly if weekly is None else weekly
    autos = [b for b in listing(db) if b.reason in AUTOMATIC]  # newest first
    kept: set[str] = set()
    days: list[dt.date] = []
    weeks: list[tuple[int, int]] = []
    for b in autos:
        day = dt.datetime.fromisoformat(b.made_at).astimezone().date()  # the user's day
        if day in days:
            continue
        if len(days) < daily:
            days.append(day)
            kept.add(b.path)
            continue
        week = tuple(day.isocalendar())[:2]
        if week in weeks or any(tuple(d.isocalendar())[:2] == week for d in days):
            continue
        if len(weeks) < weekly:
            weeks.append((int(week[0]), int(week[1])))
            kept.add(b.path)
    removed = []
    for b in autos:
        if b.path not in kept:
            Path(b.path).unlink(missing_ok=True)
            cipher.key_path(Path(b.path)).unlink(missing_ok=True)
            removed.append(Path(b.path))
    return removed


def _keep_settings(db: Path) -> tuple[int, int]:
    try:
        con = connect_read_only(db)
        try:
            meta = dict(
                con.execute(
                    "SELECT key, value FROM meta WHERE key IN (?, ?)",
                    (KEEP_DAILY_KEY, KEEP_WEEKLY_KEY),
                )
            )
        finally:
            con.close()
    except cipher.errors(UserError):
        meta = {}
    daily = meta.get(KEEP_DAILY_KEY, "")
    weekly = meta.get(KEEP_WEEKLY_KEY, "")
    return (
        int(daily) if daily.isdigit() else KEEP_DAILY,
        int(weekly) if weekly.isdigit() else KEEP_WEEKLY,
    )


def as_json(items: list[BackupInfo]) -> str:
    return json.dumps([b.as_dict() for b in items], ensure_ascii=False, indent=2)
