"""Entry point: parse arguments, run one command, map errors to exit codes.

Exit codes: 0 done; 1 a verification failed (e.g. the audit chain is broken); 2 bad
input or usage, with a clear zh/en message and never a traceback; 3 an internal error
(a bug), with the traceback written to the log file the message names; 4 the store is
damaged (nothing was written to it; the message names the newest good backup).
JSON goes to stdout, messages to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from povdesk.cli import commands, standards_cmd
from povdesk.cli.unlock import unlock_for
from povdesk.errors import UserError
from povdesk.logs import log_crash
from povdesk.safe_text import escaped_output
from povdesk.store import default_db_path

OK, FAILED, BAD_INPUT, BUG = 0, 1, 2, 3


class Parser(argparse.ArgumentParser):
    commands: tuple[str, ...] = ()  # the subcommands' names (build_parser fills it)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"povdesk: 参数有误 / bad arguments: {message}", file=sys.stderr)
        raise SystemExit(BAD_INPUT)


class VersionAction(argparse.Action):
    """The version, the git commit and the build date (povdesk/version.py); git is asked
    only when --version is given."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        from povdesk.version import build_info

        print(build_info().line())
        parser.exit()


def build_parser() -> Parser:
    p = Parser(
        prog="povdesk",
        description="povdesk 精准扶贫驻村工作台 / village poverty-alleviation work desk",
    )
    p.add_argument("--version", action=VersionAction, help="版本、提交与构建日期 / version")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="输出语言 / language")
    # `povdesk --db FILE` opens the window on FILE (its own dest: a subcommand's --db
    # default would overwrite the same dest).
    p.add_argument("--db", dest="window_db", help="在窗口中打开的数据库 / open the window on it")
    sub = p.add_subparsers(dest="command", parser_class=Parser)

    def db(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--db",
            help="数据库文件或 URL / database file or URL "
            "(默认 default: 用户数据目录 the user data folder)",
        )
        sp.add_argument("--actor", help="操作人(写入审计日志)/ who is working (for the audit log)")

    sp = sub.add_parser("init", help="新建数据库 / create a database")
    db(sp)
    sp.add_argument("--role", choices=("village", "county"), required=True)
    sp.add_argument("--code", required=True, help="村代码(12位)或县代码 / village or county code")
    sp.add_argument("--name", required=True)
    encrypt_option(sp)
    sp.set_defaults(func=commands.init)

    sp = sub.add_parser("demo", help="生成演示村 / make a demo village")
    db(sp)
    sp.add_argument("--households", type=int, default=120)
    sp.add_argument("--seed", type=int, default=1)
    sp.add_argument("--code", help="12 位村代码 / 12-digit village code")
    encrypt_option(sp)
    sp.set_defaults(func=commands.demo)

    for name, func, text in (
        ("list", commands.list_, "户列表 / list households"),
        ("check", commands.check, "核查全部问题 / all findings"),
        ("summary", commands.summary, "全村概况 / village summary"),
    ):
        sp = sub.add_parser(name, help=text)
        db(sp)
        sp.add_argument("--json", action="store_true")
        sp.add_argument("--year", type=int, help="评估年度(默认上一年)/ assessment year")
        if name == "check":
            sp.add_argument("--household", help="只查一户 / one household (id or 户编号)")
        if name == "list":
            list_filters(sp)
        sp.set_defaults(func=func)

    sp = sub.add_parser("show", help="查看一户 / show one household")
    db(sp)
    sp.add_argument("household", help="户 id 或户编号 / household id or number")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--year", type=int)
    sp.set_defaults(func=commands.show)

    sp = sub.add_parser("status", help="变更状态(含退出核查)/ change status (exit guard)")
    db(sp)
    sp.add_argument("household")
    sp.add_argument("to", help="未脱贫 / 拟退出 / 已脱贫 / 返贫 / 销号 （或代码 or code）")
    sp.add_argument("--reason", default="")
    sp.add_argument("--override-cadre", help="书面放行的干部(id 或姓名)/ cadre overriding")
    sp.add_argument("--override-reason", help="书面放行理由 / written override reason")
    sp.set_defaults(func=commands.status)

    roster = sub.add_parser("roster", help="花名册导入与模板 / roster import and template")
    rsub = roster.add_subparsers(dest="roster_command", parser_class=Parser, required=True)
    sp = rsub.add_parser("import", help="导入花名册 / import a roster (.xlsx / .csv)")
    db(sp)
    sp.add_argument("file", type=Path)
    sp.add_argument("--village", metavar="CODE", help="全部导入此村 / put every household here")
    sp.add_argument(
        "--create-villages",
        action="store_true",
        help="县级：新建文件中的村 / county: create villages",
    )
    sp.add_argument("--dry-run", action="store_true")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=commands.roster_import)
    sp = rsub.add_parser("template", help="空白模板 / empty template")
    sp.add_argument("--out", type=Path, required=True)
    sp.set_defaults(func=commands.roster_template)

    sp = sub.add_parser("gui", help="打开图形界面(默认)/ open the window (the default)")
    sp.add_argument("--db", help="数据库文件 / database file")
    sp.set_defaults(func=gui)

    aud = sub.add_parser("audit", help="审计日志 / audit log")
    asub = aud.add_subparsers(dest="audit_command", parser_class=Parser, required=True)
    sp = asub.add_parser("verify", help="校验审计链 / verify the audit chain")
    db(sp)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=commands.audit_verify)

    standards_cmd.register(sub, db)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub, db)
    p.commands = tuple(sub.choices)
    return p


