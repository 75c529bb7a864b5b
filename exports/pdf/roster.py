"""村级台账 (village roster and fund ledger summary), landscape, filed by the county: every
household with its status and readiness, then the funds by household and source and by
category. Every total is summed in integer fen from the ledger's own entries
(reversals included), so the paper adds up to the ledger to the fen."""

from __future__ import annotations

from collections import defaultdict

from reportlab.platypus import Flowable, PageBreak

from exports.pdf import page
from exports.pdf.source import Village, code, date, file_version, yuan
from povdesk.codes import FundSource, HouseholdCategory, HouseholdStatus, MeasureCategory
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.readiness import VERDICTS

TITLE = "村级台账"
BOLD_LAST = [("BACKGROUND", (0, -1), (-1, -1), page.HEADER_GREY)]


def section(village: Village, files: list[HouseholdFile]) -> page.Section:
    rev = max((file_version(f) for f in files), default=0)
    record = page.Record("roster", village.village.id, rev, TITLE, village.name)
    story = [
        page.title(f"{village.name}贫困户花名册及资金台账"),
        page.para(f"{village.place}  评估年度：{village.ctx.year}", page.SMALL),
        *households(village, files),
        PageBreak(),
        *funds(files),
        *page.sign_off(["制表人", "审核人"], page.frame_width(wide=True)),
    ]
    return page.Section(record, story)


def households(village: Village, files: list[HouseholdFile]) -> list[Flowable]:
    width = page.frame_width(wide=True)
    heads = [
        "序号",
        "户编号",
        "户主",
        "村民小组",
        "人口",
        "贫困户属性",
        "状态",
        "达到退出标准",
        "阻止退出问题",
        "帮扶责任人",
        "最近走访",
    ]
    rows: list[list[object]] = [list(heads)]
    for i, f in enumerate(files, 1):
        check = village.check(f)
        pairing = f.current_pairing(village.ctx.today)
        cadre = village.cadres.get(pairing.cadre_id) if pairing else None
        last = max((v.at for v in f.visits), default=None)
        blocking = "；".join(x.zh for x in check.readiness.blocking)
        rows.append(
            [
                i,
                f.household.number,
                check.head_name,
                f.household.group,
                check.size,
                code(HouseholdCategory, f.household.category),
                code(HouseholdStatus, f.household.status),
                VERDICTS[check.readiness.verdict][2],
                blocking or "无",
                cadre.name if cadre else "未结对",
                date(last),
            ]
        )
    ratio = (4, 15, 7, 7, 4, 11, 7, 7, 20, 8, 10)
    return [
        page.heading(f"一、贫困户花名册（共 {len(files)} 户）"),
        page.grid(rows, [width * r / sum(ratio) for r in ratio]),
    ]


def funds(files: list[HouseholdFile]) -> list[Flowable]:
    width = page.frame_width(wide=True)
    entries = [e for f in files for e in f.funds]
    total = sum(e.amount for e in entries)
    sources = [s for s in FundSource if any(e.source == s.value for e in entries)]
    by_source: dict[str, int] = defaultdict(int)
    rows: list[list[object]] = [["户编号", "户主", *[s.zh for s in sources], "合计（元）"]]
    for f in files:
        if not f.funds:
            continue
        mine: dict[str, int] = defaultdict(int)
        for e in f.funds:
            mine[e.source] += e.amount
            by_source[e.source] += e.amount
        head = f.head
        rows.append(
            [
                f.household.number,
                head.name if head else "",
                *[yuan(mine[s.value]) if mine[s.value] else "" for s in sources],
                yuan(sum(mine.values())),
            ]
        )
    rows.append(["合计", "", *[yuan(by_source[s.value]) for s in sources], yuan(total)])
    n = len(sources)
    unit = width / (15 + 7 + 10 * n + 11)
    money_right = [("ALIGN", (2, 1), (-1, -1), "RIGHT")]  # amounts line up on the fen
    table = page.grid(
        rows, [15 * unit, 7 * unit, *[10 * unit] * n, 11 * unit], extra=BOLD_LAST + money_right
    )

    by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in entries:
        by_cat[e.category][0] += 1
        by_cat[e.category][1] += e.amount
    cats: list[list[object]] = [["用途类别", "笔数", "金额（元）"]]
    cats += [
        [code(MeasureCategory, k), n_, yuan(amount)] for k, (n_, amount) in sorted(by_cat.items())
    ]
    cats.append(["合计", len(entries), yuan(total)])
    reversals = sum(1 for e in entries if e.reverses_id is not None)
    return [
        page.heading("二、到户资金（按户和资金来源）"),
        page.para("金额单位：元，含冲销分录（冲销为负数）。", page.SMALL),
        table,
        page.heading("三、到户资金（按用途类别）"),
        page.grid(
            cats,
            [width * 0.4, width * 0.2, width * 0.4],
            extra=[*BOLD_LAST, ("ALIGN", (1, 1), (-1, -1), "RIGHT")],
        ),
        page.para(
            f"台账共 {len(entries)} 笔（其中冲销 {reversals} 笔），合计 {yuan(total)} 元。",
        ),
    ]
