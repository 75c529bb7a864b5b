"""Entry point: parse arguments, run one command, map errors to exit codes (said in
app/__init__.py). JSON goes to stdout, messages to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import BAD_INPUT, BUG, OK
from app.gui import gui
from app.parser import Parser, build_parser
from povdesk.cli.unlock import unlock_for
from povdesk.errors import UserError
from povdesk.logs import log_crash
from povdesk.safe_text import escaped_output


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
        unlock_for(args)  # an encrypted store is unlocked before any command runs
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


if __name__ == "__main__":
    raise SystemExit(main())
