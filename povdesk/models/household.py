"""The household record (建档立卡户), its status history, exit overrides, life events."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from povdesk.codes import (
    DangerGrade,
    Fuel,
    HouseholdCategory,
    HouseholdStatus,
    HousingStructure,
    IdStandard,
    LifeEventKind,
    PovertyCause,
    RebuildStatus,
    Relocation,
    RoadType,
)
from povdesk.fields import Sensitivity, fld
from povdesk.models.base import Synced


class HouseholdData(Synced):
    village_id: str = Field(foreign_key="village.id", index=True, max_length=32)
    number: str = fld("户编号", "Household no.", "", roster="户编号", index=True)
    group: str = fld("村民小组", "Village group", "", roster="村民小组")
    address: str = fld("详细地址", "Address", "")
    phone: str = fld("联系电话", "Phone", "", sensitive=Sensitivity.PHONE, roster="联系电话")
    bank_name: str = fld("开户银行", "Bank", "", sensitive=Sensitivity.BANK)
    bank_account: str = fld("银行账号", "Bank account", "", sensitive=Sensitivity.BANK)
    id_standard: str | None = fld(
        "识别标准", "Identification standard", codes=IdStandard, roster="识别标准"
    )
    category: str | None = fld(
        "贫困户属性",
        "Household category",
        codes=HouseholdCategory,
        sensitive=Sensitivity.WELFARE,
        roster="贫困户属性",
    )
    identified_year: int | None = fld("识别年度", "Year identified", roster="识别年度")
    planned_exit_year: int | None = fld("计划脱贫年度", "Planned exit year")
    status: str = fld(
        "脱贫属性",
        "Status",
        HouseholdStatus.POOR.value,
        codes=HouseholdStatus,
        roster="脱贫属性",
        index=True,
    )
    military_family: bool = fld("是否军烈属", "Military or martyr family", False)
    main_cause: str | None = fld(
        "主要致贫原因", "Main cause of poverty", codes=PovertyCause, roster="主要致贫原因"
    )
    secondary_causes: list[str] = fld(
        "次要致贫原因",
        "Secondary causes",
        codes=PovertyCause,
        multi=True,
        roster="次要致贫原因",
        default_factory=list,
        sa_type=JSON,
    )
    # 生产生活条件
    land_cultivated: float = fld("耕地面积", "Cultivated land", 0.0, unit="亩")
    land_irrigated: float = fld("有效灌溉面积", "Irrigated land", 0.0, unit="亩")
    land_forest: float = fld("林地面积", "Forest land", 0.0, unit="亩")
    coop_member: bool = fld("是否加入农民专业合作社", "Cooperative member", False)
    road_km: float | None = fld("与村主干路距离", "Distance to trunk road", unit="公里")
    road_type: str | None = fld("入户路类型", "Access road", codes=RoadType)
    housing_area: float | None = fld("住房面积", "Housing area", unit="平方米", roster="住房面积")
    housing_structure: str | None = fld("住房结构", "Housing structure", codes=HousingStructure)
    danger_grade: str | None = fld(
        "危房等级", "Dangerous-house grade", codes=DangerGrade, roster="危房等级"
    )
    rebuild_status: str | None = fld("危房改造进度", "House rebuild", codes=RebuildStatus)
    electricity: bool = fld(
        "是否通生活用电", "Household electricity", True, roster="是否通生活用电"
    )
    radio_tv: bool = fld("是否通广播电视", "Radio and TV", True)
    water_difficult: bool = fld(
        "饮水是否困难", "Drinking water difficult", False, roster="饮水是否困难"
    )
    water_safe: bool | None = fld("饮水是否安全", "Drinking water safe", roster="饮水是否安全")
    fuel: str | None = fld("主要燃料类型", "Main fuel", codes=Fuel)
    sanitary_toilet: bool = fld("有无卫生厕所", "Sanitary toilet", False)
    relocation: str = fld("易地扶贫搬迁", "Relocation", Relocation.NONE.value, codes=Relocation)
    relocation_place: str = fld("安置地点", "Resettled at", "")
    relocation_keys: bool = fld("是否已交钥匙", "Keys received", False)
    note: str = fld("备注", "Notes", "")


class Household(HouseholdData, table=True):
    __tablename__ = "household"
    __table_args__ = (UniqueConstraint("village_id", "number", name="uq_household_number"),)


class StatusRecordData(Synced):
    """Yearly status history: one row per change; the newest row is the current status."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    year: int = fld("年度", "Year", 0)
    status: str = fld("状态", "Status", HouseholdStatus.POOR.value, codes=HouseholdStatus)
    date: dt.date = fld("日期", "Date", default_factory=dt.date.today)
    reason: str = fld("说明", "Reason", "")
    decided_by: str = fld("决定人", "Decided by", "")
    override_id: str | None = Field(default=None, foreign_key="exit_override.id", max_length=32)


class StatusRecord(StatusRecordData, table=True):
    __tablename__ = "status_record"


class ExitOverrideData(Synced):
    """A written, attributed decision to let an exit pass despite blocking findings.

    Overrides are themselves findings the county sees: they never hide a problem.
    """

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    year: int = fld("年度", "Year", 0)
    cadre_id: str = Field(foreign_key="cadre.id", max_length=32)
    reason: str = fld("书面理由", "Written reason", "")
    finding_codes: list[str] = fld(
        "被放行的问题", "Overridden findings", kind="json", default_factory=list, sa_type=JSON
    )
    date: dt.date = fld("日期", "Date", default_factory=dt.date.today)


class ExitOverride(ExitOverrideData, table=True):
    __tablename__ = "exit_override"


class LifeEventData(Synced):
    """Birth, death, marriage, moving, split/merge: recorded, never deleted."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    member_id: str | None = Field(default=None, foreign_key="member.id", max_length=32)
    kind: str = fld("事件", "Event", LifeEventKind.BIRTH.value, codes=LifeEventKind)
    date: dt.date = fld("日期", "Date", default_factory=dt.date.today)
    other_household_id: str | None = Field(default=None, max_length=32)
    note: str = fld("说明", "Note", "")


class LifeEvent(LifeEventData, table=True):
    __tablename__ = "life_event"
