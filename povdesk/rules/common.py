"""Small helpers the rule modules share: building findings and wording people and money.

Messages name the person and the facts (e.g. "王小明 13岁 非在校生"), because a finding is
read by a cadre at a household's door and by the county far away: both must be able to
act on it without opening the record.
"""

from __future__ import annotations

import datetime as dt

from povdesk.codes import Dimension, Severity
from povdesk.models import MemberData
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.findings import Finding
from povdesk.rules.groups import age_of

__all__ = ["finding", "name_of", "who_en", "who_zh"]


def finding(
    file: HouseholdFile,
    code: str,
    dimension: Dimension,
    severity: Severity,
    zh: str,
    en: str,
    *,
    blocking: bool = False,
    member: MemberData | None = None,
    field: str | None = None,
) -> Finding:
    return Finding(
        code=code,
        dimension=dimension,
        blocking=blocking,
        severity=severity,
        household_id=file.household.id,
        zh=zh,
        en=en,
        member_id=member.id if member is not None else None,
        field=field,
    )


def name_of(m: MemberData) -> str:
    return m.name.strip() or "（未填姓名）"


def who_zh(m: MemberData, on: dt.date) -> str:
    """ "王小明 13岁", or just the name when the age is unknown."""
    age = age_of(m, on)
    return f"{name_of(m)} {age}岁" if age is not None else name_of(m)


def who_en(m: MemberData, on: dt.date) -> str:
    """ "王小明 (13)", or just the name when the age is unknown."""
    age = age_of(m, on)
    name = m.name.strip() or "(no name)"
    return f"{name} ({age})" if age is not None else name
