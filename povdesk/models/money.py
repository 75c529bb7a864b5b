"""Income, assistance measures and the fund ledger. All money is integer fen."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from povdesk.codes import FundSource, MeasureCategory, MeasureStatus, RiskType
from povdesk.fields import Sensitivity, fld, money
from povdesk.models.base import Synced


class IncomeData(Synced):
    """上年度收入 for one household and one year, by component."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    year: int = fld("收入年度", "Income year", 0, roster="收入年度")
    wages: int = money("工资性收入", "Wages", roster="工资性收入")
    public_post_wages: int = money("其中：公益岗位工资", "of which public-welfare job pay")
    production: int = money("生产经营性收入", "Farm and business income", roster="生产经营性收入")
    property: int = money("财产性收入", "Property income", roster="财产性收入")
    asset_dividend: int = money("其中：资产收益分红", "of which asset-income dividends")
    transfer_family_planning: int = money("计划生育金", "Family-planning payments")
    transfer_dibao: int = money("低保金", "Minimum living allowance")
    transfer_tekun: int = money("特困供养金", "Destitute support")
    transfer_pension: int = money("养老金", "Pension")
    transfer_eco: int = money("生态补偿金", "Ecological compensation")
    transfer_other: int = money("其他转移性收入", "Other transfers", roster="转移性收入")
    production_costs: int = money("生产经营性支出", "Production costs", roster="生产经营性支出")
    # 刚性支出 (domain.md §7): what the household itself paid that year, after
    # reimbursement. Health costs say something about health: kept as sensitive as health.
    # Not roster columns: the national roster has none for them.
    expense_medical: int = money("医疗自付支出", "Medical costs paid", sensitive=Sensitivity.HEALTH)
    expense_school: int = money("教育支出", "School costs")


class Income(IncomeData, table=True):
    __tablename__ = "income"
    __table_args__ = (UniqueConstraint("household_id", "year", name="uq_income_year"),)


TRANSFER_FIELDS = (
    "transfer_family_planning",
    "transfer_dibao",
    "transfer_tekun",
    "transfer_pension",
    "transfer_eco",
    "transfer_other",
)


class MeasureData(Synced):
    """帮扶措施: what is done for a household, by whom, with which money, acknowledged."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    year: int = fld("年度", "Year", 0)
    category: str = fld("措施类别", "Category", MeasureCategory.OTHER.value, codes=MeasureCategory)
    content: str = fld("帮扶内容", "Content", "")
    cost: int = money("金额", "Cost", sensitive=None)
    fund_source: str | None = fld("资金来源", "Funding source", codes=FundSource)
    responsible_unit: str = fld("责任单位", "Responsible unit", "")
    cadre_id: str | None = Field(default=None, foreign_key="cadre.id", max_length=32)
    start: dt.date | None = fld("开始日期", "Start date")
    due: dt.date | None = fld("计划完成日期", "Due date")
    done: dt.date | None = fld("完成日期", "Completed on")
    status: str = fld("状态", "Status", MeasureStatus.PLANNED.value, codes=MeasureStatus)
    evidence: str = fld("佐证材料", "Evidence", "")
    acknowledged: bool = fld("户主签字确认", "Acknowledged by head", False)
    acknowledged_on: dt.date | None = fld("确认日期", "Acknowledged on")
    # A measure taken for a monitoring object names the record and the risk it answers.
    # No foreign key: adding one to a table that others reference means rebuilding it
    # in SQLite; the monitoring service checks the record belongs to the household.
    monitoring_id: str | None = Field(default=None, index=True, max_length=32)
    risk: str | None = fld("针对风险", "Against risk", codes=RiskType)


class Measure(MeasureData, table=True):
    __tablename__ = "measure"


class FundEntryData(Synced):
    """资金台账: append-only. A mistake is corrected by a reversing entry, never an edit."""

    household_id: str | None = Field(
        default=None, foreign_key="household.id", index=True, max_length=32
    )
    measure_id: str | None = Field(
        default=None, foreign_key="measure.id", index=True, max_length=32
    )
    # Negative only in a reversing entry, which the ledger writes itself.
    amount: int = money("金额", "Amount", sensitive=None, negative=True)
    date: dt.date = fld("日期", "Date", default_factory=dt.date.today)
    source: str = fld("资金来源", "Funding source", FundSource.FISCAL.value, codes=FundSource)
    category: str = fld("用途类别", "Category", MeasureCategory.OTHER.value, codes=MeasureCategory)
    voucher: str = fld("凭证号", "Voucher no.", "")
    recorded_by: str = fld("记账人", "Recorded by", "")
    reverses_id: str | None = Field(default=None, foreign_key="fund_entry.id", max_length=32)
    note: str = fld("摘要", "Note", "")


class FundEntry(FundEntryData, table=True):
    __tablename__ = "fund_entry"
