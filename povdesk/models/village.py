"""Villages, cadres and who is paired with which household."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON
from sqlmodel import Field

from povdesk.codes import CadreLevel, Sex
from povdesk.fields import Sensitivity, fld
from povdesk.models.base import Synced


class VillageData(Synced):
    code: str = fld("村代码", "Village code", "", roster="村代码", max_length=12, index=True)
    name: str = fld("村名", "Village name", "")
    province: str = fld("省", "Province", "")
    city: str = fld("市（州）", "City", "")
    county: str = fld("县（市、区）", "County", "")
    township: str = fld("乡（镇）", "Township", "")
    groups: list[str] = fld(
        "村民小组", "Village groups", kind="json", default_factory=list, sa_type=JSON
    )
    contact_phone: str = fld("村委会电话", "Village office phone", "")
    objection_contact: str = fld("公示异议联系人", "Contact for objections", "")


class Village(VillageData, table=True):
    __tablename__ = "village"


class CadreData(Synced):
    name: str = fld("姓名", "Name", "")
    sex: str | None = fld("性别", "Sex", codes=Sex)
    id_number: str = fld("证件号码", "ID number", "", sensitive=Sensitivity.ID_NUMBER, index=True)
    unit: str = fld("派出单位", "Sending unit", "")
    level: str | None = fld("单位层级", "Unit level", codes=CadreLevel)
    post: str = fld("职务", "Post", "")
    phone: str = fld("联系电话", "Phone", "", sensitive=Sensitivity.PHONE)
    team_member: bool = fld("驻村工作队员", "Work-team member", False)
    active: bool = fld("在岗", "Active", True)


class Cadre(CadreData, table=True):
    __tablename__ = "cadre"


class PairingData(Synced):
    """帮扶责任人 pairing; history is kept by ending a pairing, never deleting it."""

    household_id: str = Field(foreign_key="household.id", index=True, max_length=32)
    cadre_id: str = Field(foreign_key="cadre.id", index=True, max_length=32)
    start: dt.date = fld("结对开始", "Pairing start", default_factory=dt.date.today)
    end: dt.date | None = fld("结对结束", "Pairing end")


class Pairing(PairingData, table=True):
    __tablename__ = "pairing"
