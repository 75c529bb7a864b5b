"""A household on one page (read-only): its record with each finding beside the field or
member it concerns, the checklist (两不愁三保障 + 饮水), income against the line, measures
(overdue ones stand out), the fund ledger, visits, attachments and the status history.
Everything shown is computed by the core; this only lays it out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from povdesk import kinds
from povdesk.codes import (
    EXIT_DIMENSIONS,
    CodeList,
    FundSource,
    HouseholdStatus,
    MeasureCategory,
    MeasureStatus,
)
from povdesk.fields import specs
from povdesk.models import AttachmentData, HouseholdData, MemberData
from povdesk.money import yuan
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding
from povdesk.rules.income import standing
from povdesk.rules.measures import is_overdue
from povdesk.rules.readiness import VERDICTS
from povdesk.services.checks import HouseholdCheck
from ui.i18n import pick, tr

HOUSEHOLD_FIELDS = (
    "number",
    "group",
    "category",
    "status",
    "main_cause",
    "housing_area",
    "danger_grade",
    "water_safe",
)
MEMBER_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "relation",
    "school_status",
    "health",
    "labour",
    "ins_medical",
    "ins_serious",
)
CHECKLIST = EXIT_DIMENSIONS  # declared once, in the core
RED = "#b00000"
OVERDUE = "#ffd6d6"


def _value(codes: type[CodeList] | None, value: object, lang: str) -> str:
    """A code (or a list of codes) in words, as the field kinds show it."""
    return kinds.display("code", value, lang, codes)


def _text(f: Finding, lang: str) -> str:
    style = f" style='color:{RED}'" if f.blocking else ""
    mark = "✗" if f.blocking else "·"
    return f"<span{style}>{mark} {escape(pick(lang, f.zh, f.en))}</span>"


def html_table(heads: Iterable[str], rows: list[tuple[list[str], str]]) -> str:
    """`rows`: (escaped cells, background colour or "")."""
    out = ["<table border=1 cellspacing=0 cellpadding=2><tr>"]
    out += [f"<th>{escape(h)}</th>" for h in heads]
    out.append("</tr>")
    for cells, colour in rows:
        bg = f" bgcolor='{colour}'" if colour else ""
        out.append(f"<tr{bg}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def household_html(
    file: HouseholdFile,
    check: HouseholdCheck,
    lang: str = "zh",
    ctx: RuleContext | None = None,
    attachments: list[AttachmentData] | None = None,
) -> str:
    """`ctx` adds income against the line and cadre names; `attachments` a thumbnail
    strip (images come from the text browser's resources under `att:<id>`)."""
    h = file.household
    by_field: dict[str, list[Finding]] = {}
    by_member: dict[str, list[Finding]] = {}
    for f in check.findings:
        if f.member_id:
            by_member.setdefault(f.member_id, []).append(f)
        elif f.field:
            by_field.setdefault(f.field, []).append(f)
    shown: set[int] = set()  # findings already placed beside a field or member

    ready = check.readiness.ready
    title = tr("达到退出标准") if ready else tr("未达到退出标准")
    colour = "#006000" if ready else RED
    if check.readiness.undetermined:  # a setting is missing, not the household's problem
        title, colour = tr("能否退出待定：缺少本年度标准（见窗口顶部的提示）"), "#6b4a00"
    if not check.readiness.registered:  # 一般农户: in the store to be monitored
        title, colour = pick(lang, *VERDICTS["not_registered"][:2]), "#404040"
    parts = [
        f"<h2>{escape(h.number)} {escape(check.head_name)}</h2>",
        f"<p style='color:{colour}'><b>{title}</b></p>",
        "<table>",
    ]
    for s in specs(HouseholdData):
        if s.name not in HOUSEHOLD_FIELDS:
            continue
        value = s.display(getattr(h, s.name), lang)
        beside = by_field.get(s.name, [])
        shown.update(id(f) for f in beside)
        parts.append(
            f"<tr><th align=left>{escape(s.label(lang))}</th>"
            f"<td>{escape(value)}{escape(s.unit or '') if value else ''}</td>"
            f"<td>{' '.join(_text(f, lang) for f in beside)}</td></tr>"
        )
    parts.append("</table>")

    # The checklist: each dimension with its verdict and what holds it back. A household
    # never registered poor is not checked against the exit standard: no ticks that
    # nobody checked (its 三保障 are the risk-elimination guard's, on the monitoring page).
    parts.append(f"<h3>{tr('两不愁三保障及饮水安全')}</h3><table cellpadding=2>")
    if not check.readiness.registered:
        parts.append(
            f"<tr><td>{tr('一般农户不按退出标准逐项核查；监测中的户见下方防返贫监测记录。')}</td></tr>"
        )
    for d in CHECKLIST if check.readiness.registered else ():
        found = [f for f in check.findings if f.dimension is d]
        ok = not any(f.blocking for f in found)
        mark = "<span style='color:#006000'>✔</span>" if ok else f"<b style='color:{RED}'>✘</b>"
        parts.append(f"<tr><td>{mark}</td><th align=left>{escape(d.label(lang))}</th><td>")
        parts.append("<br>".join(_text(f, lang) for f in found))
        parts.append("</td></tr>")
    parts.append("</table>")

    parts.append(f"<h3>{tr('家庭成员')}</h3>")
    member_specs = [s for s in specs(MemberData) if s.name in MEMBER_FIELDS]
    # One paragraph per member, not a ten-column table: the page is half a laptop
    # screen wide, and a table that wide would scroll sideways at a larger font.
    sep = pick(lang, "；", "; ")
    colon = pick(lang, "：", ": ")
    for m in file.present:
        found = by_member.get(m.id, [])
        shown.update(id(f) for f in found)
        facts = [
            f"{escape(s.label(lang))}{colon}<span style='white-space:nowrap'>{escape(v)}</span>"
            for s in member_specs[1:]
            if (v := s.display(getattr(m, s.name), lang))
        ]
        problems = "".join(f"<br>{_text(f, lang)}" for f in found)
        parts.append(f"<p><b>{escape(m.name)}</b>{colon}{sep.join(facts)}{problems}</p>")

    parts += _income(file, lang, ctx)
    parts += _measures(file, lang, ctx)
    parts += _ledger(file, lang)
    parts += _visits(file, lang, ctx)
    if attachments:
        parts.append(f"<h3>{tr('照片与附件')}</h3><p>")
        for a in attachments:
            caption = escape(a.caption or a.filename)
            if a.mime.startswith("image/"):
                parts.append(f"<img src='att:{a.id}' title='{caption}'> ")
            else:
                parts.append(f"📄 {caption} ")
        parts.append("</p>")
    parts += _statuses(file, lang)

    rest = [f for f in check.findings if id(f) not in shown]
    if rest:
        parts.append(f"<h3>{tr('全部问题')}</h3><ul>")
        for f in rest:
            parts.append(f"<li>[{escape(f.dimension.label(lang))}] {_text(f, lang)}</li>")
        parts.append("</ul>")
    return "".join(parts)


def _income(file: HouseholdFile, lang: str, ctx: RuleContext | None) -> list[str]:
    if not file.incomes:
        return [f"<h3>{tr('收入')}</h3><p>{tr('未录入收入')}</p>"]
    rows = []
    for inc in sorted(file.incomes, key=lambda i: i.year, reverse=True):
        line = ctx.poverty_lines.get(inc.year) if ctx else None
        ref = ctx.reference_income(inc.year) if ctx else None
        s = standing(inc, file.size, line, ref)
        below = f"<b style='color:{RED}'>{tr('未超过标准')}</b>"
        verdict = "" if s.above_line is None else (tr("高于标准") if s.above_line else below)
        seventy = "" if s.seventy is None else (tr("达到") if s.seventy else tr("未达到"))
        rows.append(
            (
                [
                    str(inc.year),
                    yuan(s.net),
                    "" if s.per_capita is None else yuan(s.per_capita),
                    "" if line is None else yuan(line),
                    verdict,
                    seventy,
                ],
                "",
            )
        )
    heads = [tr("年度"), tr("家庭纯收入（元）"), tr("人均纯收入（元）"), tr("扶贫标准（元）")]
    heads += [tr("是否高于标准"), tr("参考收入 70%")]
    return [f"<h3>{tr('收入')}</h3>", html_table(heads, rows)]


def _measures(file: HouseholdFile, lang: str, ctx: RuleContext | None) -> list[str]:
    if not file.measures:
        return []
    today = ctx.today if ctx else dt.date.today()
    rows = []
    for m in file.measures:
        cells = [
            str(m.year),
            escape(_value(MeasureCategory, m.category, lang)),
            escape(m.content),
            yuan(m.cost),
            escape(_value(MeasureStatus, m.status, lang)),
            m.due.isoformat() if m.due else "",
            tr("是") if m.acknowledged else "",
        ]
        rows.append((cells, OVERDUE if is_overdue(m, today) else ""))
    heads = [tr("年度"), tr("类别"), tr("内容"), tr("金额（元）"), tr("状态"), tr("计划完成")]
    return [f"<h3>{tr('帮扶措施')}</h3>", html_table([*heads, tr("户主确认")], rows)]


def _ledger(file: HouseholdFile, lang: str) -> list[str]:
    if not file.funds:
        return []
    rows = [
        (
            [
                e.date.isoformat(),
                yuan(e.amount),
                escape(_value(FundSource, e.source, lang)),
                escape(e.voucher),
                escape(e.note),
            ],
            "",
        )
        for e in sorted(file.funds, key=lambda e: (e.date, e.rev))
    ]
    total = sum(e.amount for e in file.funds)
    rows.append(([f"<b>{tr('合计')}</b>", f"<b>{yuan(total)}</b>", "", "", ""], ""))
    heads = [tr("日期"), tr("金额（元）"), tr("来源"), tr("凭证号"), tr("摘要")]
    return [f"<h3>{tr('资金台账')}</h3>", html_table(heads, rows)]


def _visits(file: HouseholdFile, lang: str, ctx: RuleContext | None) -> list[str]:
    if not file.visits:
        return [f"<h3>{tr('走访记录')}</h3><p>{tr('尚无走访记录')}</p>"]
    names = {c.id: c.name for c in ctx.cadres.values()} if ctx else {}
    rows = []
    for v in sorted(file.visits, key=lambda v: v.at, reverse=True):
        who = "、".join(names.get(c, c[:8]) for c in v.cadre_ids)
        rows.append(
            (
                [
                    v.at.astimezone().date().isoformat(),
                    escape(who),
                    escape(v.findings),
                    escape(v.next_steps),
                ],
                "",
            )
        )
    heads = [tr("日期"), tr("走访干部"), tr("发现问题"), tr("下一步措施")]
    return [f"<h3>{tr('走访记录')}</h3>", html_table(heads, rows)]


def _statuses(file: HouseholdFile, lang: str) -> list[str]:
    if not file.statuses:
        return []
    rows = [
        (
            [
                s.date.isoformat(),
                str(s.year),
                escape(_value(HouseholdStatus, s.status, lang)),
                escape(s.reason),
                escape(s.decided_by),
                tr("书面放行") if s.override_id else "",
            ],
            "#fff3c4" if s.override_id else "",
        )
        for s in sorted(file.statuses, key=lambda s: (s.date, s.rev))
    ]
    heads = [tr("日期"), tr("年度"), tr("状态"), tr("说明"), tr("决定人"), tr("放行")]
    return [f"<h3>{tr('状态变化')}</h3>", html_table(heads, rows)]
