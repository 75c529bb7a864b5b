"""家庭成员: one row per person ever in the household; leaving is a life event."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlmodel import Field

from povdesk.codes import (
    Education,
    Ethnicity,
    Health,
    Labour,
    Presence,
    Relation,
    SchoolStatus,
    Sex,
)
from povdesk.fields import Sensitivity, fld
from povdesk.models.base import Synced


class MemberData(Synced):
    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    name: str = fld("姓名", "Name", "", roster="姓名")
    sex: str | None = fld("性别", "Sex", codes=Sex, roster="性别")
    id_number: str = fld(
        "证件号码", "ID number", "", sensitive=Sensitivity.ID_NUMBER, roster="证件号码", index=True
    )
    birth_date: dt.date | None = fld("出生日期", "Birth date", roster="出生日期")
    ethnicity: str | None = fld("民族", "Ethnicity", codes=Ethnicity, roster="民族")
    relation: str = fld(
        "与户主关系", "Relation to head", Relation.HEAD.value, codes=Relation, roster="与户主关系"
    )
    education: str | None = fld("文化程度", "Education", codes=Education, roster="文化程度")
    school_status: str | None = fld(
        "在校生状况", "School status", codes=SchoolStatus, roster="在校生状况"
    )
    dropout_reason: str = fld("失学或辍学原因", "Dropout reason", "")
    health: list[str] = fld(
        "健康状况",
        "Health",
        codes=Health,
        multi=True,
        sensitive=Sensitivity.HEALTH,
        roster="健康状况",
        default_factory=list,
        sa_type=JSON,
    )
    disability_cert: bool = fld(
        "是否持残疾证", "Disability certificate", False, sensitive=Sensitivity.HEALTH
    )
    labour: str | None = fld("劳动技能", "Labour capacity", codes=Labour, roster="劳动技能")
    migrant_place: str = fld("务工地点", "Migrant work place", "")
    migrant_months: int = fld("务工时间", "Migrant work", 0, unit="月", roster="务工时间")
    ins_medical: bool = fld(
        "是否参加城乡居民基本医疗保险",
        "Basic medical insurance",
        False,
        roster="是否参加城乡居民基本医疗保险",
    )
    ins_serious: bool = fld(
        "是否参加大病保险", "Serious-illness insurance", False, roster="是否参加大病保险"
    )
    ins_commercial: bool = fld(
        "是否参加商业补充医疗保险", "Supplementary commercial insurance", False
    )
    ins_pension: bool = fld(
        "是否参加城乡居民基本养老保险",
        "Basic pension insurance",
        False,
        roster="是否参加城乡居民基本养老保险",
    )
    dibao: bool = fld(
        "是否享受农村低保",
        "Receives 低保",
        False,
        sensitive=Sensitivity.WELFARE,
        roster="是否享受农村低保",
    )
    tekun: bool = fld(
        "是否特困供养",
        "Receives 特困供养",
        False,
        sensitive=Sensitivity.WELFARE,
        roster="是否特困供养",
    )
    presence: str = fld("在户状态", "Presence", Presence.PRESENT.value, codes=Presence, index=True)


class Member(MemberData, table=True):
    __tablename__ = "member"
