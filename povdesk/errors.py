"""Errors split by who is to blame (as qutebrowser splits KnownError and BugError).

A `UserError` is the user's world: a wrong file, a bad ID number, a refused exit. It
carries a message in Chinese and English and is shown as is, never as a traceback.
Anything else that escapes is a bug.
"""

from __future__ import annotations

import errno
from pathlib import Path


# What an operating-system error means, said in Chinese (the system's own text is
# English, and a Chinese sentence never carries it).
class UserError(Exception):
    """A problem the user can fix; `zh` and `en` are complete sentences."""

    def __init__(self, zh: str, en: str, *, code: str = "user_error") -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.code = code

    # The command line's exit status for this error (see app/__init__.py).
    exit_code = 2

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


class StoreDamaged(UserError):
    """The store failed a check on open (or a read met a damaged page): nothing is written
    to it. `backup` is the newest backup that verified, if any."""

    exit_code = 4

    def __init__(self, path: Path, detail: str, backup: Path | None) -> None:
        if backup is not None:
            zh_next = (
                f"最近一份完好的备份是 {backup}，可用 povdesk backup restore --db {path} "
                f"{backup} 恢复（恢复前会先保留当前文件）。"
            )
            en_next = (
                f"The newest good backup is {backup}; restore it with povdesk backup restore "
                f"--db {path} {backup} (the current file is kept first)."
            )
        else:
            zh_next = "没有找到完好的备份，请把此文件交给县里的技术人员，不要删除它。"
            en_next = "No good backup was found; give this file to the county's technical staff "
            en_next += "and do not delete it."
        super().__init__(
            f"数据库文件已损坏，为保护数据，povdesk 不会向其写入任何内容：{path}。{zh_next}",
            f"The database file is damaged; to protect the data povdesk writes nothing to it: "
            f"{path} ({detail}). {en_next}",
            code="damaged",
        )
        self.path = path
        self.detail = detail
        self.backup = backup


class ExitBlocked(UserError):
    """The exit guard refused a status change; `findings` are the blocking ones."""

    def __init__(
        self, household_no: str, reasons: list[tuple[str, str]], *, overridable: bool = True
    ) -> None:
        zh = "；".join(z for z, _ in reasons)
        en = "; ".join(e for _, e in reasons)
        # A missing standard is no household problem a cadre could vouch for: then the
        # way forward is entering the figure, not a written override.
        hint_zh = "如确需退出，须由帮扶干部书面说明理由。" if overridable else ""
        hint_en = " An override needs a written reason by a named cadre." if overridable else ""
        super().__init__(
            f"户 {household_no} 不能标记退出，仍有阻止退出的问题：{zh}。{hint_zh}",
            f"Household {household_no} cannot be marked as exiting; blocking findings remain: "
            f"{en}.{hint_en}",
            code="exit_blocked",
        )
        self.reasons = reasons
        self.overridable = overridable


class EliminationBlocked(UserError):
    """The risk-elimination guard refused (domain.md §7); `reasons` are (zh, en)."""

    def __init__(
        self, household_no: str, reasons: list[tuple[str, str]], *, overridable: bool = True
    ) -> None:
        zh = "；".join(z for z, _ in reasons)
        en = "; ".join(e for _, e in reasons)
        hint_zh = "如确需消除，须由帮扶干部书面说明理由。" if overridable else ""
        hint_en = " An override needs a written reason by a named cadre." if overridable else ""
        super().__init__(
            f"户 {household_no} 不能标记风险消除：{zh}。{hint_zh}",
            f"Household {household_no} cannot be marked risk eliminated: {en}.{hint_en}",
            code="elimination_blocked",
        )
        self.reasons = reasons
        self.overridable = overridable


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
