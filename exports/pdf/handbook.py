"""扶贫手册 (household handbook, domain.md §5): kept in the home. A front page, then the
members, land and housing, income against the line, the yearly plan with every measure
(and a cell for the head's signature), the results, the visit history and, for a
household ever monitored against return to poverty, its monitoring page."""

from __future__ import annotations

from itertools import groupby

from reportlab.platypus import Flowable, PageBreak, Spacer

from exports.pdf import page
from exports.pdf.handbook_monitor import monitoring
from exports.pdf.source import (
    Village,
    code,
    codes_text,
    date,
    file_version,
    label,
    value,
    yuan,
)
from povdesk.codes import CheckStatus, Dimension, HouseholdStatus, MeasureCategory, VisitPurpose
from povdesk.models import HouseholdData, IncomeData, MeasureData, MemberData, StatusRecordData
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.income import net_above_line, net_income, per_capita_net, transfer_income
from povdesk.rules.readiness import VERDICTS

TITLE = "扶贫手册"

FRONT = ("id_standard", "category", "identified_year", "planned_exit_year", "status")
CAUSES = ("main_cause", "secondary_causes")
CONDITIONS = (
    "land_cultivated",
    "land_irrigated",
    "land_forest",
    "coop_member",
    "road_km",
    "road_type",
    "housing_area",
    "housing_structure",
    "danger_grade",
    "rebuild_status",
    "electricity",
    "radio_tv",
    "water_difficult",
    "water_safe",
    "fuel",
    "sanitary_toilet",
    "relocation",
    "relocation_place",
    "relocation_keys",
)
MEMBER_COLUMNS = (
    "name",
    "sex",
    "relation",
    "id_number",
    "birth_date",
    "education",
    "school_status",
    "health",
    "labour",
    "migrant_months",
    "presence",
)


def section(village: Village, file: HouseholdFile) -> page.Section:
    record = page.Record("handbook", file.household.id, file_version(file), TITLE, village.name)
    return page.Section(record, story(village, file))


def story(village: Village, file: HouseholdFile) -> list[Flowable]:
    return [
        *front(village, file),
        PageBreak(),
        *members(file),
        *conditions(file),
        *incomes(village, file),
        *plan(file),
        *results(village, file),
        *visits(village, file),
        *monitoring(file),
        *page.sign_off(["户主", "帮扶责任人"], page.frame_width()),
    ]


def front(village: Village, file: HouseholdFile) -> list[Flowable]:
    h = file.household
    head = file.head
    width = page.frame_width()
    pairing = file.current_pairing(village.ctx.today)
    cadre = village.cadres.get(pairing.cadre_id) if pairing else None
    items = [
        ("户主姓名", head.name if head else ""),
        (label(HouseholdData, "number"), h.number),
        ("所在村", village.place),
        (label(HouseholdData, "group"), h.group),
        (label(HouseholdData, "address"), h.address),
        ("家庭人口", f"{file.size} 人"),
        *[(label(HouseholdData, n), value(HouseholdData, n, h)) for n in FRONT + CAUSES],
        (label(HouseholdData, "military_family"), value(HouseholdData, "military_family", h)),
    ]
    helper = [
        ("帮扶责任人", cadre.name if cadre else "未结对"),
        ("派出单位", cadre.unit if cadre else ""),
        ("职务", cadre.post if cadre else ""),
        ("联系电话", cadre.phone if cadre else ""),
        ("结对时间", date(pairing.start) if pairing else ""),
        ("村委会电话", village.village.contact_phone),
    ]
    return [
        Spacer(1, 40),
        page.para(TITLE, page.style(30, align=1, leading=40)),
        Spacer(1, 12),
        page.para(f"{village.place}  {h.group}", page.style(14, align=1)),
        Spacer(1, 30),
        page.heading("一、家庭基本情况"),
        page.pairs(items, width, columns=1),
        page.heading("二、帮扶责任人"),
        page.pairs(helper, width, columns=1),
    ]


def members(file: HouseholdFile) -> list[Flowable]:
    width = page.frame_width()
    rows: list[list[object]] = [[label(MemberData, n) for n in MEMBER_COLUMNS]]
    rows += [[value(MemberData, n, m) for n in MEMBER_COLUMNS] for m in file.members]
    ratio = (7, 4, 6, 15, 9, 7, 7, 7, 8, 5, 6)
    return [
        page.heading("三、家庭成员"),
        page.grid(rows, [width * r / sum(ratio) for r in ratio]),
    ]


def conditions(file: HouseholdFile) -> list[Flowable]:
    h = file.household
    items = [(label(HouseholdData, n), value(HouseholdData, n, h)) for n in CONDITIONS]
    return [page.heading("四、生产生活条件"), page.pairs(items, page.frame_width())]


