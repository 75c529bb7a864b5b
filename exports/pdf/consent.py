"""农户授权承诺书 (domain.md §7): the household's signed consent to the use of its data
for monitoring against return to poverty, printed for signing at the home check.

Every adult member present signs (a line each, and one spare for a member the record
lacks), then the date. The paper stays with the team and is scanned back as the record's
consent attachment; it shows the head's ID number only masked by the store's pattern
(the one place that applies it), never in full, with room to write it by hand.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from exports.pdf import page
from exports.pdf.source import Village, date, version
from povdesk.codes import MonitorState, Relation
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.groups import age_of
from povdesk.rules.monitoring import current_record

TITLE = "农户授权承诺书"
ADULT = 18

# What the departments verify for the monitoring (domain.md §7: income, property, social
# security, health insurance ...), said as the form says it to the household.
DATA = (
    "家庭成员的收入情况（工资性、经营性、财产性和转移性收入）",
    "家庭财产情况（住房、车辆、存款、经营主体等）",
    "社会保险和社会救助情况（养老保险、低保、特困供养、临时救助等）",
    "医疗保障情况（基本医疗保险、大病保险、医疗救助及医疗费用支出）",
    "教育、住房安全、饮水安全等保障情况",
)


def section(village: Village, file: HouseholdFile) -> page.Section:
    rev = version([file.household], file.members, file.monitors)
    record = page.Record("consent", file.household.id, rev, TITLE, village.name)
    return page.Section(record, story(village, file))


def is_lead(file: HouseholdFile) -> bool:
    """The household has a lead still to decide (待识别): the forms a village prints."""
    record = current_record(file)
    return record is not None and record.state == MonitorState.PENDING.value


def adults(village: Village, file: HouseholdFile) -> list[str]:
    """Names of the present members who sign: adults, and those of unknown age (better
    one line too many than a signature missing)."""
    today = village.ctx.today
    out = []
    for m in sorted(file.present, key=lambda m: m.relation != Relation.HEAD.value):
        age = age_of(m, today)
        if age is None or age >= ADULT:
            out.append(m.name)
    return out


def story(village: Village, file: HouseholdFile) -> list[Flowable]:
    width = page.frame_width()
    h = file.household
    head = file.head
    masked = village.mask(head.id_number) if head else ""
    items = [
        ("户主姓名", head.name if head else ""),
        ("户编号", h.number),
        ("所在村", f"{village.place} {h.group}".strip()),
        ("家庭人口", f"{file.size} 人"),
        ("户主身份证号码", masked or "（请手工填写）"),
        ("承诺日期", "        年      月      日"),
    ]
    data = "".join(f"（{i}）{d}；" for i, d in enumerate(DATA, 1)).rstrip("；") + "。"
    text = [
        f"本户自愿申请（或同意）纳入防止返贫动态监测，授权{village.place}村民委员会、驻村工作队"
        "及乡镇、县级有关部门，在识别监测对象、开展帮扶和风险消除核实期间，查询、核对本户"
        f"以下信息：{data}",
        "上述信息仅用于防止返贫动态监测和帮扶工作，不得用于其他用途；经办人员对查询获得的"
        "信息负有保密义务，不得公开个人身份证号码、电话、银行账户和健康状况等信息。",
        "本户承诺：所提供的家庭人口、收入、财产等情况真实、完整；情况发生变化时及时向村委会"
        "报告；如有隐瞒、虚报，愿意承担相应责任。",
    ]
    rows: list[list[object]] = [["序号", "家庭成员姓名", "本人签字（或按手印）", "签字日期"]]
    names = adults(village, file)
    for i, name in enumerate([*names, ""], 1):
        rows.append([i, name, "", "    年    月    日"])
    ratio = (8, 22, 40, 30)
    signatures = page.grid(
        rows,
        [width * r / sum(ratio) for r in ratio],
        extra=[("TOPPADDING", (0, 1), (-1, -1), 12), ("BOTTOMPADDING", (0, 1), (-1, -1), 12)],
    )
    return [
        page.title(TITLE),
        Spacer(1, 6),
        page.pairs(items, width),
        Spacer(1, 8),
        *[page.para(t) for t in text],
        page.heading("家庭成年成员签字"),
        signatures,
        *page.sign_off(["户主", "村干部或驻村工作队员"], width),
        page.para(
            f"打印日期：{date(village.ctx.today)}。签字后由村委会留存并扫描存档。", page.SMALL
        ),
    ]
