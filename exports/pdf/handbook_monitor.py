"""The handbook's monitoring page (domain.md §7): every monitoring spell of the household,
its procedure steps, and the measures taken against each risk.

The handbook is the household's own book, kept in the home: it shows the risk types
(因病, 因残 among them) as it shows the members' health, unmasked, as the rest of the
handbook does. An override reason is not printed here either: it is the county's."""

from __future__ import annotations

import datetime as dt

from reportlab.platypus import Flowable, Spacer

from exports.pdf import page
from exports.pdf.source import code, codes_text, date, value, yuan
from povdesk.codes import (
    LeadSource,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    RiskType,
    StepOutcome,
)
from povdesk.models import MeasureData, MonitoringRecordData
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.monitoring import steps_of

HEADING = "九、防止返贫监测"


def monitoring(file: HouseholdFile) -> list[Flowable]:
    """The page, or nothing for a household never monitored."""
    if not file.monitors:
        return []
    out: list[Flowable] = [page.heading(HEADING)]
    records = sorted(file.monitors, key=lambda r: (r.lead_date, r.rev))
    for n, record in enumerate(records, 1):
        out += _record(file, record, n)
    return out


def _record(file: HouseholdFile, record: MonitoringRecordData, n: int) -> list[Flowable]:
    width = page.frame_width()
    items = [
        ("监测对象类型", code(MonitorType, record.type)),
        ("监测状态", code(MonitorState, record.state)),
        ("风险类型", codes_text(RiskType, record.risks)),
        ("线索来源", code(LeadSource, record.lead_source)),
        ("发现日期", date(record.lead_date)),
        ("授权承诺日期", date(record.consent_date) or "未签署"),
        ("纳入监测日期", date(record.identified_on)),
        ("风险消除日期", date(record.eliminated_on)),
    ]
    steps: list[list[object]] = [["程序", "步骤", "日期", "结果", "经办人或单位", "说明"]]
    for s in steps_of(file, record):
        note = s.note
        if s.step == MonitorStep.VILLAGE_NOTICE.value and s.notice_end is not None:
            note = f"公示至{date(s.notice_end)}" + (f"；{note}" if note else "")
        if s.per_capita_income is not None:
            note = f"核实人均纯收入 {yuan(s.per_capita_income)} 元" + (f"；{note}" if note else "")
        steps.append(
            [
                code(MonitorPhase, s.phase),
                code(MonitorStep, s.step),
                date(s.date),
                code(StepOutcome, s.outcome),
                s.actor,
                note,
            ]
        )
    out: list[Flowable] = [
        page.para(f"第 {n} 次监测（{date(record.lead_date)} 发现）", page.BODY),
        page.pairs(items, width),
        Spacer(1, 4),
    ]
    if len(steps) > 1:
        ratio = (10, 14, 16, 8, 18, 34)
        out.append(page.grid(steps, [width * r / sum(ratio) for r in ratio]))
    out += _measures(file, record)
    return out


def _measures(file: HouseholdFile, record: MonitoringRecordData) -> list[Flowable]:
    """Measures against each of the record's risks (a measure naming no risk last)."""
    width = page.frame_width()
    mine = [m for m in file.measures if m.monitoring_id == record.id]
    if not mine:
        return [page.para("本次监测尚无针对性帮扶措施。", page.SMALL)]
    order = {r: i for i, r in enumerate(record.risks)}
    last = len(order)
    mine.sort(key=lambda m: (order.get(m.risk or "", last), m.year, m.start or dt.date.min, m.rev))
    rows: list[list[object]] = [["针对风险", "帮扶措施", "金额（元）", "开始日期", "状态"]]
    for m in mine:
        rows.append(
            [
                code(RiskType, m.risk) if m.risk else "综合",
                m.content,
                yuan(m.cost),
                date(m.start),
                value(MeasureData, "status", m),
            ]
        )
    ratio = (14, 44, 14, 16, 12)
    return [Spacer(1, 4), page.grid(rows, [width * r / sum(ratio) for r in ratio]), Spacer(1, 8)]
