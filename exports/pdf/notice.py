"""公示 (public notice, domain.md §3 and §4): the households proposed for exit, or newly
registered, posted on the village board for at least 7 days.

It is public: names, group, household size and the reason, with ID numbers masked by the
store's configured pattern. Nothing else of the record is read into it: no bank account,
no phone, no health detail, no income figure.

An exit notice announces only households the exit guard lets through for the year
(`povdesk.rules.exit_guard.exit_verdict`): those that meet the standard or whose every
blocking finding carries a written override. A household proposed but not ready is left
out, counted in a note at the foot of the notice, and named to the printing cadre.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from reportlab.platypus import Flowable, Spacer

from exports.pdf import page
from exports.pdf.source import Village, code, date, version
from povdesk.codes import Dimension, HouseholdStatus, PovertyCause
from povdesk.errors import UserError
from povdesk.rules.exit_guard import exit_verdict
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


@dataclass(frozen=True)
class LeftOut:
    """A household kept off an exit notice, and why (for the cadre, never printed)."""

    number: str
    zh: str
    en: str
    dimensions: tuple[str, ...] = ()  # the exit dimensions still short, by code


def choose(
    village: Village, files: list[HouseholdFile], kind: str, year: int, *, named: bool = False
) -> tuple[list[HouseholdFile], list[LeftOut]]:
    """The households this notice announces, and those it leaves out.

    A new-registration notice takes those identified in `year`, or the `named` ones. An
    exit notice takes the proposed households (or the named ones) and announces only
    those the exit guard lets through; a named household that is not proposed is left
    out too, because the notice would say it is.
    """
    if kind != "exit":
        return (files if named else [f for f in files if f.household.identified_year == year]), []
    chosen: list[HouseholdFile] = []
    left: list[LeftOut] = []
    for f in files:
        hh = f.household
        if hh.status != HouseholdStatus.PROPOSED.value:
            if named:
                now = HouseholdStatus.parse(hh.status)
                left.append(
                    LeftOut(
                        hh.number,
                        f"不是拟退出户（当前为{now.zh}）",
                        f"not proposed for exit ({now.en})",
                    )
                )
            continue
        verdict = exit_verdict(f, village.ctx)
        if verdict.allowed:
            chosen.append(f)
            continue
        found = verdict.open
        dims = tuple(dict.fromkeys(x.dimension.value for x in found))
        left.append(
            LeftOut(
                hh.number,
                f"尚有 {len(found)} 项阻止退出的问题：" + "；".join(x.zh for x in found),
                f"{len(found)} finding(s) still block the exit: " + "; ".join(x.en for x in found),
                dims,
            )
        )
    return chosen, left


def left_out_note(left: list[LeftOut]) -> str:
    """The notice's footnote: how many proposed households are not announced and in
    which respects they fall short, in counts only (the notice is public)."""
    if not left:
        return ""
    not_ready = [x for x in left if x.dimensions]
    others = len(left) - len(not_ready)
    not_met = "已拟退出，但经核查尚未达到退出标准，也没有帮扶干部的书面放行理由"
    where = ""
    if not_ready:
        by_dim = Counter(d for x in not_ready for d in x.dimensions)
        where = "、".join(f"{_dimension(d)} {n} 户" for d, n in by_dim.most_common())
    if not others:
        return f"另有 {len(left)} 户{not_met}，未列入本次公示（涉及：{where}）。"
    parts = [f"{len(not_ready)} 户{not_met}（涉及：{where}）"] if not_ready else []
    parts.append(f"{others} 户不是拟退出户")
    return f"另有 {len(left)} 户未列入本次公示：{'；'.join(parts)}。"


def _dimension(value: str) -> str:
    found = Dimension.lookup(value)
    return found.zh if found else value


def section(
    village: Village,
    files: list[HouseholdFile],
    kind: str,
    start: dt.date,
    days: int,
    left: list[LeftOut] | None = None,
) -> page.Section:
    check_days(days)
    what = KINDS[kind]
    left = left or []
    if not files:
        if left:
            numbers = "、".join(x.number for x in left)
            raise UserError(
                f"{village.name}没有可以公示的{what}：{len(left)} 户尚未达到退出标准或不是"
                f"拟退出户，不能公示（户编号：{numbers}）。",
                f"{village.name} has no household this notice may announce: {len(left)} "
                f"are not ready to exit or not proposed ({', '.join(x.number for x in left)}).",
                code="nothing_to_print",
            )
        raise UserError(
            f"{village.name}没有{what}，无需公示。",
            f"{village.name} has no households to post in this notice ({kind}).",
            code="nothing_to_print",
        )
    title = f"{village.name}{what}公示"
    rev = version([f.household for f in files], [m for f in files for m in f.members])
    record = page.Record(f"notice-{kind}", village.village.id, rev, title, village.name)
    story_ = story(village, files, kind, start, days, title)
    if left:
        story_.append(page.para(left_out_note(left), page.SMALL))
    return page.Section(record, story_)


# What a public notice may show of a household (domain.md §4), the exit notice and the
# monitoring notice alike: never a phone, bank account, health detail or income.
PUBLIC_HEADS = ("序号", "户主姓名", "身份证号码", "村民小组", "家庭人口")


def public_cells(village: Village, file: HouseholdFile) -> list[object]:
    """The head's name, the ID number masked as the store says, the group and the size
    (the columns of PUBLIC_HEADS after 序号)."""
    head = file.head
    return [
        head.name if head else "",
        village.mask(head.id_number) if head else "",
        file.household.group,
        f"{file.size} 人",
    ]


def period(village: Village, start: dt.date, days: int) -> str:
    """The notice's period and where to object, one sentence for every notice."""
    v = village.village
    end = start + dt.timedelta(days=days - 1)
    contact = v.objection_contact or "村委会"
    phone = f"（电话 {v.contact_phone}）" if v.contact_phone else ""
    return (
        f"公示期为 {date(start)} 至 {date(end)}，共 {days} 天。"
        f"如有异议，请在公示期内向{contact}反映，或到村委会当面反映{phone}。"
    )


