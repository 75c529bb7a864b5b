"""County office commands (issue 6); their logic is povdesk/county's, the tables are
county_show.py's. `county import` reads bundles, so it lives in exports/cli/county_import.py.

povdesk county villages --db D [--silent-days N] [--json]
povdesk county queue --db D [--village CODE] [--page N | --after CODE/NO.] [--page-size N]
    [--json]
povdesk county decide --db D HOUSEHOLD certify|reject --reason TEXT [--village CODE]
povdesk county conflicts --db D [--village CODE] [--json]
povdesk county sample --db D --percent P --seed S [--pool exited|eliminated|both] [--json]
    |   --list
povdesk county dashboard --db D [--village CODE | --household KEY] [--no-refresh] [--json]
povdesk county monitor-queue --db D [--village CODE] [--json]
povdesk county monitor-decide --db D HOUSEHOLD --approve|--reject [--date D] [--reason R]
    [--override-cadre C --override-reason R]
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from povdesk.cli import county_show as show
from povdesk.cli.commands import OK, cadre_id, context, open_store, say
from povdesk.cli.progress import Progress
from povdesk.cli.render import emit_json
from povdesk.county import dashboard, pages, require_county, review, sampling
from povdesk.county import monitoring as monitor
from povdesk.county import villages as ledger
from povdesk.errors import UserError
from povdesk.services.status import Override
from povdesk.store import Store

Db = Callable[[argparse.ArgumentParser], None]
if TYPE_CHECKING:  # generic for type checkers only
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def group(sub: Subparsers) -> Subparsers:
    """`povdesk county`, under which register() and exports' `county import` go."""
    county = sub.add_parser("county", help="县扶贫办 / county office")
    csub: Subparsers = county.add_subparsers(
        dest="county_command", required=True, parser_class=type(county)
    )
    return csub


