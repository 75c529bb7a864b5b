"""A SQLite store is looked at before anything is written to it.

Opening used to run the schema upgrade first and ask questions later: a 0-byte file or
another program's database got povdesk's schema written into it, and a store with a
zeroed page opened without a word and accepted changes on top of the damage. Here the
file is read (read-only, not a byte changed) for: a folder in its place, an empty file,
the SQLite header, povdesk's own tables, a newer schema, `PRAGMA quick_check` within a
time budget, and the audit chain's head agreeing with the meta table. A store failing any
of these is never opened for writing; a damaged one names the newest good backup.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from povdesk import cipher
from povdesk.audit_codec import hex_of
from povdesk.errors import StoreDamaged, UserError, os_reason_zh
from povdesk.store import schema
from povdesk.store.disk import LOW_SPACE, integrity_problems, is_full

__all__ = ["LOW_SPACE", "integrity_problems", "is_full"]  # read here by older callers

HEADER = cipher.HEADER
# quick_check reads every page; on an old laptop's disk a large store could take a while,
# so it stops after this many seconds and the open goes on (the audit head is still read).
QUICK_CHECK_SECONDS = 2.0

SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN = 11, 26, 13, 10, 14


def folder_not_file(path: Path) -> UserError:
    return UserError(
        f"这是一个文件夹，不是数据库文件：{path}。请选择或输入一个数据库文件的路径。",
        f"This is a folder, not a database file: {path}. Choose or type the path of a "
        "database file.",
        code="is_a_folder",
    )


def not_povdesk(path: Path, why_zh: str, why_en: str) -> UserError:
    return UserError(
        f"这不是 povdesk 数据库（{why_zh}）：{path}。文件未作任何改动；请确认选择的文件是否正确。",
        f"This is not a povdesk database ({why_en}): {path}. The file was not changed; "
        "check that you chose the right file.",
        code="not_povdesk",
    )


def disk_full(path: Path) -> UserError:
    return UserError(
        f"磁盘已满，无法打开或保存数据库：{path}。已有数据未受影响，请腾出空间后重试。",
        f"The disk is full; the database cannot be opened or saved: {path}. Existing data "
        "is untouched. Free some space and try again.",
        code="disk_full",
    )


def no_database(path: Path) -> UserError:
    return UserError(
        f"数据库文件不存在：{path}。请先运行 povdesk init 或 povdesk demo 创建。",
        f"No database at {path}. Create one first with povdesk init or povdesk demo.",
        code="no_database",
    )


def cannot_open(path: Path, exc: BaseException) -> UserError:
    """Neither damage nor a full disk: a permission, a lock, a file system refusing."""
    return UserError(
        f"无法打开数据库文件（可能没有读写权限，或正被其他程序占用）：{path}。文件未作任何改动。",
        f"Cannot open the database file ({exc}): {path}. The file was not changed.",
        code="cannot_open",
    )


def damaged(path: Path, detail: str) -> StoreDamaged:
    # Imported here: the backup module opens stores through this module.
    from povdesk.store.backup import newest_good

    return StoreDamaged(path, detail, newest_good(path))


def classify(path: Path, exc: BaseException) -> UserError | None:
    """What a SQLite error met while reading a store means for the user; None: a bug."""
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if code == SQLITE_FULL or (code in (SQLITE_IOERR, SQLITE_CANTOPEN) and is_full(path)):
        return disk_full(path)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, str(exc))
    return None


def check(path: Path, *, create: bool, quick: bool = True) -> str | None:
    """Refuse a file that must not be written to; return its schema revision (None: new).

    `create`: a missing or empty file, or an SQLite file with no tables at all, may
    become a new store. `quick`: False leaves `PRAGMA quick_check` to the caller (see
    `LaterCheck`)."""
    if path.is_dir():
        raise folder_not_file(path)
    if not path.exists():
        if create:
            return None
        raise no_database(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(len(HEADER))
    except OSError as exc:
        raise UserError(
            f"无法读取数据库文件 {path}：{os_reason_zh(exc)}",
            f"Cannot read the database file {path}: {exc.strerror}",
            code="not_readable",
        ) from None
    if not head:
        if create:
            return None
        raise not_povdesk(path, "空文件", "an empty file")
    if head != HEADER and not cipher.is_encrypted(path):
        raise not_povdesk(path, "不是 SQLite 数据库文件", "not an SQLite database file")
    try:
        return _look(path, create=create, quick=quick)
    except cipher.errors() as exc:
        raise classify(path, exc) or cannot_open(path, exc) from None
    except ValueError as exc:  # a table or column name that is not UTF-8: scrambled bytes
        raise damaged(path, str(exc)) from None


def _look(path: Path, *, create: bool, quick: bool) -> str | None:
    # An encrypted store opens with its key (remembered, or from the environment) or is
    # refused as locked: nothing is read without it.
    con = cipher.connect(path, read_only=True)
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")  # a file from anywhere
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables and create:
            return None
        if "alembic_version" not in tables or "meta" not in tables:
            raise not_povdesk(path, "缺少 povdesk 的数据表", "povdesk's tables are missing")
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = str(row[0]) if row else None
        schema.refuse_if_newer(revision)
        problem = quick_check(con, QUICK_CHECK_SECONDS) if quick else None
        if problem:
            raise damaged(path, problem)
        problem = audit_head_problem(con)
        if problem:
            raise damaged(path, problem)
        return revision
    finally:
        con.close()


class LaterCheck:
    """`PRAGMA quick_check` of a store on a thread of its own, on its own read-only
    connection, started once the window shows its list (`start`). Run beside the first
    reads, it took a core from them on a two-core laptop and the window came later, not
    sooner; after them it runs while the search index is built. It stops after the same
    time budget as the check on opening. Until it has passed nothing may be written:
    `Store.tx` waits for it (`problem`, which starts it if nothing has), and a store it
    finds damaged is refused from then on."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._found: UserError | None = None
        self._thread = threading.Thread(target=self._run, name="povdesk-quick-check", daemon=True)
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:  # a worker's write and the window may both start it
            if self._thread.ident is None:
                self._thread.start()

    def _run(self) -> None:
        try:
            con = cipher.connect(self.path, read_only=True)
            try:
                problem = quick_check(con, QUICK_CHECK_SECONDS)
            finally:
                con.close()
            if problem:
                self._found = damaged(self.path, problem)
        except cipher.errors() as exc:  # a page it could not read at all
            self._found = classify(self.path, exc) or cannot_open(self.path, exc)

    def started(self) -> bool:
        return self._thread.ident is not None

    def done(self) -> bool:
        return self.started() and not self._thread.is_alive()

    def problem(self) -> UserError | None:
        """Waits for the check (at most its time budget); the refusal it found, if any."""
        self.start()
        self._thread.join()
        return self._found


def quick_check(con: Any, budget: float) -> str | None:
    """The first problem `PRAGMA quick_check` finds, or None (also when out of time)."""
    deadline = time.monotonic() + budget
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
    except cipher.operational_errors() as exc:
        if "interrupt" in str(exc):
            return None  # out of time: not known to be damaged
        raise
    finally:
        con.set_progress_handler(None, 0)
    found = [str(r[0]) for r in rows]
    return None if found == ["ok"] else "; ".join(found[:5])


def audit_head_problem(con: Any) -> str | None:
    """The last audit entry must be the one the meta table names (a cheap look at the
    chain's end; `audit verify` walks the whole chain)."""
    meta = dict(con.execute("SELECT key, value FROM meta WHERE key IN ('audit_seq', 'audit_hash')"))
    if "audit_seq" not in meta:
        return None
    last = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    seq = int(meta["audit_seq"]) if str(meta["audit_seq"]).isdigit() else -1
    if seq == 0 and last is None:
        return None
    if last is None or last[0] != seq or hex_of(last[1]) != meta.get("audit_hash"):
        return "audit log head does not match the meta table"
    return None
