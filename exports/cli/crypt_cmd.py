"""`povdesk encrypt | decrypt | passphrase`: encryption at rest from the command line.

The core does the work (povdesk/store/encryption.py); here are the prompts, the words
and the recovery-key sheet (a PDF, which only exists where the cadre asks for it: on a
USB stick to print, never beside the store by default).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from povdesk import cipher
from povdesk.cli.render import emit_json
from povdesk.cli.unlock import new_passphrase, say_recovery_key
from povdesk.errors import UserError
from povdesk.store import Store, default_db_path, encryption
from povdesk.store.engine import is_url

OK = 0


def say(text: str) -> None:
    print(text, file=sys.stderr)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db: Callable[[argparse.ArgumentParser], None],
) -> None:
    sp = sub.add_parser("encrypt", help="加密数据库 / encrypt the database at rest")
    db(sp)
    sp.add_argument(
        "--recovery-pdf",
        type=Path,
        help="恢复密钥打印页（存到U盘后打印）/ the recovery-key sheet to print",
    )
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=encrypt)

    sp = sub.add_parser("decrypt", help="解除数据库加密 / store the database unencrypted")
    db(sp)
    sp.add_argument("--yes", action="store_true", help="确认解除加密 / really decrypt")
    sp.set_defaults(func=decrypt)

    sp = sub.add_parser(
        "passphrase", help="更改口令（可凭恢复密钥）/ change the passphrase (or reset it)"
    )
    db(sp)
    sp.set_defaults(func=passphrase)


def _file(args: argparse.Namespace) -> Path:
    text = args.db or str(default_db_path())
    if is_url(text):
        raise UserError(
            "县里的共享数据库由数据库服务器负责加密，povdesk 只加密本机的数据库文件。",
            "A county's shared database is encrypted by its server; povdesk encrypts "
            "database files on this computer.",
            code="not_a_file",
        )
    return Path(text)


def encrypt(args: argparse.Namespace) -> int:
    db = _file(args)
    if cipher.is_encrypted(db):
        from povdesk.cli.unlock import unlock_for

        unlock_for(argparse.Namespace(db=str(db), command="passphrase"))
        done = encryption.finish(db)  # what a cut run left plain
        say(
            f"povdesk: 数据库已经加密（补加密附件 {done.attachments} 个、"
            f"备份 {done.backups} 份）：{db}\n"
            f"povdesk: the database is already encrypted ({done.attachments} attachments and "
            f"{done.backups} backups encrypted now): {db}"
        )
        return OK
    secret = new_passphrase()
    done = encryption.encrypt(db, secret)
    if args.recovery_pdf is not None:
        _sheet(db, args.recovery_pdf, done)
    if args.json:
        emit_json(
            {
                "path": str(db),
                "key_id": done.key_id,
                "recovery_key": done.recovery_key,
                "attachments": done.attachments,
                "backups": done.backups,
            }
        )
    else:
        say_recovery_key(done.recovery_key, db)
    say(
        f"povdesk: 已加密：{db}；附件 {done.attachments} 个、以前的备份 {done.backups} 份也已加密，"
        "本机不再留有未加密的副本。\n"
        f"povdesk: encrypted: {db}; {done.attachments} attachments and {done.backups} earlier "
        "backups were encrypted too, and no unencrypted copy is left on this computer."
    )
    return OK


def _sheet(db: Path, target: Path, done: encryption.Encrypted) -> None:
    from exports.pdf.recovery import recovery_sheet

    with Store(db) as store:
        home = store.villages.home()
    recovery_sheet(
        target,
        village=home.name if home else db.stem,
        recovery_key=done.recovery_key,
        key_id=done.key_id,
        made_at=dt.date.today().isoformat(),
    )
    say(
        f"povdesk: 恢复密钥打印页：{target}。打印后请删除此文件。\n"
        f"povdesk: recovery-key sheet: {target}. Delete the file once printed."
    )


def decrypt(args: argparse.Namespace) -> int:
    db = _file(args)
    if not args.yes:
        raise UserError(
            "解除加密后，电脑丢失时数据可被读取。确认要解除，请加 --yes。",
            "Without encryption a lost laptop can be read. Add --yes to decrypt anyway.",
            code="confirm_needed",
        )
    done = encryption.decrypt(db)
    say(
        f"povdesk: 已解除加密：{db}（附件 {done.attachments} 个、备份 {done.backups} 份）\n"
        f"povdesk: decrypted: {db} ({done.attachments} attachments, {done.backups} backups)"
    )
    return OK


def passphrase(args: argparse.Namespace) -> int:
    db = _file(args)
    if not cipher.is_encrypted(db):
        raise UserError(
            f"此数据库没有加密，没有口令可改：{db}（加密请用 povdesk encrypt）",
            f"This database is not encrypted; there is no passphrase to change: {db} "
            "(povdesk encrypt encrypts it)",
            code="not_encrypted",
        )
    encryption.change_passphrase(db, new_passphrase(only_new=True))
    say(f"povdesk: 口令已更改：{db}\npovdesk: passphrase changed: {db}")
    return OK