def register(csub: Subparsers, db: Db) -> None:
    def add(
        name: str, text: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = csub.add_parser(name, help=text)
        db(sp)
        sp.set_defaults(func=func)
        return sp

    sp = add("villages", "各村数据包台账 / bundle ledger per village", villages)
    sp.add_argument("--silent-days", type=int, metavar="N", help="N 天未报送 / silent N days")
    sp.add_argument("--json", action="store_true")

    sp = add("queue", "拟退出待审核（分页）/ exits awaiting review, by page", queue)
    sp.add_argument("--village", help="村代码 / village code")
    at = sp.add_mutually_exclusive_group()
    at.add_argument("--page", type=int, default=1, help="第几页（默认 1）/ page number")
    at.add_argument(
        "--after",
        metavar="CODE/NO.",
        help="从此户之后开始（上一页 JSON 的 next_after）/ start after this household",
    )
    sp.add_argument(
        "--page-size", type=int, default=pages.PAGE_SIZE, help="每页户数 / households per page"
    )
    sp.add_argument("--year", type=int, help="评估年度 / assessment year")
    sp.add_argument("--json", action="store_true")

    sp = add("decide", "认定或退回拟退出户 / certify or reject a proposed exit", decide)
    sp.add_argument("household", help="户 id 或户编号 / household id or number")
    sp.add_argument("decision", choices=(review.CERTIFY, review.REJECT))
    sp.add_argument("--reason", default="", help="理由 / reason (退回时必填 required to reject)")
    sp.add_argument("--village", help="村代码(户编号重复时)/ village code, for a number")
    sp.add_argument("--year", type=int, help="评估年度 / assessment year")
    sp.add_argument("--override-cadre", help="书面放行的干部 / cadre overriding")
    sp.add_argument("--override-reason", help="书面放行理由 / written override reason")

    sp = add("conflicts", "待处理的同步冲突 / open conflicts by village", conflicts)
    sp.add_argument("--village", help="村代码 / village code")
    sp.add_argument("--json", action="store_true")

    sp = add("sample", "抽取入户抽查户 / draw households for spot checks", sample)
    sp.add_argument("--percent", type=int, default=sampling.MIN_PERCENT)
    sp.add_argument("--seed", help="随机种子(同种子同结果)/ seed: the same seed, the same draw")
    sp.add_argument(
        "--pool",
        choices=sampling.POOLS,
        default=sampling.EXITED,
        help="抽查范围：已脱贫户、风险消除户或两者 / exited, risk-eliminated or both",
    )
    sp.add_argument("--list", action="store_true", help="历次抽查 / past draws")
    sp.add_argument("--json", action="store_true")

    sp = add("monitor-queue", "待县级审定的监测 / monitoring awaiting the county", monitor_queue)
    sp.add_argument("--village", help="村代码 / village code")
    sp.add_argument("--json", action="store_true")

    sp = add("monitor-decide", "县级审定监测 / the county's monitoring decision", monitor_decide)
    sp.add_argument("household", help="户 id 或户编号 / household id or number")
    how = sp.add_mutually_exclusive_group(required=True)
    how.add_argument("--approve", action="store_true", help="审定通过 / approve")
    how.add_argument("--reject", action="store_true", help="不予通过 / reject")
    sp.add_argument("--date", type=_date, help="审定日期 / date (YYYY-MM-DD)")
    sp.add_argument("--reason", default="", help="说明 / note")
    sp.add_argument("--override-cadre", help="书面放行的干部 / cadre overriding")
    sp.add_argument("--override-reason", help="书面放行理由 / written override reason")

    sp = add("dashboard", "全县看板 / county dashboard", dashboard_)
    where = sp.add_mutually_exclusive_group()
    where.add_argument("--village", help="下钻到村 / drill down to a village")
    where.add_argument("--household", help="下钻到户 / drill down to a household")
    sp.add_argument("--year", type=int, help="评估年度 / assessment year")
    sp.add_argument(
        "--no-refresh",
        action="store_true",
        help="不重算，显示保存的数字（过时的会注明）/ show the kept figures at once, "
        "stale ones marked",
    )
    sp.add_argument("--json", action="store_true")


def open_county(args: argparse.Namespace) -> Store:
    store = open_store(args)
    try:
        require_county(store)
    except UserError:
        store.close()
        raise
    return store


def villages(args: argparse.Namespace) -> int:
    if args.silent_days is not None and args.silent_days < 0:
        raise UserError("天数不能为负", "The number of days cannot be negative", code="invalid")
    with open_county(args) as store:
        rows = ledger.ledger(store)
    if args.silent_days is not None:
        rows = ledger.silent(rows, args.silent_days)
    if args.json:
        emit_json([r.as_json() for r in rows])
    else:
        print(show.ledger_table(rows))
        say(f"共 {len(rows)} 个村 / {len(rows)} villages")
    return OK


def queue(args: argparse.Namespace) -> int:
    after = pages.parse_key(args.after) if args.after else None
    with open_county(args) as store:
        page = review.page(
            store,
            context(store, args),
            village=args.village,
            number=args.page,
            after=after,
            size=args.page_size,
        )
    if args.json:
        emit_json(page.as_json())
        return OK
    print(show.queue_table(page.rows))
    say(show.page_line(page))
    return OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为 YYYY-MM-DD / a date YYYY-MM-DD: {text}"
        ) from None


def _override(store: Store, args: argparse.Namespace) -> Override | None:
    if not (args.override_cadre or args.override_reason):
        return None
    if not (args.override_cadre and args.override_reason):
        raise UserError(
            "书面放行须同时给出干部和理由。",
            "An override needs both the cadre and the written reason.",
            code="invalid",
        )
    return Override(cadre_id(store, args.override_cadre), args.override_reason)


def monitor_queue(args: argparse.Namespace) -> int:
    with open_county(args) as store:
        rows = monitor.queue(store, village=args.village)
    if args.json:
        emit_json(rows)
    else:
        print(show.monitor_table(rows))
        say(f"待县级审定 {len(rows)} 户 / {len(rows)} households awaiting the county")
    return OK


