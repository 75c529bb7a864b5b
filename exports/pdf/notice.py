"""公示 (public notice, domain.md §3 and §4): the households proposed for exit, or newly
registered, posted on the village board for at least 7 days.

It is public: names, group, household size and the reason, with ID numbers masked by the
store's configured pattern. Nothing else of the record is read into it: no bank account,
no phone, no health detail, no income figure.
"""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable, Spacer

from exports.pdf import page
from exports.pdf.source import Village, code, date, version
from povdesk.codes import HouseholdStatus, PovertyCause
from povdesk.errors import UserError
from povdesk.rules.facts import HouseholdFile

MIN_DAYS = 7  # domain.md §3: village notice, at least 7 days
KINDS = {"exit": "拟退出贫困户", "new": "新识别贫困户"}


def check_days(days: int) -> None:
    if days < MIN_DAYS:
        raise UserError(
            f"公示期不能少于 {MIN_DAYS} 天（现为 {days} 天）。",
            f"A notice must be posted for at least {MIN_DAYS} days (got {days}).",
            code="invalid",
        )


def select(files: list[HouseholdFile], kind: str, year: int) -> list[HouseholdFile]:
    """The village's households for this notice: those proposed for exit, or those
    identified in `year`."""
    if kind == "exit":
        return [f for f in files if f.household.status == HouseholdStatus.PROPOSED.value]
    return [f for f in files if f.household.identified_year == year]


def section(
    village: Village, files: list[HouseholdFile], kind: str, start: dt.date, days: int
) -> page.Section:
    check_days(days)
    what = KINDS[kind]
    if not files:
        raise UserError(
            f"{village.name}没有{what}，无需公示。",
            f"{village.name} has no households to post in this notice ({kind}).",
            code="nothing_to_print",
        )
    title = f"{village.name}{what}公示"
    rev = version([f.household for f in files], [m for f in files for m in f.members])
    record = page.Record(f"notice-{kind}", village.village.id, rev, title, village.name)
    return page.Section(record, story(village, files, kind, start, days, title))


def reason(village: Village, file: HouseholdFile, kind: str) -> str:
    if kind == "new":
        cause = code(PovertyCause, file.household.main_cause)
        return (
            f"经农户申请、民主评议、村级公示识别，主要致贫原因：{cause}" if cause else "经评议识别"
        )
    if village.check(file).readiness.ready:
        return "收入稳定超过扶贫标准，不愁吃、不愁穿，义务教育、基本医疗、住房安全和饮水安全有保障"
    if file.overrides:
        return "经核查尚有未达标项，帮扶干部已书面说明理由"
    return "经核查尚有未达标项，待进一步核实"


def story(
    village: Village,
    files: list[HouseholdFile],
    kind: str,
    start: dt.date,
    days: int,
    title: str,
) -> list[Flowable]:
    width = page.frame_width()
    end = start + dt.timedelta(days=days - 1)
    v = village.village
    contact = v.objection_contact or "村委会"
    phone = f"（电话 {v.contact_phone}）" if v.contact_phone else ""
    step = (
        "经农户申请、村两委和驻村工作队入户核实、民主评议"
        if kind == "exit"
        else "经农户申请、民主评议"
    )
    intro = (
        f"根据精准扶贫、精准脱贫有关规定，{step}，现将{village.place}{KINDS[kind]}"
        f"名单予以公示（共 {len(files)} 户）。公示期为 {date(start)} 至 {date(end)}，共 {days} 天。"
        f"如有异议，请在公示期内向{contact}反映，或到村委会当面反映{phone}。"
    )
    rows: list[list[object]] = [["序号", "户主姓名", "身份证号码", "村民小组", "家庭人口", "理由"]]
    for i, f in enumerate(files, 1):
        head = f.head
        rows.append(
            [
                i,
                head.name if head else "",
                village.mask(head.id_number) if head else "",
                f.household.group,
                f"{f.size} 人",
                reason(village, f, kind),
            ]
        )
    ratio = (6, 11, 21, 10, 9, 43)
    return [
        page.title(title),
        page.para(intro),
        page.grid(rows, [width * r / sum(ratio) for r in ratio]),
        Spacer(1, 18),
        page.para(f"{v.name}村民委员会（盖章）", page.style(11, align=2)),
        page.para(f"驻村工作队      {date(start)}", page.style(11, align=2)),
        page.para(
            "身份证号码按规定隐去中间位数；公示内容不含银行账户、健康及收入明细。", page.SMALL
        ),
    ]
