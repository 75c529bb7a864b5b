"""明白卡 (household policy card, domain.md §5): one page posted in the home: who the
paired cadre is and how to reach them, which policies and measures the household
receives and how much, and where to complain."""

from __future__ import annotations

from collections import defaultdict

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepInFrame, Spacer

from exports.pdf import page
from exports.pdf.source import Village, code, date, file_version, label, value, yuan
from povdesk.codes import FundSource, MeasureCategory, MeasureStatus
from povdesk.models import HouseholdData, MeasureData
from povdesk.rules.facts import HouseholdFile

TITLE = "精准扶贫明白卡"
# The national poverty-alleviation supervision hotline (国务院扶贫办监督举报电话).
HOTLINE = "12317"


def section(village: Village, file: HouseholdFile) -> page.Section:
    record = page.Record("card", file.household.id, file_version(file), TITLE, village.name)
    return page.Section(record, story(village, file))


def story(village: Village, file: HouseholdFile) -> list[Flowable]:
    h = file.household
    head = file.head
    width = page.frame_width()
    pairing = file.current_pairing(village.ctx.today)
    cadre = village.cadres.get(pairing.cadre_id) if pairing else None
    about = page.pairs(
        [
            ("户主", head.name if head else ""),
            (label(HouseholdData, "number"), h.number),
            (label(HouseholdData, "group"), h.group),
            ("家庭人口", f"{file.size} 人"),
            (label(HouseholdData, "category"), value(HouseholdData, "category", h)),
            (label(HouseholdData, "status"), value(HouseholdData, "status", h)),
        ],
        width,
    )
    helper = page.pairs(
        [
            ("帮扶责任人", cadre.name if cadre else "未结对"),
            ("派出单位", cadre.unit if cadre else ""),
            ("职务", cadre.post if cadre else ""),
            ("联系电话", cadre.phone if cadre else ""),
        ],
        width,
    )
    rows: list[list[object]] = [["年度", "政策类别", "帮扶内容", "金额（元）", "资金来源", "状态"]]
    live = [m for m in file.measures if m.status != MeasureStatus.CANCELLED.value]
    for m in sorted(live, key=lambda m: (m.year, m.category)):
        rows.append(
            [
                m.year,
                code(MeasureCategory, m.category),
                m.content,
                yuan(m.cost),
                code(FundSource, m.fund_source),
                value(MeasureData, "status", m),
            ]
        )
    ratio = (8, 14, 40, 12, 16, 10)
    measures = page.grid(rows, [width * r / sum(ratio) for r in ratio])
    paid: dict[str, int] = defaultdict(int)
    for f in file.funds:
        paid[f.category] += f.amount
    money: list[list[object]] = [["类别", "已到户资金（元）"]]
    money += [[code(MeasureCategory, k), yuan(v)] for k, v in sorted(paid.items()) if v]
    money.append(["合计", yuan(sum(paid.values()))])
    v = village.village
    complain = [
        f"村委会电话：{v.contact_phone or '（未登记）'}",
        f"村务监督：{v.objection_contact or '（未登记）'}",
        f"全国扶贫监督举报电话：{HOTLINE}",
        "对帮扶措施、资金到户情况有疑问或意见，可向帮扶责任人、村委会反映，也可拨打上述电话举报。",
    ]
    body: list[Flowable] = [
        page.title(TITLE),
        page.para(f"{village.place}  打印日期：{date(village.ctx.today)}", page.SMALL),
        page.heading("一、家庭情况"),
        about,
        page.heading("二、帮扶责任人"),
        helper,
        page.heading("三、享受的政策和帮扶措施"),
        measures if len(rows) > 1 else page.para("尚无帮扶措施。"),
        Spacer(1, 4),
        page.grid(money, [width * 0.5, width * 0.5]),
        page.heading("四、监督与投诉"),
        *[page.para(line) for line in complain],
    ]
    # One page, always: a long list of measures is set smaller rather than run over.
    height = A4[1] - page.MARGIN - page.BOTTOM - 6
    return [KeepInFrame(width, height, body, mode="shrink")]
