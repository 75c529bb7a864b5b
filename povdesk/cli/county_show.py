"""Plain-text tables for the county commands (county_cmd.py); JSON needs none of this."""

from __future__ import annotations

import datetime as dt
from typing import Any

from povdesk.cli.render import table
from povdesk.codes import (
    Dimension,
    FundSource,
    HouseholdStatus,
    KeyGroup,
    MeasureCategory,
    label,
)
from povdesk.county.pages import Page
from povdesk.county.sampling import Drawn
from povdesk.county.villages import VillageLedger
from povdesk.money import yuan
from povdesk.rules.readiness import VERDICTS


def ledger_table(rows: list[VillageLedger]) -> str:
    return table(
        (
            "村代码 code",
            "村 village",
            "户 hh",
            "包 bundles",
            "最新 last",
            "缺 gaps",
            "制作 made",
            "收到 received",
            "天 days",
        ),
        [
            (
                r.code,
                r.name,
                r.households,
                r.bundles,
                r.last_seq or "",
                ",".join(map(str, r.gaps)),
                _date(r.last_made),
                r.last_at.date().isoformat() if r.last_at else "从未 never",
                "" if r.silent_days is None else r.silent_days,
            )
            for r in rows
        ],
    )


def _date(at: dt.datetime | None) -> str:
    # The calendar day in UTC, as the "received" column beside it shows it.
    return at.date().isoformat() if at else ""


def queue_table(rows: list[dict[str, Any]]) -> str:
    return table(
        (
            "村 village",
            "户编号 no.",
            "户主 head",
            "阻止项 blocking",
            "可认定 certifiable",
            "走访 visits",
            "照片 photos",
            "放行 overrides",
        ),
        [
            (
                r["village_code"],
                r["number"],
                r["head"],
                r["blocking_open"],
                _certifiable(r),
                r["visits"],
                r["photos"],
                len(r["overrides"]),
            )
            for r in rows
        ],
    )


def page_line(page: Page) -> str:
    """Where this page is in the queue, and how to reach the next one."""
    line = (
        f"第 {page.number} / {page.pages} 页，共 {page.total} 户待审核"
        f" / page {page.number} of {page.pages}, {page.total} households to review"
    )
    if page.has_next and page.last_key is not None:
        after = "/".join(page.last_key)
        line += f"\n下一页 / next page: --after {after}"
    return line


def monitor_table(rows: list[dict[str, Any]]) -> str:
    """The county's monitoring queue (povdesk.county.monitoring.queue)."""
    return table(
        (
            "村 village",
            "户编号 no.",
            "户主 head",
            "程序 procedure",
            "类型 type",
            "乡镇审核 township",
            "核查 check",
        ),
        [
            (
                r["village_code"],
                r["number"],
                r["head"],
                r["phase_zh"],
                r["type_zh"],
                r["township_on"],
                "通过 ok" if r["allowed"] else "；".join(x["zh"] for x in r["reasons"]),
            )
            for r in rows
        ],
    )


def _certifiable(r: dict[str, Any]) -> str:
    if r["certifiable"]:
        return "是 yes"
    if r["blocking_open"]:
        return "否 no"
    return "待定 pending"  # only a standard is missing (said above the table)


def conflict_table(rows: list[dict[str, Any]]) -> str:
    return table(
        ("id", "村 village", "户 hh", "类别 kind", "字段 field", "本地 local", "对方 remote"),
        [
            (
                r["id"],
                r["village_code"],
                r["household"],
                r["entity"],
                r["field"],
                r["local"],
                r["remote"],
            )
            for r in rows
        ],
    )


def draws_table(rows: list[dict[str, Any]]) -> str:
    return table(
        ("次 draw", "时间 at", "人 by", "种子 seed", "% ", "户 hh"),
        [(r["draw"], r["at"], r["by"], r["seed"], r["percent"], r["households"]) for r in rows],
    )


