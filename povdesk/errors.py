"""Errors split by who is to blame (as qutebrowser splits KnownError and BugError).

A `UserError` is the user's world: a wrong file, a bad ID number, a refused exit. It
carries a message in Chinese and English and is shown as is, never as a traceback.
Anything else that escapes is a bug.
"""

from __future__ import annotations

import errno
from pathlib import Path


class UserError(Exception):
    """A problem the user can fix; `zh` and `en` are complete sentences."""

    def __init__(self, zh: str, en: str, *, code: str = "user_error") -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.code = code

    def bilingual(self) -> str:
        return f"{self.zh}\n{self.en}"


class NotFound(UserError):
    def __init__(self, what_zh: str, what_en: str, key: str) -> None:
        super().__init__(f"找不到{what_zh}：{key}", f"No {what_en} found: {key}", code="not_found")


class ValidationError(UserError):
    """One or more field values break a rule; `problems` lists (field, zh, en)."""

    def __init__(self, problems: list[tuple[str, str, str]]) -> None:
        # The Chinese names no field by its internal name: each message says which.
        zh = "；".join(z for _, z, _ in problems)
        en = "; ".join(f"{f}: {e}" for f, _, e in problems)
        super().__init__(f"数据不合规：{zh}", f"Invalid data: {en}", code="invalid")
        self.problems = problems


class SchemaTooNew(UserError):
    def __init__(self, found: str, known: str) -> None:
        super().__init__(
            f"数据库由较新版本的 povdesk 创建（结构版本 {found}，本程序只认识到 {known}），"
            "请升级 povdesk 后再打开，数据未作任何改动。",
            f"This database was made by a newer povdesk (schema {found}; this program knows up "
            f"to {known}). Upgrade povdesk to open it; nothing was changed.",
            code="schema_too_new",
        )


class ExitBlocked(UserError):
    """The exit guard refused a status change; `findings` are the blocking ones."""

    def __init__(self, household_no: str, reasons: list[tuple[str, str]]) -> None:
        zh = "；".join(z for z, _ in reasons)
        en = "; ".join(e for _, e in reasons)
        super().__init__(
            f"户 {household_no} 不能标记退出，仍有阻止退出的问题：{zh}。"
            "如确需退出，须由帮扶干部书面说明理由。",
            f"Household {household_no} cannot be marked as exiting; blocking findings remain: "
            f"{en}. An override needs a written reason by a named cadre.",
            code="exit_blocked",
        )
        self.reasons = reasons


# What the system's error means, in the words a cadre reads (never "No such file or
# directory" inside a Chinese sentence).
_OS_ZH = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已满",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EROFS: "磁盘是只读的",
    errno.EIO: "读写出错（U 盘可能已拔出或损坏）",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被其他程序使用",
}


def os_reason_zh(exc: BaseException) -> str:
    """A system error in Chinese: the common ones in words, any other by its number."""
    number = getattr(exc, "errno", None)
    if number in _OS_ZH:
        return _OS_ZH[number]
    return f"系统错误（错误号 {number}）" if number else "系统错误"


def read_file(path: Path, *, code: str) -> bytes:
    """A file the user named, or a clear zh/en error (missing, unreadable, a folder)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(
            f"无法读取文件 {path}：{os_reason_zh(exc)}。",
            f"Cannot read the file {path}: {exc.strerror}",
            code=code,
        ) from None
