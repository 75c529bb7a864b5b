"""The team's field work: checklist assessments, visits and attachments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index
from sqlmodel import Field

from povdesk.codes import AttachmentKind, ChecklistItem, CheckStatus, VisitPurpose
from povdesk.fields import fld
from povdesk.models.base import Synced, utcnow


class AssessmentData(Synced):
    """One checklist dimension as assessed on a date; the newest per dimension holds."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    item: str = fld(
        "核查项目", "Checklist item", ChecklistItem.FOOD_CLOTHING.value, codes=ChecklistItem
    )
    status: str = fld("结果", "Result", CheckStatus.UNKNOWN.value, codes=CheckStatus)
    evidence: str = fld("佐证", "Evidence", "")
    date: dt.date = fld("核查日期", "Assessed on", default_factory=dt.date.today)
    assessor_id: str | None = Field(default=None, foreign_key="cadre.id", max_length=32)
    visit_id: str | None = Field(default=None, foreign_key="visit.id", max_length=32)


class Assessment(AssessmentData, table=True):
    __tablename__ = "assessment"


class VisitData(Synced):
    """入户走访: who came, why, what the checklist looked like that day, what next."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    at: dt.datetime = fld("走访时间", "Visited at", default_factory=utcnow)
    cadre_ids: list[str] = fld(
        "走访干部", "Cadres present", kind="json", default_factory=list, sa_type=JSON
    )
    purposes: list[str] = fld(
        "走访目的", "Purpose", codes=VisitPurpose, multi=True, default_factory=list, sa_type=JSON
    )
    checklist: dict[str, str] = fld(
        "当日核查情况", "Checklist as found", kind="json", default_factory=dict, sa_type=JSON
    )
    findings: str = fld("发现问题", "Findings", "")
    actions: str = fld("开展工作", "What was done", "")
    next_steps: str = fld("下一步措施", "Next steps", "")
    acknowledged: bool = fld("户主签字确认", "Acknowledged by head", False)


class Visit(VisitData, table=True):
    __tablename__ = "visit"
    # Each household's latest visit read from the index alone (the window reads all of
    # them when it opens, for "no visit in N days").
    __table_args__ = (Index("ix_visit_household_at", "household_id", "at"),)


class AttachmentData(Synced):
    """A file stored by content hash beside the database (see povdesk.store.files)."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    visit_id: str | None = Field(default=None, foreign_key="visit.id", max_length=32)
    measure_id: str | None = Field(default=None, foreign_key="measure.id", max_length=32)
    sha256: str = Field(default="", max_length=64, index=True)
    filename: str = fld("文件名", "File name", "")
    mime: str = fld("类型", "Type", "")
    size: int = fld("大小", "Size", 0, unit="字节")
    kind: str = fld("类别", "Kind", AttachmentKind.PHOTO.value, codes=AttachmentKind)
    caption: str = fld("说明", "Caption", "")
    taken_on: dt.date | None = fld("拍摄日期", "Taken on")


class Attachment(AttachmentData, table=True):
    __tablename__ = "attachment"