def stamped(village: Village, start: dt.date) -> list[Flowable]:
    """The committee's stamp line and the team's dated line under a notice."""
    return [
        page.para(f"{village.village.name}村民委员会（盖章）", page.style(11, align=2)),
        page.para(f"驻村工作队      {date(start)}", page.style(11, align=2)),
    ]


def reason(village: Village, file: HouseholdFile, kind: str) -> str:
    if kind == "new":
        cause = code(PovertyCause, file.household.main_cause)
        return (
            f"经农户申请、民主评议、村级公示识别，主要致贫原因：{cause}" if cause else "经评议识别"
        )
    if exit_verdict(file, village.ctx).blocking:
        # choose() lets such a household onto the notice only with a written override
        return "经核查尚有未达标项，帮扶干部已书面说明理由"
    return "收入稳定超过扶贫标准，不愁吃、不愁穿，义务教育、基本医疗、住房安全和饮水安全有保障"


def story(
    village: Village,
    files: list[HouseholdFile],
    kind: str,
    start: dt.date,
    days: int,
    title: str,
) -> list[Flowable]:
    width = page.frame_width()
    step = (
        "经农户申请、村两委和驻村工作队入户核实、民主评议"
        if kind == "exit"
        else "经农户申请、民主评议"
    )
    intro = (
        f"根据精准扶贫、精准脱贫有关规定，{step}，现将{village.place}{KINDS[kind]}"
        f"名单予以公示（共 {len(files)} 户）。{period(village, start, days)}"
    )
    rows: list[list[object]] = [[*PUBLIC_HEADS, "理由"]]
    for i, f in enumerate(files, 1):
        rows.append([i, *public_cells(village, f), reason(village, f, kind)])
    ratio = (6, 11, 21, 10, 9, 43)
    return [
        page.title(title),
        page.para(intro),
        page.grid(rows, [width * r / sum(ratio) for r in ratio]),
        Spacer(1, 18),
        *stamped(village, start),
        page.para(
            "身份证号码按规定隐去中间位数；公示内容不含银行账户、健康及收入明细。", page.SMALL
        ),
    ]