def sample_table(drawn: list[Drawn]) -> str:
    return table(
        ("村代码 code", "村 village", "可抽 pool", "抽取 drawn", "户编号 numbers"),
        [
            (
                d.village_code,
                d.village,
                d.exited,
                len(d.households),
                " ".join(n for _, n in d.households),
            )
            for d in drawn
        ],
    )


def village_table(rows: list[dict[str, Any]], lang: str = "zh") -> str:
    sep = "、" if lang == "zh" else ", "
    return table(
        ("户编号 no.", "户主 head", "状态 status", "人 size", "可退出 ready", "短板 shortfalls"),
        [
            (
                r["number"],
                r["head"],
                label(HouseholdStatus, r["status"], lang),
                r["size"],
                VERDICTS[r["verdict"]][2 if lang == "zh" else 3],
                sep.join(label(Dimension, d, lang) for d in r["shortfalls"]),
            )
            for r in rows
        ],
    )


def household_text(d: dict[str, Any], lang: str = "zh") -> str:
    lines = [
        f"户编号 {d['number']}  户主 {d['head']}  状态 {label(HouseholdStatus, d['status'], lang)}"
        f"  人数 {d['size']}",
    ]
    lines += [f"  - {f['zh']} / {f['en']}" for f in d["findings"]]
    lines += [
        f"  {h['date']} {label(HouseholdStatus, h['status'], lang)} {h['reason']} ({h['by']})"
        for h in d["history"]
    ]
    return "\n".join(lines)


def county_text(d: dict[str, Any], lang: str = "zh") -> str:
    statuses = [s.value for s in HouseholdStatus]
    sep = "，" if lang == "zh" else ", "
    # What is missing comes first: every figure below that depends on it is incomplete.
    gaps = [f"缺少标准 / missing standard: {g['zh']} / {g['en']}" for g in d["standard_gaps"]]
    no_reference = any(g["kind"] == "reference_income" for g in d["standard_gaps"])
    seventy = (
        "未设置参考收入，无法计算 / no reference income set: not computed"
        if no_reference
        else str(_sum(d["below_70"], "below_70"))
    )
    parts = [
        *gaps,
        "进度 / progress",
        table(
            (
                "村代码 code",
                "村 village",
                "户 hh",
                *(label(HouseholdStatus, s, lang) for s in statuses),
            ),
            [
                (r["code"], r["name"], r["households"], *(r[s] for s in statuses))
                for r in d["progress"]
            ],
        ),
        "",
        "短板（户数）/ shortfalls (households): "
        + sep.join(f"{label(Dimension, k, lang)} {v}" for k, v in d["shortfall_totals"].items()),
        "四类重点人群（户数）/ key groups (households): "
        + sep.join(f"{label(KeyGroup, k, lang)} {v}" for k, v in d["key_group_totals"].items()),
        f"低于 70%（有劳动力户）/ below 70% (with labour): {seventy}",
        f"逾期措施 / overdue measures: {_sum(d['overdue_measures'], 'overdue_measures')}",
        f"书面放行 / overrides: {len(d['overrides'])}",
        "资金（元）按来源 / funds (yuan) by source: "
        + sep.join(
            f"{label(FundSource, k, lang)} {yuan(v)}" for k, v in d["funds_by_source"].items()
        ),
        "资金（元）按用途 / by category: "
        + sep.join(
            f"{label(MeasureCategory, k, lang)} {yuan(v)}"
            for k, v in d["funds_by_category"].items()
        ),
    ]
    return "\n".join(parts)


def stale_line(codes: list[str]) -> str:
    """Said under a dashboard shown with kept figures that are not current."""
    n = len(codes)
    named = "、".join(codes[:10]) + ("等" if n > 10 else "")
    return (
        f"注意：{n} 个村的数字已过时（标准或数据已变），显示的是上次计算的结果：{named}。"
        "不加 --no-refresh 再运行即重算。\n"
        f"Note: {n} villages' figures are stale (standards or data changed since); shown "
        "as last computed. Run without --no-refresh to recompute them."
    )


def _sum(rows: list[dict[str, Any]], key: str) -> int:
    return sum(int(r[key]) for r in rows)
