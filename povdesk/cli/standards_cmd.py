"""`povdesk standards list|set`: the poverty lines, monitoring ranges and reference incomes
of each year (domain.md §8). The county enters the province's figures and they reach the
villages in its return bundles; a village may enter a provisional figure of its own,
which the county's replaces when it arrives."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from povdesk.cli.commands import OK, open_store, say, say_gaps
from povdesk.cli.progress import Progress
from povdesk.cli.render import emit_json, table
from povdesk.codes import StoreRole
from povdesk.errors import UserError
from povdesk.money import to_fen, yuan
from povdesk.rules.standards import KINDS
from povdesk.services.config import Standard
from povdesk.store import Store

HEADERS = ("年度 year", "标准 standard", "元 yuan", "地区 area", "来源 from", "依据 note")
SOURCES = {
    "shipped": ("国家标准（随软件提供）", "national (shipped)"),
    "county": ("县扶贫办下发", "from the county"),
}


def register(
    sub: argparse._SubParsersAction[Any],
    db: Callable[[argparse.ArgumentParser], None],
) -> None:
    std = sub.add_parser(
        "standards", help="扶贫标准、监测范围、参考收入 / poverty lines, monitoring ranges, ..."
    )
    ssub = std.add_subparsers(dest="standards_command", required=True)
    sp = ssub.add_parser("list", help="列出各年度标准 / list the standards")
    db(sp)
    sp.add_argument("--year", type=int, help="只列一个年度 / one year only")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=list_)
    sp = ssub.add_parser("set", help="录入一个年度的标准 / enter a year's standard")
    db(sp)
    sp.add_argument("--year", type=int, required=True)
    which = sp.add_mutually_exclusive_group(required=True)
    which.add_argument("--line", metavar="YUAN", help="扶贫标准（元/人·年）/ poverty line")
    which.add_argument("--monitoring", metavar="YUAN", help="监测范围（元/人·年）/ range")
    which.add_argument(
        "--reference", metavar="YUAN", help="农村居民人均可支配收入（元）/ reference income"
    )
    sp.add_argument(
        "--area", help="参考收入的地区代码（默认本县）/ area code of a reference income"
    )
    sp.add_argument("--source", default="", help="依据（文件名、文号）/ where the figure is from")
    sp.set_defaults(func=set_)


def _source(s: Standard, store: Store, lang: str) -> str:
    if s.source == "own":
        county = store.role is StoreRole.COUNTY
        zh, en = ("本县录入", "entered here") if county else ("本村暂定", "own, provisional")
    else:
        zh, en = SOURCES[s.source]
    return zh if lang == "zh" else en


def list_(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        rows = store.config.standards(args.year)
        if args.json:
            emit_json(
                [
                    {
                        "kind": s.kind,
                        "kind_zh": KINDS[s.kind][0],
                        "kind_en": KINDS[s.kind][1],
                        "year": s.year,
                        "amount_fen": s.amount,
                        "amount_yuan": yuan(s.amount),
                        "area_code": s.area_code,
                        "source": s.source,
                        "note": s.note,
                    }
                    for s in rows
                ]
            )
        else:
            zh = args.lang == "zh"
            print(
                table(
                    (
                        "年度 year",
                        "标准 standard",
                        "元 yuan",
                        "地区 area",
                        "来源 from",
                        "依据 note",
                    ),
                    [
                        (
                            s.year,
                            KINDS[s.kind][0 if zh else 1],
                            yuan(s.amount),
                            s.area_code,
                            _source(s, store, args.lang),
                            s.note,
                        )
                        for s in rows
                    ],
                )
            )
        say_gaps(store, store.config.context(year=args.year))
    return OK


def set_(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        source = args.source.strip()
        if args.line is not None:
            kind, fen = "poverty_line", to_fen(args.line)
            store.config.set_poverty_line(args.year, fen, source)
        elif args.monitoring is not None:
            kind, fen = "monitoring_range", to_fen(args.monitoring)
            store.config.set_monitoring_range(args.year, fen, source)
        else:
            kind, fen = "reference_income", to_fen(args.reference)
            area = args.area or store.meta().get("area_code", "")[:6]
            if not area:
                raise UserError(
                    "请用 --area 给出参考收入的地区代码。",
                    "Give the area code of the reference income with --area.",
                    code="invalid",
                )
            store.config.set_reference_income(args.year, area, fen, note=source)
        zh_name, en_name = KINDS[kind][0], KINDS[kind][1]
        say(
            f"已录入 {args.year} 年度{zh_name}：{yuan(fen)} 元\n"
            f"Set the {args.year} {en_name}: {yuan(fen)} yuan"
        )
        if store.role is StoreRole.COUNTY:
            # Every village's kept figures were computed under the old standards.
            say(
                "各村的数字按新标准重算：povdesk county dashboard（打开窗口时自动在后台进行）\n"
                "Recompute the village figures under the new standards: povdesk county "
                "dashboard (the window does it in the background)"
            )
        else:
            # The households' stored checks were made under the old standards: checked
            # again now, so the window next opens on current findings.
            with Progress("正在按新标准重新核查", "Re-checking under the new standards") as bar:
                n = store.stored.refresh(progress=bar)
            if n:
                say(f"已按新标准重新核查 {n} 户\nRe-checked {n} households under the new standards")
    return OK
