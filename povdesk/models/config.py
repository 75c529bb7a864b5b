"""Configuration that the county may change: poverty lines, monitoring ranges and
reference incomes (domain.md §8: standards set above the village, per year).

These live in tables, not code (domain.md: *configurable*); `povdesk.services.defaults`
seeds them from domain.md and public statistics, and users may edit them.
"""

from __future__ import annotations

from sqlalchemy import UniqueConstraint

from povdesk.fields import fld, money
from povdesk.models.base import Synced


class PovertyLineData(Synced):
    year: int = fld("年度", "Year", 0)
    amount: int = money("扶贫标准（人均纯收入）", "Poverty line per person", sensitive=None)
    note: str = fld("说明", "Note", "")


class PovertyLine(PovertyLineData, table=True):
    __tablename__ = "poverty_line"
    __table_args__ = (UniqueConstraint("year", name="uq_poverty_line_year"),)


class ReferenceIncomeData(Synced):
    """Rural per-capita disposable income of an area (county or province) for a year."""

    year: int = fld("年度", "Year", 0)
    area_code: str = fld("行政区划代码", "Area code", "", max_length=12)
    area_name: str = fld("地区", "Area", "")
    amount: int = money("农村居民人均可支配收入", "Rural per-capita income", sensitive=None)
    note: str = fld("说明", "Note", "")


class ReferenceIncome(ReferenceIncomeData, table=True):
    __tablename__ = "reference_income"
    __table_args__ = (UniqueConstraint("year", "area_code", name="uq_reference_income"),)


class MonitoringRangeData(Synced):
    """防止返贫动态监测范围 (domain.md §7): the per-capita net income below which a
    household is watched, set each year by the province; the income yardstick after 2020."""

    year: int = fld("年度", "Year", 0)
    amount: int = money("监测范围（人均纯收入）", "Monitoring range per person", sensitive=None)
    note: str = fld("说明", "Note", "")


class MonitoringRange(MonitoringRangeData, table=True):
    __tablename__ = "monitoring_range"
    __table_args__ = (UniqueConstraint("year", name="uq_monitoring_range_year"),)
