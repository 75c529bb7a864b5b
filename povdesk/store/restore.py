"""Putting a backup back in place of a store, saying first what that loses.

What is lost is the audit entries the current store has beyond the backup (grouped by
household, so a cadre sees "户 0012: 3 changes"). Before anything is replaced the
current store is itself kept in the backups folder: a verified backup when it is
healthy, a plain copy of its files when it is damaged. Nothing is overwritten without
a copy. The restored file is assembled under a temporary name and renamed into place.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from povdesk import cipher
from povdesk.audit_codec import hex_of, json_of
from povdesk.errors import StoreDamaged, UserError, os_reason_zh
from povdesk.models import ENTITIES, table
from povdesk.store import backup, health
from povdesk.store.files import FileStore


@dataclass
class Loss:
    """What the current store holds that the backup does not."""

    entries: int = 0
    households: list[tuple[str, int]] = field(default_factory=list)  # (户编号, entries)
    other_store: bool = False  # the backup was made of a different store
    unknown: bool = False  # the current store is damaged: its changes cannot be listed

    def as_dict(self) -> dict[str, object]:
        return {
            "entries": self.entries,
            "households": [{"number": n, "entries": c} for n, c in self.households],
            "other_store": self.other_store,
            "unknown": self.unknown,
        }


@dataclass
class Restored:
    loss: Loss
    kept: Path | None  # where the replaced store was kept


def not_verified(file: Path, problems: list[str]) -> UserError:
    return UserError(
        f"这份备份没有通过校验，不能用来恢复：{file}（{'；'.join(problems[:3])}）",
        f"This backup did not verify and cannot be restored: {file} ({'; '.join(problems[:3])})",
        code="backup_bad",
    )


def preview(db: Path, plain: Path) -> Loss:
    """What restoring the (plain, verified) backup `plain` over `db` would lose."""
    if not db.exists() or db.stat().st_size == 0:
        return Loss()
    try:
        health.check(db, create=False)
    except StoreDamaged:
        return Loss(unknown=True)
    src = backup.connect_read_only(plain)
    cur = backup.connect_read_only(db)
    try:
        info = backup.info_of(src)
        mine = dict(cur.execute("SELECT key, value FROM meta"))
        loss = Loss(other_store=mine.get("store_id", "") != info.get("store_id", ""))
        # Either file may hold the log as text (before migration 0007) or compactly.
        theirs = {s: hex_of(h) for s, h in src.execute("SELECT seq, hash FROM audit_log")}
        common = 0
        for seq, digest in cur.execute("SELECT seq, hash FROM audit_log ORDER BY seq"):
            if theirs.get(seq) != hex_of(digest):
                break
            common = seq
        counts: dict[str, int] = {}
        rows = cur.execute(
            "SELECT entity, row_id, before, after FROM audit_log WHERE seq > ?", (common,)
        )
        for entity, row_id, before, after in rows:
            loss.entries += 1
            hid = _household_of(str(entity), str(row_id), json_of(before), json_of(after))
            if not hid and entity in HOUSEHOLD_OWNED:  # a create that refers to its row
                found = cur.execute(
                    f'SELECT household_id FROM "{entity}" WHERE id = ?', (row_id,)
                ).fetchone()
                hid = str(found[0]) if found and found[0] else ""
            if hid:
                counts[hid] = counts.get(hid, 0) + 1
        numbers = dict(cur.execute("SELECT id, number FROM household"))
        numbers.update(
            (k, v) for k, v in src.execute("SELECT id, number FROM household") if k not in numbers
        )
        loss.households = sorted(
            ((str(numbers.get(h, h)), n) for h, n in counts.items()), key=lambda x: x[0]
        )
        return loss
    finally:
        src.close()
        cur.close()


# Kinds whose records belong to a household (by a household_id column).
HOUSEHOLD_OWNED = frozenset(e for e in ENTITIES if "household_id" in table(e).c)


def _household_of(entity: str, row_id: str, before: str, after: str) -> str:
    if entity == "household":
        return row_id
    for text in (after, before):
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("household_id"), str):
            return str(data["household_id"])
    return ""


def restore(db: Path, file: Path, passphrase: str | None = None) -> Restored:
    """Replace the store at `db` by the backup `file`, keeping the current store first."""
    if db.is_dir():
        raise health.folder_not_file(db)
    if passphrase and not cipher.can_open(file) and cipher.key_path(file).is_file():
        # A backup of an encrypted store, brought from elsewhere: its key file beside it
        # opens with the passphrase it was made under.
        cipher.unlock(file, passphrase=passphrase)
    with backup.opened(file, passphrase) as plain:
        problems = backup.verify_file(plain)
        if problems:
            raise not_verified(file, problems)
        loss = preview(db, plain)
        kept = _keep_current(db, damaged=loss.unknown)
        _put_in_place(db, plain, damaged=loss.unknown)
    health.check(db, create=False)  # the result opens cleanly, or we say so
    return Restored(loss, kept)


def _keep_current(db: Path, *, damaged: bool) -> Path | None:
    if not db.exists() or db.stat().st_size == 0:
        return None
    if not damaged:
        return Path(backup.create(db, reason="before_restore").path)
    # A damaged store cannot be read page by page; keep its bytes as they are (with its
    # WAL, under the name SQLite looks for) for whoever tries to rescue it.
    where = backup.folder(db)
    backup.private_folder(where)
    stamp = backup._now().strftime("%Y%m%d-%H%M%S-%f")
    copy = where / f"{stamp}-damaged_copy{backup.SUFFIX}"
    if cipher.key_path(db).is_file():
        backup.write_key_copy(db, copy)
    shutil.copyfile(db, copy)
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    os.chmod(copy, 0o600)
    return copy


def _put_in_place(db: Path, plain: Path, *, damaged: bool) -> None:
    tmp = db.with_name(f".{db.name}.restoring-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        source_key, key = _keys(db, plain)
        if source_key != key:  # a plain backup into an encrypted store, or the reverse
            _export(plain, source_key, tmp, key)
        else:
            src = cipher.connect(plain, key=source_key, read_only=True)
            into = cipher.connect(tmp, key=key, isolation_level=None)
            try:
                src.backup(into)
            finally:
                src.close()
                into.close()
        dst = cipher.connect(tmp, key=key, isolation_level=None)
        try:
            files = FileStore(db.with_name(db.name + ".files"), key)
            for sha, data in dst.execute(f"SELECT sha256, data FROM {backup.FILES}"):
                if not files.has(str(sha)):
                    files.put(bytes(data))
            dst.execute(f"DROP TABLE {backup.INFO}")
            dst.execute(f"DROP TABLE {backup.FILES}")
            dst.execute("VACUUM")
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
        _retire_wal(db, damaged=damaged)
        if key is not None and not cipher.is_encrypted(db):
            # The store becomes what its backup was: encrypted, with the key file the
            # backup carried (it opens with the passphrase and recovery key of then).
            shutil.copyfile(cipher.key_path(plain), cipher.key_path(db))
            os.chmod(cipher.key_path(db), 0o600)
            cipher.remember(db, key)
        os.replace(tmp, db)
    except OSError as exc:
        raise UserError(
            f"恢复没有完成（{os_reason_zh(exc)}），原数据库未被替换：{db}",
            f"The restore did not finish ({exc.strerror}); the database was not replaced: {db}",
            code="disk_full" if health.is_full(db) else "not_writable",
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
        for side in ("-journal", "-wal", "-shm"):
            tmp.with_name(tmp.name + side).unlink(missing_ok=True)


def _keys(db: Path, plain: Path) -> tuple[bytes | None, bytes | None]:
    """The backup's key and the key the restored store is written under: the current
    store's when it is encrypted, else the backup's own (None: plain)."""
    source = None if cipher.has_plain_header(plain) else cipher.key_opening(plain)
    if cipher.is_encrypted(db):
        return source, cipher.key_for(db)
    if source is not None and not cipher.key_path(plain).is_file():
        return source, None  # no key file to give the store: restore it plain
    return source, source


def _export(plain: Path, source_key: bytes | None, tmp: Path, key: bytes | None) -> None:
    tmp.unlink()  # sqlcipher_export makes the file
    con = cipher.open_for_export(plain, source_key)
    try:
        cipher.export(con, tmp, key)
    finally:
        con.close()
    os.chmod(tmp, 0o600)


def _retire_wal(db: Path, *, damaged: bool) -> None:
    """The old store's WAL must not survive beside the new file: SQLite would replay its
    pages onto it. A healthy store's WAL is folded in; if it is still there afterwards,
    another program (or window) has the store open, and nothing is replaced."""
    wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
    if not damaged and db.exists():
        con = cipher.connect(db, isolation_level=None)
        try:
            busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except cipher.operational_errors():
            busy = 1
        finally:
            con.close()  # the last connection to close removes the WAL
        if busy or wal.exists():
            raise UserError(
                f"数据库正被其他程序或另一个窗口使用，恢复没有进行：{db}。请先关闭它们再恢复。",
                f"The database is in use by another program or window; nothing was restored: "
                f"{db}. Close them first, then restore.",
                code="in_use",
            )
    wal.unlink(missing_ok=True)
    shm.unlink(missing_ok=True)
