"""`povdesk summary`: the village (or county) summary: households by status, readiness,
fake exits and eliminations, shortfalls, key groups, measures and funds."""

from __future__ import annotations

import argparse

from povdesk.cli.commands import OK, context, label, open_store
from povdesk.cli.render import emit_json
from povdesk.codes import Dimension, HouseholdStatus, KeyGroup, labels
from povdesk.money import yuan
from povdesk.rules.standards import gaps


def summary(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        ctx = context(store, args)
        # From the stored checks that are current; the rest are checked now (issue 17).
        s = store.stored.summary(ctx)
        home = store.villages.home()
        funds = store.funds.total()
        meta = store.meta()
    # A county store has no home village: it is named by its own name and county code.
    data = {
        "village": home.name if home else meta.get("name", ""),
        "code": home.code if home else meta.get("area_code", ""),
        "assessment_year": ctx.year,
        **s.__dict__,
        "funds_total": funds,
        "standard_gaps": [g.as_dict() for g in gaps(ctx)],
        "labels": {
            "status": labels(HouseholdStatus, s.by_status),
            "dimension": labels(Dimension, s.shortfalls),
            "key_group": labels(KeyGroup, s.key_groups),
        },
    }
    if args.json:
        emit_json(data)
        return OK
    zh = args.lang == "zh"
    status_lines = [
        f"  {HouseholdStatus.parse(k).label(args.lang)}: {v}" for k, v in s.by_status.items() if v
    ]
    short = [f"  {Dimension.parse(k).label(args.lang)}: {v}" for k, v in s.shortfalls.items()]
    groups = [f"  {label(KeyGroup, k, args.lang)}: {v}" for k, v in s.key_groups.items()]
    title = (
        f"{data['village']}（{data['code']}）{ctx.year} 年度概况"
        if zh
        else f"{data['village']} ({data['code']}) summary for {ctx.year}"
    )
    print(
        "\n".join(
            [
                title,
                (
                    f"户数 {s.households}，在户人口 {s.members}"
                    if zh
                    else f"{s.households} households, {s.members} people"
                ),
                "按状态 / by status:",
                *status_lines,
                (
                    f"达到退出标准 {s.ready} 户；拟退出但未达标 {s.proposed_not_ready} 户；"
                    f"已脱贫但有问题（疑似虚假脱贫）{s.false_exits} 户"
                    if zh
                    else f"meet the exit standard: {s.ready}; proposed but not ready: "
                    f"{s.proposed_not_ready}; exited with a shortfall (possible fake exit): "
                    f"{s.false_exits}"
                ),
                *(
                    [
                        f"缺少 {ctx.year} 年度标准、暂无法判断能否退出 {s.undetermined} 户"
                        if zh
                        else f"cannot be judged until the {ctx.year} standard is set: "
                        f"{s.undetermined}"
                    ]
                    if s.undetermined
                    else []
                ),
                (
                    f"已标记风险消除但不符合条件（疑似虚假消除）{s.false_eliminations} 户；"
                    f"书面放行风险消除 {s.elimination_overrides} 户"
                    if zh
                    else "marked risk eliminated with a condition failing (possible false "
                    f"elimination): {s.false_eliminations}; eliminations let through by an "
                    f"override: {s.elimination_overrides}"
                ),
                "短板（户数）/ shortfalls (households):",
                *short,
                "四类重点人群（户数）/ key groups (households):",
                *groups,
                (
                    f"逾期措施 {s.overdue_measures} 项；书面放行 {s.overrides} 次；"
                    f"资金合计 {yuan(funds)} 元"
                    if zh
                    else f"overdue measures: {s.overdue_measures}; overrides: {s.overrides}; "
                    f"funds disbursed: {yuan(funds)} yuan"
                ),
            ]
        )
    )
    return OK
