"""The command line's parser: the core's own commands, the families of commands that live
in their own modules (core and exports), and `gui`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

from app import BAD_INPUT
from app.gui import gui
from exports.cli import county_import, crypt_cmd, print_cmd, report_cmd, sync_cmd
from povdesk.cli import backup_cmd, commands, county_cmd, monitor_cmd, standards_cmd, summary_cmd

Db = Callable[[argparse.ArgumentParser], None]  # adds the shared --db/--actor options
if TYPE_CHECKING:  # generic for type checkers only
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


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
        ("summary", summary_cmd.summary, "全村概况 / village summary"),
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
    sp.add_argument(
        "--status",
        default="未脱贫",
        help="新建户的状态（文件无“脱贫属性”时）：未脱贫（默认）或一般农户 / status of new "
        "households whose row gives none: poor (default) or non-poor (一般农户)",
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

    for register in FAMILIES:
        register(cast("Subparsers", sub), db)  # a Parser is the ArgumentParser they add
    p.commands = tuple(sub.choices)
    return p


def county(sub: Subparsers, db: Db) -> None:
    """`povdesk county …`: the import of a folder of bundles (exports) first, then the
    county office's own commands (the core), as `povdesk county --help` lists them."""
    csub = county_cmd.group(sub)
    county_import.register(csub, db)
    county_cmd.register(csub, db)


# Command families that live in their own modules, in the order `povdesk --help` lists
# them; each is register(sub, db), where `db` adds the shared --db/--actor options to a
# subparser. A new family is one line here (and its import above).
FAMILIES: tuple[Callable[[Subparsers, Db], None], ...] = (
    standards_cmd.register,
    monitor_cmd.register,
    print_cmd.register,
    sync_cmd.register,
    report_cmd.register,
    county,
    crypt_cmd.register,
    backup_cmd.register,
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
