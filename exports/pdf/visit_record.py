"""入户走访记录 (visit record, domain.md §5): the paper the cadre and the household head
sign after a visit: who came, why, the checklist as found that day, what was found and
done, and what comes next."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from exports.pdf import page
from exports.pdf.source import Village, code, codes_text, date, label, value, version
from povdesk.codes import ChecklistItem, CheckStatus, VisitPurpose
from povdesk.models import HouseholdData, MemberData, VisitData
from povdesk.rules.facts import HouseholdFile

TITLE = "入户走访记录"


def section(village: Village, file: HouseholdFile, visit: VisitData) -> page.Section:
    record = page.Record("visit", visit.id, version([visit], [file.household]), TITLE, village.name)
    return page.Section(record, story(village, file, visit))


def story(village: Village, file: HouseholdFile, visit: VisitData) -> list[Flowable]:
    h = file.household
    head = file.head
    width = page.frame_width()
    cadres = [village.cadres[c] for c in visit.cadre_ids if c in village.cadres]
    who = "、".join(f"{c.name}（{c.unit}）" if c.unit else c.name for c in cadres)
    header = page.pairs(
        [
            (label(HouseholdData, "number"), h.number),
            (label(MemberData, "name") + "（户主）", head.name if head else ""),
            (label(HouseholdData, "group"), h.group),
            ("家庭人口", f"{file.size} 人"),
            (label(HouseholdData, "address"), h.address),
            (label(HouseholdData, "category"), value(HouseholdData, "category", h)),
            (label(VisitData, "at"), value(VisitData, "at", visit)),
            (label(VisitData, "purposes"), codes_text(VisitPurpose, visit.purposes)),
        ],
        width,
    )
    people = page.pairs([(label(VisitData, "cadre_ids"), who)], width, columns=1)
    rows: list[list[object]] = [["核查项目", "当日核查结果"]]
    for item in ChecklistItem:
        found = visit.checklist.get(item.value, CheckStatus.UNKNOWN.value)
        rows.append([item.zh, code(CheckStatus, found)])
    checklist = page.grid(rows, [width * 0.4, width * 0.6])
    out: list[Flowable] = [
        page.title(TITLE),
        page.para(f"{village.place}  {h.group}", page.SMALL),
        header,
        Spacer(1, 3),
        people,
        page.heading(label(VisitData, "checklist")),
        checklist,
    ]
    for name in ("findings", "actions", "next_steps"):
        text = getattr(visit, name) or "无"
        out += [page.heading(label(VisitData, name)), page.para(text)]
    out += signatures(visit)
    return out


def signatures(visit: VisitData) -> list[Flowable]:
    """Signature lines: the cadre's and the household head's, each with a date."""
    width = page.frame_width()
    day = date(visit.at)
    rows = [
        ["帮扶干部（签字）：", "", "日期：", day],
        ["户主（签字或按手印）：", "", "日期：", ""],
    ]
    return [
        Spacer(1, 14),
        page.grid(
            rows,
            [width * 0.25, width * 0.35, width * 0.1, width * 0.3],
            header=False,
            # Room for a hand-written signature.
            extra=[("TOPPADDING", (0, 0), (-1, -1), 12), ("BOTTOMPADDING", (0, 0), (-1, -1), 12)],
        ),
        page.para("本记录一式两份，户主和帮扶干部各执一份。", page.SMALL),
    ]