# Command families that live in their own modules; each has register(sub, db), where
# `db` adds the shared --db/--actor options to a subparser.
COMMAND_MODULES: tuple[str, ...] = (
    "exports.cli.print_cmd",
    "exports.cli.sync_cmd",
    "exports.cli.report_cmd",
    "exports.cli.county_cmd",
    "exports.cli.crypt_cmd",
    "povdesk.cli.backup_cmd",
)


def encrypt_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--encrypt",
        action="store_true",
        help="加密数据库（口令：提示输入或 POVDESK_PASSPHRASE）/ encrypt it at rest",
    )


def list_filters(sp: argparse.ArgumentParser) -> None:
    """The team's lists (短中之短) as flags; all given conditions must hold."""
    from povdesk.services.lists import KEY_GROUPS, PRESETS

    presets = "; ".join(f"{p.name} {p.zh}" for p in PRESETS.values())
    sp.add_argument(
        "--preset",
        choices=list(PRESETS),
        metavar="NAME",
        help=f"常用清单 / ready-made list: {presets}",
    )
    sp.add_argument(
        "--search",
        metavar="TEXT",
        help="姓名、拼音首字母或全拼、户编号、证件号、"
        "电话 / name, pinyin initials or full pinyin, number, ID or phone",
    )
    sp.add_argument("--group", help="村民小组 / village group")
    sp.add_argument("--category", help="贫困户属性 / household category")
    sp.add_argument("--status", help="状态 / status （未脱贫 / 拟退出 / 已脱贫 …）")
    ready = sp.add_mutually_exclusive_group()
    ready.add_argument("--ready", dest="ready", action="store_const", const=True)
    ready.add_argument("--not-ready", dest="ready", action="store_const", const=False)
    sp.add_argument(
        "--shortfall",
        choices=("income", "food_clothing", "education", "medical", "housing", "water"),
    )
    sp.add_argument("--key-group", choices=KEY_GROUPS)
    sp.add_argument(
        "--finding",
        action="append",
        default=[],
        metavar="CODE",
        help="有此问题代码的户 / households with this finding code",
    )
    sp.add_argument("--overdue", action="store_true", help="有逾期措施 / an overdue measure")
    sp.add_argument(
        "--no-visit-days", type=int, metavar="N", help="N 天内未走访 / no visit in N days"
    )


def main(argv: Sequence[str] | None = None) -> int:
    with escaped_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    rest, bundles = opened_bundles(parser, list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(rest)
    args.bundles = bundles
    if args.window_db and not getattr(args, "db", None):  # `povdesk --db F list`
        args.db = args.window_db
    if args.command is None:
        return no_command(args)
    try:
        unlock_for(args)
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except UserError as exc:
        print(f"povdesk: {exc.zh}\npovdesk: {exc.en}", file=sys.stderr)
        return exc.exit_code  # 2, or 4 for a damaged store
    except KeyboardInterrupt:
        print("povdesk: 已中断 / interrupted", file=sys.stderr)
        return BAD_INPUT
    except Exception:
        log = log_crash(f"povdesk {args.command}")
        print(
            f"povdesk: 内部错误，请把日志发给开发者：{log}\n"
            f"povdesk: internal error; please send this log to the developers: {log}",
            file=sys.stderr,
        )
        return BUG


def opened_bundles(parser: Parser, argv: list[str]) -> tuple[list[str], list[Path]]:
    """`povdesk FILE.pvb…` (how the desktop opens a double-clicked bundle): the window
    with the import preview of those files (`povdesk gui --db D FILE.pvb` too). With
    another command given, .pvb arguments are that command's (e.g. `povdesk import`)."""
    if any(a in parser.commands and a != "gui" for a in argv):
        return argv, []
    bundles = [Path(a) for a in argv if a.lower().endswith(".pvb") and not a.startswith("-")]
    rest = [a for a in argv if not (a.lower().endswith(".pvb") and not a.startswith("-"))]
    return rest, bundles


def _reader_gone() -> int:
    """`povdesk list | head`: the reader stopped reading. Nothing is wrong, so nothing
    is said or logged; stdout goes to /dev/null so the interpreter's last flush is
    quiet too (Python's documented way to handle SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return OK


def no_command(args: argparse.Namespace) -> int:
    """Bare `povdesk` starts the GUI on the default database."""
    return gui(args)


def gui(args: argparse.Namespace) -> int:
    """The one place the core reaches up to the GUI, importing it only when asked."""
    from ui.app import (
        has_display,
        missing_libraries,
        missing_libraries_message,
        no_display_message,
        run,
    )

    db = getattr(args, "db", None) or str(default_db_path())
    if not has_display():
        print(no_display_message(db), file=sys.stderr)
        return BAD_INPUT  # the window did not open: a script must be able to tell
    if missing := missing_libraries():
        print(missing_libraries_message(missing), file=sys.stderr)
        return BAD_INPUT
    # --lang given on the command line wins; otherwise the language chosen in Settings.
    explicit = any(a == "--lang" or a.startswith("--lang=") for a in sys.argv[1:])
    return run(db, args.lang if explicit else None, getattr(args, "bundles", []))


if __name__ == "__main__":
    raise SystemExit(main())
