"""监测对象公示 (domain.md §7): the village notice of households proposed for inclusion
in monitoring against return to poverty (识别), or proposed for 风险消除.

The notice is public, and §7 says it must not show ID numbers, phone numbers, bank
accounts or health conditions. What it shows, per household: the head's name, the ID
number masked by the store's configured pattern (as the exit notice does, so namesakes
are told apart), the village group, the household size, the monitoring type and (for
风险消除) the date the household was included. It never shows the risk types: 因病 and
因残 are health conditions, and printing the others while leaving those out would show
them by their absence. No income figure, no measure, no override reason either.

A household is on the notice when its current procedure has a passed village democratic
review: a lead (待识别) for 识别, a household under monitoring for 风险消除 (the review is
the village's proposal). The 风险消除 notice announces only households the elimination
guard lets through today (`povdesk.rules.monitoring.elimination_verdict`): those meeting
every §7 condition, or whose failing conditions the proposal's written override covers.
The override is for the county (it is a finding on the household's record), never on the
board; a household left out is counted in the notice's foot and named to the cadre.
"""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable, Spacer

from exports.pdf import page
from exports.pdf.notice import PUBLIC_HEADS, LeftOut, period, public_cells, stamped
from exports.pdf.source import Village, code, date, version
from povdesk.codes import MonitorPhase, MonitorStep, MonitorType, StepOutcome
from povdesk.errors import UserError
from povdesk.models import MonitoringRecordData
from povdesk.rules.elimination import elimination_verdict
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.monitoring import current_record, phase_of, procedure

MIN_DAYS = 5  # domain.md §7: the village notice, at least 5 days (the setting may ask more)
WHAT = {
    MonitorPhase.IDENTIFY.value: "拟纳入防止返贫监测对象",
    MonitorPhase.ELIMINATE.value: "拟标注风险消除的监测对象",
}


def phase(kind: str) -> str:
    """识别 / 风险消除 (or identify / eliminate) as the procedure's code."""
    if kind in ("识别", "identify", "识别纳入"):
        return MonitorPhase.IDENTIFY.value
    if kind in ("风险消除", "eliminate", "消除"):
        return MonitorPhase.ELIMINATE.value
    raise UserError(
        f"未知的公示类型：{kind}（可选：识别、风险消除）",
        f"Unknown kind of monitoring notice: {kind} (识别 identify or 风险消除 eliminate)",
        code="invalid",
    )


def least_days(village: Village) -> int:
    return least_of(village.ctx.monitor.notice_days)


def least_of(notice_days: int) -> int:
    """The fewest days, given the configured notice days (never under §7's five)."""
    return max(MIN_DAYS, notice_days)


def check_days(village: Village, days: int) -> None:
    check_least(least_days(village), days)


def check_least(least: int, days: int) -> None:
    if days < least:
        raise UserError(
            f"监测对象公示期不能少于 {least} 天（现为 {days} 天）。",
            f"A monitoring notice must be posted for at least {least} days (got {days}).",
            code="invalid",
        )


def _reviewed(file: HouseholdFile, record: MonitoringRecordData) -> bool:
    """The record's current procedure has a passed village democratic review."""
    return any(
        s.step == MonitorStep.VILLAGE_REVIEW.value and s.outcome == StepOutcome.PASSED.value
        for s in procedure(file, record)
    )


def choose(
    village: Village, files: list[HouseholdFile], kind: str
) -> tuple[list[HouseholdFile], list[LeftOut]]:
    """The households this notice announces, and those a 风险消除 notice leaves out."""
    chosen: list[HouseholdFile] = []
    left: list[LeftOut] = []
    for f in files:
        record = current_record(f)
        if record is None or phase_of(record) != kind or not _reviewed(f, record):
            continue
        if kind == MonitorPhase.IDENTIFY.value:
            chosen.append(f)
            continue
        verdict = elimination_verdict(f, village.ctx, record, as_of=village.ctx.today)
        if verdict.allowed:
            chosen.append(f)
            continue
        found = verdict.open
        left.append(
            LeftOut(
                f.household.number,
                f"尚有 {len(found)} 项不符合风险消除条件：" + "；".join(x.zh for x in found),
                f"{len(found)} condition(s) for risk elimination fail: "
                + "; ".join(x.en for x in found),
            )
        )
    return chosen, left


