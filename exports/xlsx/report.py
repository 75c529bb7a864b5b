"""`povdesk report --xlsx`: the county's workbook, one village after another.

Sheets: 花名册 (households and members in the national system's column layout, the same
headers roster import reads, so the sheet can be imported again), 问题清单 (every finding),
资金台账 (the fund ledger, with its total), 村汇总 (a line per village, with totals), 监测对象
and 监测预警 (monitoring against return to poverty: exports/xlsx/monitoring.py), 说明.
The roster is the first sheet because roster import reads the first one.

Totals are sums of integer fen written once as exact yuan, never Excel formulas over
rounded cells: the ledger's total, the villages' totals and the store's own total agree to
the fen. The roster carries ID numbers and phones in full (the national system needs
them): the workbook is an internal record, not a notice to be posted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from exports.xlsx import monitoring
from exports.xlsx.cells import Col, Sheet
from povdesk.codes import (
    Dimension,
    HouseholdStatus,
    Relation,
    Severity,
    StoreRole,
)
from povdesk.fields import spec
from povdesk.models import FundEntryData, VillageData
from povdesk.roster.columns import COLUMNS, ORDER, Column
from povdesk.roster.export import format_cell
from povdesk.roster.routing import CODE_HEADER, NAME_HEADERS
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.standards import gaps, notice
from povdesk.services.checks import HouseholdCheck
from povdesk.store import Store

ROSTER, FINDINGS, LEDGER, SUMMARY, NOTES = "花名册", "问题清单", "资金台账", "村汇总", "说明"
ROSTER_KIND = {"money": "money", "date": "date", "int": "int", "float": "float"}
TEXT_WIDTH = {"证件号码": 22, "户编号": 20, "联系电话": 14}
# After the national columns: the household's village, so a county-wide sheet imports
# back into the right villages (with their names) whatever its 户编号 look like.
VILLAGE_COLS = (Col(CODE_HEADER, width=14), Col(NAME_HEADERS[0]))
FINDING_COLS = (
    Col("村代码", width=14),
    Col("村名"),
    Col("户编号", width=20),
    Col("户主"),
    Col("问题代码", width=22),
    Col("维度"),
    Col("阻止退出"),
    Col("级别"),
    Col("说明", width=60),
)
LEDGER_COLS = (
    Col("日期", "date"),
    Col("村名"),
    Col("户编号", width=20),
    Col("户主"),
    Col("帮扶措施", width=30),
    Col("资金来源", width=16),
    Col("用途类别", width=14),
    Col("金额（元）", "money"),
    Col("凭证号"),
    Col("冲销"),
    Col("记账人"),
    Col("摘要", width=30),
)
# The ledger's coded columns, shown as the field kinds show them (a code the list does
# not know shows itself instead of stopping the report).
SOURCE, CATEGORY = spec(FundEntryData, "source"), spec(FundEntryData, "category")
STATUSES = (HouseholdStatus.POOR, HouseholdStatus.PROPOSED, HouseholdStatus.EXITED)
SUMMARY_COLS = (
    Col("村代码", width=14),
    Col("村名"),
    Col("乡（镇）"),
    Col("户数", "int"),
    Col("人数", "int"),
    *(Col(f"{s.zh}户数", "int") for s in STATUSES),
    Col("其他状态户数", "int"),
    Col("有阻止退出问题的户数", "int"),
    Col("问题条数", "int"),
    Col("资金合计（元）", "money"),
)


@dataclass
class ReportCounts:
    villages: int = 0
    households: int = 0
    members: int = 0
    findings: int = 0
    fund_entries: int = 0
    fund_total: int = 0  # fen
    per_village: list[dict[str, Any]] = field(default_factory=list)


def write_report(store: Store, path: Path, *, year: int | None = None) -> ReportCounts:
    """Write the workbook to `path` (the caller makes that atomic); returns what it holds."""
    wb = Workbook(write_only=True)
    wb.properties.title = "povdesk 县级报表"
    wb.properties.creator = "povdesk"
    roster = Sheet(wb, ROSTER, [*(_roster_col(COLUMNS[h]) for h in ORDER), *VILLAGE_COLS])
    findings = Sheet(wb, FINDINGS, FINDING_COLS)
    ledger = Sheet(wb, LEDGER, LEDGER_COLS)
    summary = Sheet(wb, SUMMARY, SUMMARY_COLS)
    monitored, warnings = monitoring.sheets(wb)
    counts = ReportCounts()
    totals: Counter[str] = Counter()
    for village in store.villages.all():
        ctx = store.config.context(year=year, village_code=village.code)
        files = store.households.files(village_id=village.id)
        checks = [store.checks.check_file(f, ctx) for f in files]
        for f in files:
            _roster_rows(roster, f, village)
        _finding_rows(findings, village, checks)
        fen = _ledger_rows(ledger, village, files)
        monitoring.record_rows(monitored, village, files, checks)
        found = store.monitoring.candidates(ctx=ctx, village_id=village.id)
        monitoring.candidate_rows(warnings, village, list(found))
        line = _summary_row(village, files, checks, fen)
        summary.append(line)
        totals.update(dict(zip([c.header for c in SUMMARY_COLS[3:]], line[3:], strict=True)))
        counts.villages += 1
        counts.per_village.append({"code": village.code, "name": village.name, "fen": fen})
    counts.households = totals["户数"]
    counts.members = totals["人数"]
    counts.findings = findings.rows
    counts.fund_entries = ledger.rows
    counts.fund_total = totals["资金合计（元）"]
    ledger.append(["", "合计", "", "", "", "", "", counts.fund_total, "", "", "", ""], total=True)
    summary.append(["", "合计", "", *(totals[c.header] for c in SUMMARY_COLS[3:])], total=True)
    _notes(wb, store, year, counts)
    wb.save(path)
    return counts


def _roster_col(c: Column) -> Col:
    return Col(c.header, ROSTER_KIND.get(c.kind, "text"), TEXT_WIDTH.get(c.header))


def _roster_rows(sheet: Sheet, file: HouseholdFile, village: VillageData) -> None:
    """One row per present member, head first; household columns and the latest income
    only on the head's row, as the national system exports them (and import reads them)."""
    income = max(file.incomes, key=lambda i: i.year) if file.incomes else None
    members = sorted(file.present, key=lambda m: m.relation != Relation.HEAD.value)
    columns = [COLUMNS[h] for h in ORDER]
    for m in members:
        head = m.relation == Relation.HEAD.value
        sources: dict[str, Any] = {"member": m, "household": file.household, "income": income}
        row: list[Any] = []
        for c in columns:
            source = sources[c.entity]
            if source is None or (c.household_level and not head and not c.required):
                row.append(None)
                continue
            value = getattr(source, c.field)
            row.append(value if c.kind in ROSTER_KIND else format_cell(c, value))
        sheet.append([*row, village.code, village.name])


