"""Storage errors that are the user's world, as clear zh/en messages (never a traceback).

A full disk, a read-only file, a server that cannot be reached or went away, another
workstation holding the write lock too long, two writers racing for the same record: each
becomes a `UserError` that names the database (for a server: host, port and database,
never the password) and says that nothing was saved. Anything else stays a bug.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from povdesk.errors import UserError
from povdesk.store.engine import describe, is_server


def _sqlstate(exc: DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", None) or "")


def _reason(exc: BaseException | DBAPIError) -> str:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    return " ".join(str(orig).split())[:300]


def unreachable(target: str, exc: BaseException) -> UserError:
    """The server could not be reached, refused us, or has no such database."""
    where = describe(target)
    why = _reason(exc)
    return UserError(
        # The driver's reason is English: the English line has it, the Chinese one the
        # advice.
        f"无法连接数据库服务器 {where}。请检查网络、服务器是否已开启、地址、用户名和"
        "数据库名是否正确；未作任何改动。",
        f"Cannot connect to the database server {where}: {why}. Check the network, that the "
        "server is running, and the address, user name and database name; nothing was "
        "changed.",
        code="server_unreachable",
    )


def bad_url(target: str, exc: BaseException) -> UserError:
    shown = target.split("@")[-1] if "@" in target else target
    return UserError(
        f"数据库地址无法识别：…{shown}。县级数据库的地址形如 "
        "postgresql+psycopg://user@host:5432/db（user 为用户名，host 为服务器，db 为数据库名）。",
        f"Cannot understand the database address …{shown} ({exc}). A county database "
        "address looks like postgresql+psycopg://user@host:5432/database.",
        code="bad_url",
    )


def is_connection_problem(exc: DBAPIError) -> bool:
    """Connection refused, lost, or the server shutting down (SQLSTATE classes 08, 57P)."""
    state = _sqlstate(exc)
    if exc.connection_invalidated or state.startswith(("08", "57P")):
        return True
    # psycopg reports a failed connection attempt or a dropped socket without a SQLSTATE.
    text = str(exc.orig).lower()
    return not state and ("connection" in text or "server closed" in text)


def storage_error(target: str, exc: DBAPIError) -> Exception:
    """What a failed write means for the user; `exc` itself when it is a bug."""
    state = _sqlstate(exc)
    text = str(exc.orig).lower()
    where = describe(target)
    if state == "53100" or (not state and ("disk" in text or "full" in text)):
        return UserError(
            "磁盘已满，本次修改没有保存，已有数据未受影响。请腾出空间后重试。",
            "The disk is full: this change was not saved and existing data is untouched. "
            "Free some space and try again.",
            code="disk_full",
        )
    if state == "55P03":
        return UserError(
            f"数据库 {where} 正被其他工作站长时间写入，本次修改没有保存，请稍后重试。",
            f"The database {where} is busy with another workstation's long change; this "
            "change was not saved. Try again in a moment.",
            code="busy",
        )
    if state in ("40001", "40P01"):
        return UserError(
            "与其他工作站同时修改同一记录，本次修改没有保存，请重试。",
            "Another workstation changed the same records at the same moment; this change "
            "was not saved. Try again.",
            code="conflict",
        )
    if state == "25006" or "readonly" in text or "read-only" in text or "locked" in text:
        return UserError(
            f"数据库无法写入（只读或被其他程序占用），本次修改没有保存：{_reason(exc)}",
            f"The database cannot be written (read-only or in use); this change was not "
            f"saved: {_reason(exc)}",
            code="not_writable",
        )
    if is_server(target) and is_connection_problem(exc):
        why = _reason(exc)
        return UserError(
            f"与数据库服务器 {where} 的连接中断，本次修改没有完成。请检查网络后重新打开；"
            "若中断正好发生在保存的瞬间，请重新打开后核对这条修改是否已在。",
            f"The connection to the database server {where} was lost ({why}); this change "
            "did not complete. Check the network and open the database again; if it broke "
            "at the very moment of saving, check whether the change is there.",
            code="server_lost",
        )
    return exc


def conflict(exc: DBAPIError) -> UserError:
    """A constraint the services check first, still hit by two writers racing."""
    return UserError(
        f"保存失败：与已有记录冲突（重复或引用了不存在的记录），未作任何改动。{_reason(exc)}",
        f"Not saved: it conflicts with an existing record (a duplicate, or a reference "
        f"to a missing one); nothing was changed. {_reason(exc)}",
        code="conflict",
    )


def bad_value(exc: DBAPIError) -> UserError:
    """A value the server's column type refuses (e.g. a NUL character, which PostgreSQL
    never stores in text, or a number out of range)."""
    return UserError(
        f"数据库拒绝了一个值，本次修改没有保存：{_reason(exc)}",
        f"The database refused a value; this change was not saved: {_reason(exc)}",
        code="invalid",
    )
