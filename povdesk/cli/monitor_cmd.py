"""`povdesk monitor …`: 防止返贫动态监测 from the command line (domain.md §7).

Candidates the warnings point at, the monitoring records, a new lead, the household's
consent, each procedure step, the village's elimination proposal through the guard, the
guard's verdict without writing, and the configurable figures. Every write goes through
`store.monitoring`, which checks and writes in one transaction: a refused command leaves
the store as it was (exit 2, the reasons in Chinese and English on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from povdesk.audit import jsonable
from povdesk.cli import monitor_event
from povdesk.cli.commands import OK, cadre_id, label, open_store, say
from povdesk.cli.monitor_event import day
from povdesk.cli.render import emit_json, table
from povdesk.codes import (
    CodeList,
    LeadSource,
    MonitorState,
    MonitorStep,
    MonitorType,
    RiskType,
    StepOutcome,
    StoreRole,
)
from povdesk.errors import UserError, read_file
from povdesk.models import MonitoringRecordData
from povdesk.money import to_fen, yuan
from povdesk.rules.candidates import Candidate
from povdesk.rules.findings import Finding
from povdesk.rules.standards import gaps, notice
from povdesk.services.monitoring import MonitoringRow
from povdesk.services.status import Override
from povdesk.store import Store

# --name on the command line -> the MonitorSettings field, with its help text.
SETTINGS = (
    ("margin", "margin_pct", "临界范围（高出监测范围的百分比）/ near-range margin, %"),
    ("drop", "drop_pct", "收入骤减预警（比上年下降的百分比）/ income drop warning, %"),
    ("rigid", "rigid_pct", "刚性支出预警（占纯收入的百分比）/ rigid expenditure, % of net"),
    ("decide_days", "decide_days", "线索办结时限（天）/ days to decide a lead"),
    ("notice_days", "notice_days", "最短公示天数 / shortest village notice, days"),
)


def register(
    sub: argparse._SubParsersAction[Any],
    db: Callable[[argparse.ArgumentParser], None],
) -> None:
    top = sub.add_parser("monitor", help="防止返贫动态监测 / monitoring against return to poverty")
    msub = top.add_subparsers(dest="monitor_command", required=True)

    sp = msub.add_parser("candidates", help="预警的监测候选户 / households the warnings point at")
    db(sp)
    sp.add_argument("--year", type=int, help="评估年度（默认上一年）/ assessment year")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=candidates)

    sp = msub.add_parser("list", help="监测记录 / monitoring records")
    db(sp)
    sp.add_argument("--state", help="只列此状态（待识别、监测中、风险消除等）/ one state")
    sp.add_argument("--overdue", action="store_true", help="逾期未审定的线索 / overdue leads")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=list_)

    sp = msub.add_parser("add", help="添加监测线索 / add a monitoring lead")
    db(sp)
    sp.add_argument("household", help="户 id 或户编号 / household id or number")
    sp.add_argument("--type", required=True, help="脱贫不稳定户 / 边缘易致贫户 / 突发严重困难户")
    sp.add_argument(
        "--risk",
        required=True,
        help="风险类型，可用顿号或逗号分隔（如 因病、因学）/ risk types, comma-separated",
    )
    sp.add_argument("--lead", required=True, help="农户自主申报 / 干部走访排查 / 部门筛查预警")
    sp.add_argument("--date", help="发现日期（默认今天）/ date found (default today)")
    sp.add_argument("--by", default="", help="发现人 / found by")
    sp.add_argument("--note", default="")
    sp.set_defaults(func=add)

    monitor_event.add_parser(msub, db)

    sp = msub.add_parser("consent", help="农户授权承诺书 / the household's signed consent")
    db(sp)
    sp.add_argument("household")
    sp.add_argument("--date", required=True, help="签字日期 / date signed")
    sp.add_argument("--scan", type=Path, help="签字页扫描件 / scan of the signed page")
    sp.set_defaults(func=consent)

    sp = msub.add_parser("step", help="办理一个程序步骤 / record a procedure step")
    db(sp)
    sp.add_argument("household")
    sp.add_argument(
        "--step", required=True, help="入户核实 / 村级民主评议 / 村级公示 / 乡镇审核 / 县级审定"
    )
    sp.add_argument("--date", help="日期（默认今天）/ date (default today)")
    sp.add_argument("--outcome", default="通过", help="通过 / 不通过")
    sp.add_argument("--notice-end", help="公示截止日期 / last day of the notice")
    sp.add_argument(
        "--income", metavar="YUAN", help="入户核实的人均纯收入（元）/ per-capita income found"
    )
    sp.add_argument("--note", default="")
    override_options(sp)
    sp.set_defaults(func=step)

    sp = msub.add_parser("eliminate", help="提出风险消除（经核查）/ propose risk elimination")
    db(sp)
    sp.add_argument("household")
    sp.add_argument("--date", help="评议日期（默认今天）/ date of the village review")
    override_options(sp)
    sp.set_defaults(func=eliminate)

    sp = msub.add_parser("check", help="现在能否标记风险消除 / may the risk be marked eliminated")
    db(sp)
    sp.add_argument("household")
    sp.add_argument("--date", help="按此日期判断（默认今天）/ as of this date")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=check)

    sp = msub.add_parser("settings", help="查看或修改监测参数 / show or set the figures")
    db(sp)
    for flag, _, text in SETTINGS:
        sp.add_argument(
            f"--{flag.replace('_', '-')}", dest=flag, type=int, help=text.replace("%", "%%")
        )  # argparse formats help
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=settings)


def override_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--override-cadre", help="书面放行的干部（id 或姓名）/ cadre overriding")
    sp.add_argument("--override-reason", help="书面放行理由 / written override reason")


# -- parsing ---------------------------------------------------------------------------
def code_of(codes: type[CodeList], text: str, what_zh: str, what_en: str) -> str:
    found = codes.lookup(text)
    if found is None:
        words = "、".join(c.zh for c in codes)
        raise UserError(
            f"未知的{what_zh}：{text}（可选：{words}）",
            f"Unknown {what_en}: {text} (one of: {', '.join(c.zh for c in codes)})",
            code="invalid",
        )
    return str(found.value)


def override_of(store: Store, args: argparse.Namespace) -> Override | None:
    if not (args.override_cadre or args.override_reason):
        return None
    if not (args.override_cadre and args.override_reason):
        raise UserError(
            "书面放行需同时给出干部和理由",
            "An override needs both a cadre and a reason",
            code="invalid",
        )
    return Override(cadre_id(store, args.override_cadre), args.override_reason)


def coded(codes: type[CodeList], value: str | None) -> dict[str, Any]:
    found = codes.lookup(value) if value else None
    return {"code": value, "zh": found.zh if found else "", "en": found.en if found else ""}


def reason(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "zh": f.zh, "en": f.en, "blocking": f.blocking}


# -- reading ---------------------------------------------------------------------------
def candidates(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        ctx = store.config.context(year=args.year)
        found = notice(
            tuple(g for g in gaps(ctx) if g.kind == "monitoring_range"),
            county=store.role is StoreRole.COUNTY,
        )
        if found is not None:
            say(f"povdesk: {found[0]} / {found[1]}")
        count = 0
        # Streamed, one household at a time: a county's scan never sits in a list.
        for c in store.monitoring.candidates(ctx=ctx):
            if args.json:
                sys.stdout.write("[\n" if count == 0 else ",\n")
                sys.stdout.write(json.dumps(jsonable(_candidate(c)), ensure_ascii=False, indent=2))
            else:
                _print_candidate(c, args.lang)
            count += 1
        if args.json:
            sys.stdout.write("\n]\n" if count else "[]\n")
    say(f"共 {count} 户监测候选 / {count} candidate households")
    return OK


def _candidate(c: Candidate) -> dict[str, Any]:
    return {
        "household_id": c.household_id,
        "number": c.number,
        "head": c.head,
        "status": c.status,
        "type": coded(MonitorType, c.type),
        "risks": [coded(RiskType, r) for r in c.risks],
        "reasons": [{"code": f.code, "zh": f.zh, "en": f.en} for f in c.reasons],
    }


def _print_candidate(c: Candidate, lang: str) -> None:
    risks = "、".join(label(RiskType, r, lang) for r in c.risks)
    print(f"{c.number}  {c.head}  {label(MonitorType, c.type, lang)}  {risks}")
    for f in c.reasons:
        print(f"    · {f.zh if lang == 'zh' else f.en}")


def list_(args: argparse.Namespace) -> int:
    state = code_of(MonitorState, args.state, "监测状态", "state") if args.state else None
    with open_store(args) as store:
        rows = store.monitoring.rows()
        rows = [
            r
            for r in rows
            if (state is None or r.record.state == state) and (r.overdue or not args.overdue)
        ]
        data = [_record(store, r) for r in rows]
    if args.json:
        emit_json(data)
        return OK
    zh = args.lang == "zh"
    lang = args.lang
    print(
        table(
            ["户编号", "户主", "类型", "风险", "状态", "发现", "纳入", "消除", "下一步", "逾期"]
            if zh
            else ["No.", "Head", "Type", "Risks", "State", "Lead", "In", "Out", "Next", "Late"],
            [
                [
                    r.number,
                    r.head,
                    label(MonitorType, r.record.type, lang),
                    "、".join(label(RiskType, x, lang) for x in r.record.risks),
                    label(MonitorState, r.record.state, lang),
                    r.record.lead_date,
                    r.record.identified_on or "",
                    r.record.eliminated_on or "",
                    label(MonitorStep, r.next_step, lang),
                    ("是" if zh else "yes") if r.overdue else "",
                ]
                for r in rows
            ],
        )
    )
    say(f"共 {len(rows)} 条监测记录 / {len(rows)} monitoring records")
    return OK


def _record(store: Store, r: MonitoringRow) -> dict[str, Any]:
    rec: MonitoringRecordData = r.record
    overrides = [
        {
            "step": s.step,
            "date": s.date,
            "cadre_id": s.override_cadre_id,
            "reason": s.override_reason,
            "codes": s.override_codes,
        }
        for s in store.monitoring.steps(rec.id)
        if s.override_cadre_id
    ]
    return {
        "id": rec.id,
        "household_id": rec.household_id,
        "number": r.number,
        "head": r.head,
        "type": coded(MonitorType, rec.type),
        "risks": [coded(RiskType, x) for x in rec.risks],
        "lead_source": coded(LeadSource, rec.lead_source),
        "lead_date": rec.lead_date,
        "consent_date": rec.consent_date,
        "state": coded(MonitorState, rec.state),
        "identified_on": rec.identified_on,
        "eliminated_on": rec.eliminated_on,
        "next_step": coded(MonitorStep, r.next_step) if r.next_step else None,
        "overdue": r.overdue,
        "overrides": overrides,
    }


def check(args: argparse.Namespace) -> int:
    on = day(args.date, "日期", "date")
    with open_store(args) as store:
        verdict = store.monitoring.verdict(args.household, on=on)
    data = {
        "allowed": verdict.allowed,
        "overridden": verdict.overridden,
        "overridable": verdict.overridable,
        "reasons": [reason(f) for f in verdict.open],
        "blocking": [reason(f) for f in verdict.blocking],
    }
    if args.json:
        emit_json(data)
        return OK
    if verdict.allowed:
        extra = "（有书面放行）" if verdict.overridden else ""
        extra_en = " (with a written override)" if verdict.overridden else ""
        print(f"可以标记风险消除{extra} / the risk may be marked eliminated{extra_en}")
        return OK
    print("不能标记风险消除 / the risk may not be marked eliminated:")
    for f in verdict.open:
        print(f"  ✗ {f.zh}")
        print(f"    {f.en}")
    return OK


def settings(args: argparse.Namespace) -> int:
    values = {field: getattr(args, flag) for flag, field, _ in SETTINGS}
    values = {k: v for k, v in values.items() if v is not None}
    with open_store(args) as store:
        if values:
            current = store.config.set_monitor_settings(**values)
            say("已保存监测参数 / monitoring figures saved")
        else:
            current = store.config.monitor_settings()
    if args.json:
        emit_json({field: getattr(current, field) for _, field, _ in SETTINGS})
        return OK
    print(table(("参数 figure", "值 value"), [(t, getattr(current, f)) for _, f, t in SETTINGS]))
    return OK


# -- writing ---------------------------------------------------------------------------
def add(args: argparse.Namespace) -> int:
    kind = code_of(MonitorType, args.type, "监测对象类型", "monitoring type")
    risks = [
        code_of(RiskType, r, "风险类型", "risk type")
        for r in args.risk.replace("，", ",").replace("、", ",").split(",")
        if r.strip()
    ]
    lead = code_of(LeadSource, args.lead, "线索来源", "lead source")
    on = day(args.date, "发现日期", "date found")
    with open_store(args) as store:
        rec = store.monitoring.add_lead(
            args.household, type=kind, risks=risks, source=lead, on=on, by=args.by, note=args.note
        )
    t = MonitorType.parse(rec.type)
    say(f"已添加监测线索（{t.zh}），待识别 / lead added ({t.en}), awaiting identification")
    return OK


def consent(args: argparse.Namespace) -> int:
    on = day(args.date, "签字日期", "date signed")
    assert on is not None  # required
    scan = read_file(args.scan, code="invalid") if args.scan is not None else None
    with open_store(args) as store:
        store.monitoring.consent(
            args.household, on, scan=scan, filename=args.scan.name if args.scan else ""
        )
    say(f"已登记农户授权承诺书（{on}）/ consent recorded ({on})")
    return OK


def step(args: argparse.Namespace) -> int:
    code = code_of(MonitorStep, args.step, "步骤", "step")
    outcome = code_of(StepOutcome, args.outcome, "结果", "outcome")
    on = day(args.date, "日期", "date")
    end = day(args.notice_end, "公示截止日期", "notice end")
    income = to_fen(args.income) if args.income is not None else None
    with open_store(args) as store:
        override = override_of(store, args)
        s = store.monitoring.step(
            args.household,
            code,
            on=on,
            actor=args.actor or "",
            outcome=outcome,
            notice_end=end,
            per_capita_income=income,
            note=args.note,
            override=override,
        )
        state = store.monitoring.records(s.household_id)[-1].state
    st, o, now = MonitorStep.parse(s.step), StepOutcome.parse(s.outcome), MonitorState.parse(state)
    said = f"，人均纯收入 {yuan(income)} 元" if income is not None else ""
    said_en = f", {yuan(income)} yuan per person" if income is not None else ""
    say(
        f"已办理{st.zh}：{o.zh}{said}；当前{now.zh}\n"
        f"Recorded the {st.en.lower()}: {o.en.lower()}{said_en}; now {now.en.lower()}"
    )
    return OK


def eliminate(args: argparse.Namespace) -> int:
    on = day(args.date, "日期", "date")
    with open_store(args) as store:
        override = override_of(store, args)
        # Refused: EliminationBlocked names every reason in zh and en (exit 2).
        s = store.monitoring.propose_elimination(
            args.household, on=on, actor=args.actor or "", override=override
        )
    by = "（书面放行）" if s.override_cadre_id else ""
    by_en = " (with a written override)" if s.override_cadre_id else ""
    say(
        f"村级民主评议通过风险消除{by}，待公示、乡镇审核和县级审定\n"
        f"The village review approved the risk elimination{by_en}; the notice, township "
        "review and county decision follow"
    )
    return OK
