"""The report's monitoring sheets (domain.md §7): 监测对象, one row per monitoring record
(every spell, a household fallen back after elimination has two), and 监测预警, the
households the warnings point at, with their reasons.

The flags are the household's own findings (`lead_overdue`, `false_elimination`), so the
sheet and the finding list never disagree; they belong to a household's current record.
Like the rest of the workbook this is internal: risk types (因病, 因残) are shown.
"""

from __future__ import annotations

from openpyxl import Workbook

from exports.xlsx.cells import Col, Sheet
from povdesk.codes import (
    CodeList,
    HouseholdStatus,
    LeadSource,
    MonitorState,
    MonitorStep,
    MonitorType,
    RiskType,
)
from povdesk.kinds import display
from povdesk.models import VillageData
from povdesk.rules.candidates import Candidate
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.monitoring import current_record
from povdesk.rules.procedure import next_step
from povdesk.services.checks import HouseholdCheck

MONITORED, WARNINGS = "监测对象", "监测预警"
RECORD_COLS = (
    Col("村名"),
    Col("户编号", width=20),
    Col("户主"),
    Col("监测对象类型", width=14),
    Col("风险类型", width=20),
    Col("监测状态", width=14),
    Col("线索来源", width=14),
    Col("发现日期", "date"),
    Col("纳入日期", "date"),
    Col("风险消除日期", "date"),
    Col("下一步", width=14),
    Col("线索逾期"),
    Col("疑似虚假风险消除"),
)
CANDIDATE_COLS = (
    Col("村名"),
    Col("户编号", width=20),
    Col("户主"),
    Col("农户状态", width=12),
    Col("建议监测对象类型", width=16),
    Col("可能的风险类型", width=20),
    Col("预警原因", width=60),
)


def sheets(wb: Workbook) -> tuple[Sheet, Sheet]:
    return Sheet(wb, MONITORED, RECORD_COLS), Sheet(wb, WARNINGS, CANDIDATE_COLS)


def _label(codes: type[CodeList], value: str) -> str:
    return display("code", value, "zh", codes)


def record_rows(
    sheet: Sheet, village: VillageData, files: list[HouseholdFile], checks: list[HouseholdCheck]
) -> None:
    flags = {c.household.id: {f.code for f in c.findings} for c in checks}
    for file in files:
        current = current_record(file)
        head = file.head.name if file.head else ""
        codes = flags.get(file.household.id, set())
        for r in sorted(file.monitors, key=lambda r: (r.lead_date, r.rev)):
            now = current is not None and r.id == current.id
            step = next_step(file, r) if now else None
            sheet.append(
                [
                    village.name,
                    file.household.number,
                    head,
                    _label(MonitorType, r.type),
                    display("codes", list(r.risks), "zh", RiskType),
                    _label(MonitorState, r.state),
                    _label(LeadSource, r.lead_source),
                    r.lead_date,
                    r.identified_on,
                    r.eliminated_on,
                    MonitorStep.parse(step).zh if step else "",
                    "是" if now and "lead_overdue" in codes else "",
                    "是" if now and "false_elimination" in codes else "",
                ]
            )


def candidate_rows(sheet: Sheet, village: VillageData, found: list[Candidate]) -> None:
    for c in found:
        sheet.append(
            [
                village.name,
                c.number,
                c.head,
                display("code", c.status, "zh", HouseholdStatus),
                _label(MonitorType, c.type),
                display("codes", list(c.risks), "zh", RiskType),
                "；".join(f.zh for f in c.reasons),
            ]
        )