def left_out_note(left: list[LeftOut]) -> str:
    """Counts only: the reasons may be health or income, which the board never shows."""
    if not left:
        return ""
    return (
        f"另有 {len(left)} 户已经村级民主评议提出风险消除，但经核查目前尚不符合风险消除条件，"
        "未列入本次公示。"
    )


def section(
    village: Village,
    files: list[HouseholdFile],
    kind: str,
    start: dt.date,
    days: int,
    left: list[LeftOut] | None = None,
) -> page.Section:
    check_days(village, days)
    what = WHAT[kind]
    left = left or []
    if not files:
        if left:
            numbers = [x.number for x in left]
            raise UserError(
                f"{village.name}没有可以公示的{what}：{len(left)} 户尚不符合风险消除条件，"
                f"不能公示（户编号：{'、'.join(numbers)}）。",
                f"{village.name} has no household this notice may announce: {len(left)} do "
                f"not meet the conditions for risk elimination ({', '.join(numbers)}).",
                code="nothing_to_print",
            )
        raise UserError(
            f"{village.name}没有经村级民主评议的{what}，无需公示。",
            f"{village.name} has no household past the village review to post ({kind}).",
            code="nothing_to_print",
        )
    title = f"{village.name}{what}公示"
    rev = version(
        [f.household for f in files],
        [m for f in files for m in f.members],
        [r for f in files for r in f.monitors],
        [s for f in files for s in f.monitor_steps],
    )
    record = page.Record(f"monitor-notice-{kind}", village.village.id, rev, title, village.name)
    story_ = story(village, files, kind, start, days, title)
    if left:
        story_.append(page.para(left_out_note(left), page.SMALL))
    return page.Section(record, story_)


def story(
    village: Village,
    files: list[HouseholdFile],
    kind: str,
    start: dt.date,
    days: int,
    title: str,
) -> list[Flowable]:
    width = page.frame_width()
    identify = kind == MonitorPhase.IDENTIFY.value
    step = (
        "经农户申请或干部走访排查、部门筛查预警，入户核实，农户签署授权承诺书，村级民主评议"
        if identify
        else "经入户核实、村级民主评议"
    )
    intro = (
        f"根据防止返贫动态监测和帮扶有关规定，{step}，现将{village.place}{WHAT[kind]}"
        f"名单予以公示（共 {len(files)} 户）。{period(village, start, days)}"
    )
    heads: list[object] = [*PUBLIC_HEADS, "监测对象类型"]
    ratio: tuple[int, ...] = (6, 11, 21, 12, 9, 20)
    if not identify:
        heads.append("纳入监测时间")
        ratio = (*ratio, 17)
    rows: list[list[object]] = [heads]
    for i, f in enumerate(files, 1):
        record = current_record(f)
        assert record is not None  # choose() took only households with a record
        row: list[object] = [i, *public_cells(village, f), code(MonitorType, record.type)]
        if not identify:
            row.append(date(record.identified_on))
        rows.append(row)
    closing = (
        "公示期满无异议的，报乡镇审核、县级审定后纳入监测，落实针对性帮扶措施。"
        if identify
        else "公示期满无异议的，报乡镇审核、县级审定后标注风险消除；风险消除后继续跟踪，"
        "如再出现风险，及时重新纳入监测。"
    )
    return [
        page.title(title),
        page.para(intro),
        page.grid(rows, [width * r / sum(ratio) for r in ratio]),
        Spacer(1, 6),
        page.para(closing),
        Spacer(1, 18),
        *stamped(village, start),
        *page.sign_off(["村党组织书记", "村委会主任"], width),
        page.para(
            "身份证号码按规定隐去中间位数；公示内容不含电话号码、银行账户、健康状况、"
            "风险类型及收入明细。",
            page.SMALL,
        ),
    ]
