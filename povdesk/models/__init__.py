"""SQLModel tables. Each `XData` class is the plain data services return; `X` is its table."""

from __future__ import annotations

from sqlalchemy import Table
from sqlmodel import SQLModel

from povdesk.models.base import BOOKKEEPING, Synced, new_id, new_ids, utcnow
from povdesk.models.checks import HouseholdRev, StoredCheck
from povdesk.models.config import (
    MonitoringRange,
    MonitoringRangeData,
    PovertyLine,
    PovertyLineData,
    ReferenceIncome,
    ReferenceIncomeData,
)
from povdesk.models.county import SpotCheck, VillageFigures
from povdesk.models.household import (
    ExitOverride,
    ExitOverrideData,
    Household,
    HouseholdData,
    LifeEvent,
    LifeEventData,
    StatusRecord,
    StatusRecordData,
)
from povdesk.models.journal import AuditEntry, Meta, Tombstone
from povdesk.models.member import Member, MemberData
from povdesk.models.money import (
    TRANSFER_FIELDS,
    FundEntry,
    FundEntryData,
    Income,
    IncomeData,
    Measure,
    MeasureData,
)
from povdesk.models.monitoring import (
    MonitoringRecord,
    MonitoringRecordData,
    MonitoringStep,
    MonitoringStepData,
)
from povdesk.models.sync import SyncBundle, SyncConflict, SyncKey, SyncPeer
from povdesk.models.village import Cadre, CadreData, Pairing, PairingData, Village, VillageData
from povdesk.models.work import (
    Assessment,
    AssessmentData,
    Attachment,
    AttachmentData,
    Visit,
    VisitData,
)

# Synced entity name (its table name) -> (table class, plain data class), in an order
# where every table comes after the ones it references (inserts in this order are safe).
ENTITIES: dict[str, tuple[type[Synced], type[Synced]]] = {
    "village": (Village, VillageData),
    "cadre": (Cadre, CadreData),
    "poverty_line": (PovertyLine, PovertyLineData),
    "reference_income": (ReferenceIncome, ReferenceIncomeData),
    "monitoring_range": (MonitoringRange, MonitoringRangeData),
    "household": (Household, HouseholdData),
    "member": (Member, MemberData),
    "pairing": (Pairing, PairingData),
    "exit_override": (ExitOverride, ExitOverrideData),
    "status_record": (StatusRecord, StatusRecordData),
    "life_event": (LifeEvent, LifeEventData),
    "income": (Income, IncomeData),
    "monitoring_record": (MonitoringRecord, MonitoringRecordData),
    "monitoring_step": (MonitoringStep, MonitoringStepData),
    "measure": (Measure, MeasureData),
    "fund_entry": (FundEntry, FundEntryData),
    "visit": (Visit, VisitData),
    "assessment": (Assessment, AssessmentData),
    "attachment": (Attachment, AttachmentData),
}

metadata = SQLModel.metadata


def table(entity: str) -> Table:
    """The table of a synced entity, for Core statements (no ORM session anywhere)."""
    return ENTITIES[entity][0].__table__  # type: ignore[attr-defined, no-any-return]


__all__ = [
    "BOOKKEEPING",
    "ENTITIES",
    "TRANSFER_FIELDS",
    "Assessment",
    "AssessmentData",
    "Attachment",
    "AttachmentData",
    "AuditEntry",
    "Cadre",
    "CadreData",
    "ExitOverride",
    "ExitOverrideData",
    "FundEntry",
    "FundEntryData",
    "Household",
    "HouseholdData",
    "HouseholdRev",
    "Income",
    "IncomeData",
    "LifeEvent",
    "LifeEventData",
    "Measure",
    "MeasureData",
    "Member",
    "MemberData",
    "Meta",
    "MonitoringRange",
    "MonitoringRangeData",
    "MonitoringRecord",
    "MonitoringRecordData",
    "MonitoringStep",
    "MonitoringStepData",
    "Pairing",
    "PairingData",
    "PovertyLine",
    "PovertyLineData",
    "ReferenceIncome",
    "ReferenceIncomeData",
    "SpotCheck",
    "StatusRecord",
    "StatusRecordData",
    "StoredCheck",
    "SyncBundle",
    "SyncConflict",
    "SyncKey",
    "SyncPeer",
    "Synced",
    "Tombstone",
    "Village",
    "VillageData",
    "VillageFigures",
    "Visit",
    "VisitData",
    "metadata",
    "new_id",
    "new_ids",
    "table",
    "utcnow",
]
