"""`povdesk monitor event`: a serious illness, a disaster or an accident befell a
household (domain.md §7). The candidate scan reads these for a year; nobody comes or
goes, so they are not the members dialog's arrivals and departures."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import Any

from povdesk.cli.commands import OK, open_store, say
from povdesk.codes import LifeEventKind
from povdesk.errors import UserError
from povdesk.services.members import HARDSHIPS


def add_parser(
    msub: argparse._SubParsersAction[Any], db: Callable[[argparse.ArgumentParser], None]
) -> None:
    words = " / ".join(k.zh for k in sorted(HARDSHIPS, key=lambda k: k.value))
    sp = msub.add_parser("event", help="登记突发事件 / record an illness, disaster or accident")
    db(sp)
    sp.add_argument("household")
    sp.add_argument("--kind", required=True, help=words)
    sp.add_argument("--member", help="成员姓名或 ID（灾害可不填）/ the member, by name or id")
    sp.add_argument("--date", help="日期（默认今天）/ date (default today)")
    sp.add_argument("--note", default="", help="说明 / what happened")
    sp.set_defaults(func=event)


def day(text: str | None, what_zh: str, what_en: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(
            f"{what_zh}格式不对（应为 2025-06-30 这样的日期）：{text}",
            f"The {what_en} is not a date like 2025-06-30: {text}",
            code="invalid",
        ) from None


def event(args: argparse.Namespace) -> int:
    on = day(args.date, "日期", "date") or dt.date.today()
    with open_store(args) as store:
        hh = store.households.get(args.household)
        member_id = None
        if args.member:
            found = [
                m
                for m in store.members.of(hh.id, present_only=True)
                if args.member.strip() in (m.id, m.name)
            ]
            if len(found) != 1:
                raise UserError(
                    f"户 {hh.number} 没有唯一的成员“{args.member}”。",
                    f"Household {hh.number} has no single member “{args.member}”.",
                    code="not_found",
                )
            member_id = found[0].id
        row = store.members.hardship(hh.id, args.kind, on, member_id=member_id, note=args.note)
    kind = LifeEventKind.parse(row.kind)
    say(f"已登记：户 {hh.number} {on} {kind.zh} / recorded: {kind.en}, {on}")
    return OK