def incomes(village: Village, file: HouseholdFile) -> list[Flowable]:
    width = page.frame_width()
    size = file.size
    heads = [
        label(IncomeData, "year"),
        label(IncomeData, "wages"),
        label(IncomeData, "production"),
        label(IncomeData, "property"),
        "转移性收入",
        label(IncomeData, "production_costs"),
        "家庭纯收入",
        "人均纯收入",
        "扶贫标准",
        "对比结果",
    ]
    rows: list[list[object]] = [list(heads)]
    for inc in file.incomes:
        net = net_income(inc)
        line = village.ctx.poverty_lines.get(inc.year)
        per = yuan(per_capita_net(net, size)) if size else "—"
        if not size or line is None:
            verdict = "无法比较"
        else:
            verdict = "高于标准" if net_above_line(net, size, line) else "未高于标准"
        rows.append(
            [
                inc.year,
                yuan(inc.wages),
                yuan(inc.production),
                yuan(inc.property),
                yuan(transfer_income(inc)),
                yuan(inc.production_costs),
                yuan(net),
                per,
                yuan(line) if line is not None else "",
                verdict,
            ]
        )
    note = f"金额单位：元。人均纯收入 = （各项收入 − 生产经营性支出）÷ 家庭人口（{size} 人）。"
    return [
        page.heading("五、家庭收入"),
        page.grid(rows, [width / len(heads)] * len(heads)),
        page.para(note, page.SMALL),
    ]


def plan(file: HouseholdFile) -> list[Flowable]:
    """Each year's plan: the measures, with a cell the head signs for each."""
    width = page.frame_width()
    out: list[Flowable] = [page.heading("六、帮扶计划与措施")]
    if not file.measures:
        return [*out, page.para("尚无帮扶措施。")]
    if file.household.planned_exit_year:
        out.append(page.para(f"计划脱贫年度：{file.household.planned_exit_year} 年"))
    heads = ["措施类别", "责任单位", "帮扶内容及金额（元）", "实施日期", "状态", "户主签字"]
    ratio = (12, 16, 34, 16, 8, 14)
    for year, group in groupby(sorted(file.measures, key=lambda m: m.year), lambda m: m.year):
        measures = list(group)
        rows: list[list[object]] = [list(heads)]
        for m in measures:
            when = date(m.start) + (f" 至 {date(m.done or m.due)}" if (m.done or m.due) else "")
            signed = f"已于{date(m.acknowledged_on)}确认" if m.acknowledged else ""
            rows.append(
                [
                    code(MeasureCategory, m.category),
                    m.responsible_unit,
                    f"{m.content}；{yuan(m.cost)} 元（{value(MeasureData, 'fund_source', m)}）",
                    when,
                    value(MeasureData, "status", m),
                    signed,
                ]
            )
        total = sum(m.cost for m in measures)
        out += [
            page.para(f"{year} 年度：{len(measures)} 项措施，计划金额合计 {yuan(total)} 元"),
            page.grid(
                rows,
                [width * r / sum(ratio) for r in ratio],
                extra=[("BOTTOMPADDING", (0, 1), (-1, -1), 10)],  # room to sign
            ),
        ]
    return out


def results(village: Village, file: HouseholdFile) -> list[Flowable]:
    width = page.frame_width()
    check = village.check(file)
    latest = file.latest_assessments()
    rows: list[list[object]] = [["项目", "最近核查", "核查日期", "是否达标"]]
    for dim, found in check.readiness.by_dimension.items():
        d = Dimension.parse(dim)
        a = latest.get(dim)
        rows.append(
            [
                d.zh,
                code(CheckStatus, a.status) if a else "",
                date(a.date) if a else "",
                "达标" if not found else "未达标：" + "；".join(f.zh for f in found),
            ]
        )
    history: list[list[object]] = [
        [label(StatusRecordData, n) for n in ("year", "status", "date", "reason")]
    ]
    history += [
        [s.year, code(HouseholdStatus, s.status), date(s.date), s.reason] for s in file.statuses
    ]
    verdict = VERDICTS[check.readiness.verdict][0]
    return [
        page.heading("七、帮扶成效"),
        page.para(f"{village.ctx.year} 年度评估：{verdict}。"),
        page.grid(rows, [width * 0.15, width * 0.15, width * 0.2, width * 0.5]),
        Spacer(1, 6),
        page.para("脱贫状态记录", page.BODY),
        page.grid(history, [width * 0.1, width * 0.15, width * 0.2, width * 0.55]),
    ]


def visits(village: Village, file: HouseholdFile) -> list[Flowable]:
    width = page.frame_width()
    rows: list[list[object]] = [["走访日期", "走访干部", "走访目的", "发现问题", "下一步措施"]]
    for v in sorted(file.visits, key=lambda v: v.at):
        rows.append(
            [
                date(v.at),
                village.cadre_names(v.cadre_ids),
                codes_text(VisitPurpose, v.purposes),
                v.findings,
                v.next_steps,
            ]
        )
    if len(rows) == 1:
        return [page.heading("八、走访记录"), page.para("尚无走访记录。")]
    return [
        page.heading("八、走访记录"),
        page.grid(rows, [width * r for r in (0.14, 0.14, 0.16, 0.3, 0.26)]),
    ]
