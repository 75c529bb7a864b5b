"""Unlocking an encrypted store before a command runs, and the passphrase prompts.

Scripts give the passphrase in POVDESK_PASSPHRASE (or the recovery key in
POVDESK_RECOVERY_KEY); a person types it at the prompt, which never echoes. An empty
passphrase at the prompt asks for the recovery key instead. Without a terminal and
without the variable, the command stops with a clear message and nothing is read.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from povdesk import cipher
from povdesk.errors import UserError
from povdesk.store import default_db_path
from povdesk.store.engine import is_url

NEW_PASSPHRASE_ENV = "POVDESK_NEW_PASSPHRASE"
# Commands that open no store, or open it their own way (the window asks in a dialog).
SKIPPED = frozenset({"gui", "init", "demo", "encrypt"})


def target_of(args: argparse.Namespace) -> Path | None:
    """The store file a command works on (None: a server, or no store at all)."""
    if not hasattr(args, "db") or args.command in SKIPPED:
        return None
    text = args.db or str(default_db_path())
    return None if is_url(text) else Path(text)


def unlock_for(args: argparse.Namespace) -> None:
    db = target_of(args)
    if db is None or not db.is_file():
        return
    if not cipher.is_encrypted(db):
        say_not_encrypted(db)
        return
    if cipher.known(db) is not None:
        return
    if cipher.unlock_from_env(db) is not None:
        return
    if not sys.stdin.isatty():
        raise cipher.locked(db)
    typed = getpass.getpass("数据库口令（忘记口令请直接回车，改用恢复密钥）/ passphrase: ")
    if typed:
        cipher.unlock(db, passphrase=typed)
    else:
        cipher.unlock(db, recovery=getpass.getpass("恢复密钥 / recovery key: "))


def say_not_encrypted(db: Path) -> None:
    """Once per store, to a person at a terminal (a script's stderr is not cluttered):
    the store is readable by whoever takes the laptop."""
    marker = db.with_name(db.name + ".backups") / ".not-encrypted-said"
    if not sys.stderr.isatty() or marker.exists() or not cipher.has_plain_header(db):
        return
    print(
        "povdesk: 提醒：此数据库没有加密，电脑丢失或被盗时，身份证号、银行账号等个人信息可被读取。"
        "加密请运行 povdesk encrypt（或在窗口中：设置 › 备份与恢复）。此提醒只出现一次。\n"
        "povdesk: note: this database is not encrypted; whoever takes the laptop can read "
        "ID numbers and bank accounts. Encrypt it with povdesk encrypt (or in the window: "
        "Settings › Backups). This note is shown once.",
        file=sys.stderr,
    )
    try:
        marker.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        marker.touch(mode=0o600)
    except OSError:
        pass  # said again next time; nothing else depends on it


def new_passphrase(*, only_new: bool = False) -> str:
    """A new passphrase: from the environment (scripts) or typed twice. `only_new`: when
    POVDESK_PASSPHRASE is the current one (changing it), only POVDESK_NEW_PASSPHRASE."""
    given = os.environ.get(NEW_PASSPHRASE_ENV)
    if not only_new:
        given = given or os.environ.get(cipher.PASSPHRASE_ENV)
    if given:
        cipher.check_passphrase(given)
        return given
    if not sys.stdin.isatty():
        raise UserError(
            f"需要设置口令：请在提示时输入，或设置环境变量 {NEW_PASSPHRASE_ENV}。",
            f"A passphrase is needed: type it at the prompt, or set {NEW_PASSPHRASE_ENV}.",
            code="passphrase_needed",
        )
    first = getpass.getpass(f"新口令（至少 {cipher.MIN_PASSPHRASE} 个字符）/ new passphrase: ")
    cipher.check_passphrase(first)
    if getpass.getpass("再输入一次 / again: ") != first:
        raise UserError(
            "两次输入的口令不一致。", "The two passphrases differ.", code="passphrase_mismatch"
        )
    return first


def say_recovery_key(recovery: str, db: Path) -> None:
    """The recovery key, shown once: on stdout (so it can be redirected to a printer),
    the explanation on stderr."""
    print(
        "povdesk: 以下是此数据库的恢复密钥，只显示这一次。请立即抄写或打印，交乡镇或县里保管，"
        "不要和电脑放在一起。忘记口令时，凭它可以重设口令（povdesk passphrase）。\n"
        "povdesk: this is the database's recovery key, shown only this once. Write it down "
        "or print it now and keep it at the township or county, not with the laptop. With "
        f"it a forgotten passphrase can be reset (povdesk passphrase). Database: {db}",
        file=sys.stderr,
    )
    print(recovery)
