"""`povdesk report --db D --xlsx F`: the county's workbook (see exports/xlsx/report.py).

The file is written whole or not at all: the workbook goes to a temporary file in the
same folder, which is renamed into place only when complete, so a full disk or a crash
never leaves half a spreadsheet where the last good one was.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from exports.files import atomic_path
from exports.xlsx import write_report
from povdesk.cli.commands import OK, open_store, say, say_gaps
from povdesk.cli.render import emit_json
from povdesk.errors import UserError
from povdesk.money import yuan


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db: Callable[[argparse.ArgumentParser], None],
) -> None:
    sp = sub.add_parser(
        "report", help="报表(Excel):花名册、问题、资金台账、村汇总 / spreadsheet report"
    )
    db(sp)
    sp.add_argument("--xlsx", type=Path, required=True, help="输出 .xlsx 文件 / the file to write")
    sp.add_argument("--year", type=int, help="评估年度(默认上一年)/ assessment year")
    sp.add_argument("--json", action="store_true", help="结果以 JSON 输出 / result as JSON")
    sp.set_defaults(func=report)


def report(args: argparse.Namespace) -> int:
    path: Path = args.xlsx
    if path.suffix.lower() != ".xlsx":
        raise UserError(
            f"报表文件须以 .xlsx 结尾：{path}",
            f"The report file must end in .xlsx: {path}",
            code="bad_output",
        )
    with open_store(args) as store, atomic_path(path) as tmp:
        say_gaps(store, store.config.context(year=args.year))
        counts = write_report(store, tmp, year=args.year)
    if args.json:
        emit_json(
            {
                "file": str(path),
                "villages": counts.villages,
                "households": counts.households,
                "members": counts.members,
                "findings": counts.findings,
                "fund_entries": counts.fund_entries,
                "fund_total_fen": counts.fund_total,
            }
        )
    say(
        f"已写入报表 {path}：{counts.villages} 个村，{counts.households} 户，{counts.members} 人，"
        f"问题 {counts.findings} 条，资金 {yuan(counts.fund_total)} 元\n"
        f"Wrote the report {path}: {counts.villages} village(s), {counts.households} "
        f"households, {counts.members} people, {counts.findings} findings, funds "
        f"{yuan(counts.fund_total)} yuan"
    )
    return OK