def monitor_decide(args: argparse.Namespace) -> int:
    with open_county(args) as store:
        step = monitor.decide(
            store,
            args.household,
            args.approve,
            on=args.date,
            override=_override(store, args) if args.approve else None,
            note=args.reason,
        )
    verdict = "审定通过 / approved" if step.outcome == "pass" else "不予通过 / rejected"
    say(
        f"已记录县级审定（{verdict}），将随该村的回传数据包发给工作队。\n"
        "The county's decision is recorded; it goes to the team in the village's next "
        "return bundle."
    )
    return OK


def decide(args: argparse.Namespace) -> int:
    with open_county(args) as store:
        override = _override(store, args)
        row = review.decide(
            store,
            args.household,
            args.decision,
            args.reason,
            village=args.village,
            ctx=context(store, args),
            override=override,
        )
    if args.decision == review.CERTIFY:
        say(
            f"已认定退出（已脱贫），记入审计日志，将随该村的回传数据包发给工作队。\n"
            f"Exit certified ({row.status}), audited; it goes to the team in the village's "
            "next return bundle."
        )
    else:
        say(
            "已退回（未脱贫），理由已记录，将随该村的回传数据包发给工作队。\n"
            "Rejected (back to not exited); the reason is recorded and goes to the team in "
            "the village's next return bundle."
        )
    return OK


def conflicts(args: argparse.Namespace) -> int:
    with open_county(args) as store:
        rows = ledger.open_conflicts(store, village=args.village)
    if args.json:
        emit_json(rows)
    else:
        print(show.conflict_table(rows))
        say(
            f"待处理冲突 {len(rows)} 处;处理:povdesk resolve --db D ID --value JSON\n"
            f"{len(rows)} open conflicts; resolve with povdesk resolve --db D ID --value JSON"
        )
    return OK


def sample(args: argparse.Namespace) -> int:
    with open_county(args) as store:
        if args.list:
            past = sampling.draws(store)
            if args.json:
                emit_json(past)
            else:
                print(show.draws_table(past))
            return OK
        if args.seed is None:
            raise UserError(
                "请用 --seed 给出随机种子（如抽查日期），以便复核。",
                "Give a seed with --seed (e.g. the day's date), so the draw can be repeated.",
                code="invalid",
            )
        drawn = sampling.draw(store, args.percent, args.seed, pool=args.pool)
    if args.json:
        emit_json(
            [
                {
                    "draw": d.draw,
                    "village_code": d.village_code,
                    "village": d.village,
                    "exited": d.exited,
                    "households": [{"id": i, "number": n} for i, n in d.households],
                }
                for d in drawn
            ]
        )
    else:
        print(show.sample_table(drawn))
    picked = sum(len(d.households) for d in drawn)
    say(f"抽取 {picked} 户(已记录)/ {picked} households drawn (recorded)")
    return OK


def dashboard_(args: argparse.Namespace) -> int:
    with open_county(args) as store:
        ctx = context(store, args)
        if args.household:
            data = dashboard.household(store, args.household, ctx)
            if args.json:
                emit_json(data)
            else:
                print(show.household_text(data, args.lang))
            return OK
        if args.village:
            rows = dashboard.village(store, args.village, ctx)
            if args.json:
                emit_json(rows)
            else:
                print(show.village_table(rows, args.lang))
            return OK
        if args.no_refresh:
            whole = dashboard.county(store, ctx, refresh=False).as_json()
        else:
            with Progress("正在重算各村数字", "Recomputing the village figures") as bar:
                whole = dashboard.county(store, ctx, on_village=bar).as_json()
    if args.json:
        emit_json(whole)
    else:
        print(show.county_text(whole, args.lang))
    if whole["stale_villages"]:
        say(show.stale_line(whole["stale_villages"]))
    return OK