def _finding_rows(sheet: Sheet, village: VillageData, checks: list[HouseholdCheck]) -> None:
    for check in checks:
        for f in check.findings:
            sheet.append(
                [
                    village.code,
                    village.name,
                    check.household.number,
                    check.head_name,
                    f.code,
                    Dimension.parse(f.dimension).zh,
                    "是" if f.blocking else "否",
                    Severity.parse(f.severity).zh,
                    f.zh,
                ]
            )


def _ledger_rows(sheet: Sheet, village: VillageData, files: list[HouseholdFile]) -> int:
    """The village's entries by date; returns their sum in fen."""
    total = 0
    entries = []
    for file in files:
        head = file.head.name if file.head else ""
        measures = {m.id: m.content for m in file.measures}
        for e in file.funds:
            entries.append((e.date, file.household.number, e.rev, head, measures, e))
    for date, number, _rev, head, measures, e in sorted(entries, key=lambda x: x[:3]):
        sheet.append(
            [
                date,
                village.name,
                number,
                head,
                measures.get(e.measure_id or "", ""),
                SOURCE.display(e.source),
                CATEGORY.display(e.category),
                e.amount,
                e.voucher,
                "冲销" if e.reverses_id else "",
                e.recorded_by,
                e.note,
            ]
        )
        total += e.amount
    return total


def _summary_row(
    village: VillageData, files: list[HouseholdFile], checks: list[HouseholdCheck], fen: int
) -> list[Any]:
    status = Counter(f.household.status for f in files)
    listed = [status[s.value] for s in STATUSES]
    return [
        village.code,
        village.name,
        village.township,
        len(files),
        sum(f.size for f in files),
        *listed,
        len(files) - sum(listed),
        sum(1 for c in checks if c.blocking_count),
        sum(len(c.findings) for c in checks),
        fen,
    ]


def _notes(wb: Workbook, store: Store, year: int | None, counts: ReportCounts) -> None:
    ws = wb.create_sheet(NOTES)
    ws.column_dimensions["A"].width = 100
    ctx = store.config.context(year=year)
    assessed = ctx.year
    # A missing standard is said once, here, to whoever reads the report (domain.md §8).
    found = notice(gaps(ctx), county=store.role is StoreRole.COUNTY)
    if found is not None:
        ws.append([found[0]])
    for line in (
        "povdesk 县级报表（内部资料：花名册含完整证件号码和电话，不得张贴公示或外传）",
        f"生成时间：{dt.datetime.now().strftime('%Y-%m-%d %H:%M')}；评估年度：{assessed}",
        f"村 {counts.villages} 个，户 {counts.households} 户，人 {counts.members} 人，"
        f"问题 {counts.findings} 条，资金分录 {counts.fund_entries} 笔。",
        "金额单位为元，保留两位小数，由以分为单位的整数换算，合计精确到分。",
        "“花名册”表与花名册导入的列相同，可直接用 povdesk roster import 导入。",
        "“监测对象”表每条监测记录一行（含风险类型，因病、因残属健康信息，不得张贴公示），"
        "“监测预警”表列出收入、支出和家庭变故预警提示的户及原因。",
    ):
        ws.append([line])
