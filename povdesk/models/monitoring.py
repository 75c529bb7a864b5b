"""防止返贫动态监测 (domain.md §7): a monitoring record per spell, and its procedure steps.

One record is one spell of monitoring: from the lead (线索) through the county's decision
to include the household, to the county's approval of "risk eliminated". A household
that falls back after elimination gets a new record pointing at the old one
(`previous_id`); its state becomes 风险消除后返回监测 when the county includes it again.
Nothing here is ever deleted: a refused lead stays as 未纳入, and every step is a row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlmodel import Field

from povdesk.codes import (
    LeadSource,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    RiskType,
    StepOutcome,
)
from povdesk.fields import INT64, Sensitivity, fld
from povdesk.models.base import Synced


class MonitoringRecordData(Synced):
    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    type: str = fld("监测对象类型", "Monitoring type", MonitorType.EDGE.value, codes=MonitorType)
    risks: list[str] = fld(
        "风险类型",
        "Risk types",
        codes=RiskType,
        multi=True,
        default_factory=list,
        sa_type=JSON,
    )
    lead_source: str = fld("线索来源", "Lead source", LeadSource.VISIT.value, codes=LeadSource)
    lead_date: dt.date = fld("发现日期", "Found on", default_factory=dt.date.today)
    lead_by: str = fld("发现人", "Found by", "")
    lead_note: str = fld("线索说明", "What was found", "")
    consent_date: dt.date | None = fld("授权承诺日期", "Consent signed on")
    # The scanned, signed 农户授权承诺书. No foreign key: an attachment may name a
    # measure, a measure this record, and the tables would reference each other.
    consent_attachment_id: str | None = Field(default=None, max_length=32)
    state: str = fld(
        "监测状态", "State", MonitorState.PENDING.value, codes=MonitorState, index=True
    )
    identified_on: dt.date | None = fld("纳入日期", "Included on")
    eliminated_on: dt.date | None = fld("风险消除日期", "Risk eliminated on")
    previous_id: str | None = Field(default=None, max_length=32)


class MonitoringRecord(MonitoringRecordData, table=True):
    __tablename__ = "monitoring_record"


class MonitoringStepData(Synced):
    """One procedure step, dated and attributed. `seq` orders a record's steps (two on
    one day keep their order); the phase says which procedure it belongs to."""

    record_id: str = Field(foreign_key="monitoring_record.id", index=True, max_length=32)
    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    phase: str = fld("程序", "Procedure", MonitorPhase.IDENTIFY.value, codes=MonitorPhase)
    step: str = fld("步骤", "Step", MonitorStep.HOME_CHECK.value, codes=MonitorStep)
    seq: int = fld("序号", "No.", 0)
    date: dt.date = fld("日期", "Date", default_factory=dt.date.today)
    actor: str = fld("经办人或单位", "By", "")
    outcome: str = fld("结果", "Outcome", StepOutcome.PASSED.value, codes=StepOutcome)
    notice_end: dt.date | None = fld("公示截止日期", "Notice ends")
    # The per-capita net income found at a home check, a fact the elimination guard reads
    # ("income stable for half a year", domain.md §7); not a yearly income record.
    per_capita_income: int | None = fld(
        "核实人均纯收入",
        "Per-capita income found",
        None,
        kind="money",
        unit="分",
        sensitive=Sensitivity.INCOME,
        sa_type=INT64,
    )
    note: str = fld("说明", "Note", "")
    override_cadre_id: str | None = Field(default=None, foreign_key="cadre.id", max_length=32)
    override_reason: str = fld("书面理由", "Written reason", "")
    override_codes: list[str] = fld(
        "被放行的问题", "Overridden findings", kind="json", default_factory=list, sa_type=JSON
    )


class MonitoringStep(MonitoringStepData, table=True):
    __tablename__ = "monitoring_step"


__all__ = [
    "MonitoringRecord",
    "MonitoringRecordData",
    "MonitoringStep",
    "MonitoringStepData",
]
