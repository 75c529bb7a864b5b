"""`povdesk backup create | list | verify | restore | keep`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from povdesk import cipher
from povdesk.cli.render import emit_json
from povdesk.errors import UserError
from povdesk.store import backup, default_db_path, health, restore
from povdesk.store.engine import is_url

OK, FAILED = 0, 1


def say(text: str) -> None:
    print(text, file=sys.stderr)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db: Callable[[argparse.ArgumentParser], None],
) -> None:
    top = sub.add_parser("backup", help="备份与恢复 / backups and restore")
    bsub = top.add_subparsers(dest="backup_command", parser_class=type(top), required=True)

    sp = bsub.add_parser("create", help="立即备份 / back up now")
    db(sp)
    sp.add_argument(
        "--to",
        type=Path,
        help="备份到此文件夹（如U盘），加密 / to this folder (e.g. a USB stick), encrypted",
    )
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=create)

    sp = bsub.add_parser("list", help="列出备份 / list backups")
    db(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=list_)

    sp = bsub.add_parser("verify", help="校验备份文件 / verify a backup file")
    sp.add_argument("file", type=Path)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=verify)

    sp = bsub.add_parser("restore", help="从备份恢复 / restore a backup")
    db(sp)
    sp.add_argument("file", type=Path)
    sp.add_argument(
        "--yes", action="store_true", help="确认恢复（否则只列出将丢失的修改）/ really restore"
    )
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=restore_)

    sp = bsub.add_parser("keep", help="自动备份保留份数 / how many automatic backups to keep")
    db(sp)
    sp.add_argument("--daily", type=int, required=True, help="按天保留 / days kept (default 7)")
    sp.add_argument("--weekly", type=int, required=True, help="按周保留 / weeks kept (default 4)")
    sp.set_defaults(func=keep)


def _db(args: argparse.Namespace) -> Path:
    target = args.db or str(default_db_path())
    if is_url(target):
        raise UserError(
            "县级服务器数据库请用 pg_dump 备份（见 README），povdesk backup 只备份本机数据库文件。",
            "Back up a county server database with pg_dump (see the README); povdesk backup "
            "backs up database files on this computer.",
            code="invalid",
        )
    return Path(target)


def passphrase(*, confirm: bool) -> str | None:
    """From POVDESK_PASSPHRASE (scripts), else asked at the terminal; None when neither."""
    given = os.environ.get(cipher.PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("备份密码 / backup passphrase: ")
    if confirm and getpass.getpass("再输入一次 / again: ") != first:
        raise UserError(
            "两次输入的密码不一致。", "The two passphrases differ.", code="passphrase_mismatch"
        )
    return first or None


def secret_for(file: Path) -> str | None:
    """The passphrase a backup file needs: an age copy's, or, for a backup of an
    encrypted store brought from elsewhere, its store's (the key file beside it)."""
    if file.name.endswith(".age"):
        return passphrase(confirm=False)
    if not file.is_file() or cipher.can_open(file) or not cipher.key_path(file).is_file():
        return None
    secret = passphrase(confirm=False)
    if secret:
        cipher.unlock(file, passphrase=secret)
    return None


def create(args: argparse.Namespace) -> int:
    db = _db(args)
    health.check(db, create=False)
    # An encrypted store's backups are encrypted under its own key: no second passphrase.
    leaving = args.to is not None and not cipher.is_encrypted(db)
    secret = passphrase(confirm=True) if leaving else None
    made = backup.create(db, reason="manual", to=args.to, passphrase=secret)
    if args.json:
        emit_json(made.as_dict())
    say(f"备份已完成并通过校验：{made.path}\nBackup made and verified: {made.path}")
    return OK


def list_(args: argparse.Namespace) -> int:
    items = backup.listing(_db(args))
    if args.json:
        emit_json([b.as_dict() for b in items])
        return OK
    for b in items:
        mark = "已校验 verified" if b.verified else "未校验 NOT verified"
        print(f"{b.made_at}  {b.size:>12,}  {b.reason:<15} {mark}  {b.path}")
    say(f"共 {len(items)} 份备份 / {len(items)} backups")
    return OK


def verify(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise UserError(
            f"找不到备份文件：{args.file}", f"No backup file at {args.file}", code="not_found"
        )
    secret = secret_for(args.file)
    with backup.opened(args.file, secret) as plain:
        problems = backup.verify_file(plain)
    if args.json:
        emit_json({"path": str(args.file), "verified": not problems, "problems": problems})
    for p in problems:
        say(f"  {p}")
    if problems:
        say(f"备份校验失败：{args.file}\nThe backup did not verify: {args.file}")
        return FAILED
    say(f"备份完好：{args.file}\nThe backup is intact: {args.file}")
    return OK


def restore_(args: argparse.Namespace) -> int:
    db = _db(args)
    if not args.file.is_file():
        raise UserError(
            f"找不到备份文件：{args.file}", f"No backup file at {args.file}", code="not_found"
        )
    secret = secret_for(args.file)
    if not args.yes:
        with backup.opened(args.file, secret) as plain:
            problems = backup.verify_file(plain)
            if problems:
                raise restore.not_verified(args.file, problems)
            loss = restore.preview(db, plain)
        _say_loss(loss)
        if args.json:
            emit_json({"restored": False, "loss": loss.as_dict()})
        say("未作任何改动；确认恢复请加 --yes。\nNothing was changed; add --yes to restore.")
        return FAILED
    done = restore.restore(db, args.file, secret)
    _say_loss(done.loss)
    if args.json:
        emit_json({"restored": True, "loss": done.loss.as_dict(), "kept": str(done.kept or "")})
    if done.kept:
        say(f"原数据库已保留为：{done.kept}\nThe replaced database was kept as: {done.kept}")
    say(f"已从备份恢复：{args.file}\nRestored from: {args.file}")
    return OK


def _say_loss(loss: restore.Loss) -> None:
    if loss.unknown:
        say(
            "当前数据库已损坏，无法列出将丢失的修改（恢复前会原样保留一份）。\n"
            "The current database is damaged; the changes lost cannot be listed (a copy of "
            "it is kept as it is)."
        )
        return
    if loss.other_store:
        say("注意：这份备份来自另一个数据库。\nNote: this backup was made of a different database.")
    if not loss.entries:
        say("恢复不会丢失任何修改。\nRestoring loses no change.")
        return
    say(
        f"恢复将丢失备份之后的 {loss.entries} 条修改：\n"
        f"Restoring loses {loss.entries} changes made after the backup:"
    )
    for number, count in loss.households:
        say(f"  户 {number}：{count} 条 / household {number}: {count}")


def keep(args: argparse.Namespace) -> int:
    from povdesk.cli.commands import open_store

    if args.daily < 1 or args.weekly < 0 or args.daily > 366 or args.weekly > 260:
        raise UserError(
            "保留份数不合理：按天 1 到 366，按周 0 到 260。",
            "Unreasonable numbers: 1 to 366 days, 0 to 260 weeks.",
            code="invalid",
        )
    with open_store(args) as store, store.tx() as tx:
        tx.set_meta(backup.KEEP_DAILY_KEY, str(args.daily))
        tx.set_meta(backup.KEEP_WEEKLY_KEY, str(args.weekly))
    say(
        f"自动备份将保留最近 {args.daily} 天和之前 {args.weekly} 周各一份。\n"
        f"Automatic backups kept: one a day for {args.daily} days, one a week for "
        f"{args.weekly} weeks before those."
    )
    return OK
