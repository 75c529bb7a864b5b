"""The four key groups (四类重点群体) and the person facts the other rules share.

domain.md §1: priorities go to the hardest cases first (先难后易), above all the four key
groups — the elderly, women, children and disabled people. A member's groups depend on
the date (people age), so every function takes the day `on`.

Group names are stable strings (screens, filters and exports rely on them):

=========  =====================================================
name       who (on the day `on`)
=========  =====================================================
elderly    age ≥ 60 (老人)
child      age < 18 (儿童: under the age of majority)
woman      female and age ≥ 18 (妇女; girls are counted as children)
disabled   health includes 残疾, or holds a disability certificate
=========  =====================================================

When the record has no birth date (or no sex), the ID number's is used if the number
parses (GB 11643 encodes both, domain.md §4); otherwise the age-based groups are left
out rather than guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from povdesk.codes import Health, KeyGroup, Labour, Sex
from povdesk.models import MemberData
from povdesk.rules import idcard
from povdesk.rules.codetable import CodeTable
from povdesk.rules.dates import age_on
from povdesk.rules.facts import HouseholdFile

__all__ = [
    "CHILD",
    "DISABLED",
    "ELDERLY",
    "GROUPS",
    "WOMAN",
    "age_of",
    "birth_date_of",
    "groups_of",
    "has_labour_capacity",
    "household_groups",
    "is_disabled",
    "is_healthy",
    "is_sick",
    "member_groups",
    "sex_of",
]

# Plain strings (the code list `KeyGroup` declares them with their labels).
ELDERLY = KeyGroup.ELDERLY.value
CHILD = KeyGroup.CHILD.value
WOMAN = KeyGroup.WOMAN.value
DISABLED = KeyGroup.DISABLED.value
GROUPS = (ELDERLY, WOMAN, CHILD, DISABLED)

GROUP_ZH = {g.value: g.zh for g in KeyGroup}

# Plain strings: these are read for every member of every household in a village, and an
# enum member's .value is a descriptor call each time.
_HEALTHY = Health.HEALTHY.value
_CHRONIC = Health.CHRONIC.value
_SERIOUS = Health.SERIOUS.value
_DISABLED = Health.DISABLED.value
_FEMALE = Sex.FEMALE.value

_LABOUR = CodeTable(Labour)
_CAN_WORK = frozenset(lab for lab in Labour if lab.has_capacity)


def _id_info(m: MemberData, on: dt.date) -> idcard.IdInfo | None:
    if not m.id_number.strip():
        return None
    try:
        return idcard.parse(m.id_number, today=on)
    except idcard.IdNumberError:
        return None


def birth_date_of(m: MemberData, on: dt.date) -> dt.date | None:
    """The recorded birth date, else the ID number's (if it parses), else None."""
    if m.birth_date is not None:
        return m.birth_date
    info = _id_info(m, on)
    return info.birth_date if info is not None else None


def age_of(m: MemberData, on: dt.date) -> int | None:
    """Age in completed years on `on`; None if unknown or born after `on`."""
    birth = m.birth_date  # the common case, without a call to birth_date_of
    if birth is None:
        birth = birth_date_of(m, on)
    if birth is None or birth > on:
        return None
    return age_on(birth, on)


def sex_of(m: MemberData, on: dt.date) -> str | None:
    """The recorded sex code, else the ID number's ("1"/"2"), else None."""
    if m.sex:
        return m.sex
    info = _id_info(m, on)
    return info.sex if info is not None else None


def is_disabled(m: MemberData) -> bool:
    """残疾: either the health field says so or the member holds a disability certificate."""
    return _DISABLED in m.health or m.disability_cert


def is_sick(m: MemberData) -> bool:
    """Chronic or serious illness (what 因病 致贫 needs, domain.md §3)."""
    return _CHRONIC in m.health or _SERIOUS in m.health


def is_healthy(m: MemberData) -> bool:
    """Recorded as 健康 with no illness or disability; an empty health field is unknown."""
    return _HEALTHY in m.health and not is_sick(m) and not is_disabled(m)


def has_labour_capacity(m: MemberData) -> bool:
    """Ordinary, skilled or weak labour (`Labour.has_capacity`); unknown or empty is not."""
    return _LABOUR.get(m.labour) in _CAN_WORK


def _add_groups(out: set[str], m: MemberData, on: dt.date) -> None:
    """Add the key groups `m` belongs to on `on` (the table in the module docstring)."""
    age = age_of(m, on)
    if age is not None:
        if age >= 60:
            out.add(ELDERLY)
        if age < 18:
            out.add(CHILD)
        elif sex_of(m, on) == _FEMALE:
            out.add(WOMAN)
    if is_disabled(m):
        out.add(DISABLED)


def member_groups(m: MemberData, on: dt.date) -> frozenset[str]:
    """The key groups `m` belongs to on `on` (see the table in the module docstring)."""
    out: set[str] = set()
    _add_groups(out, m, on)
    return frozenset(out)


def groups_of(members: Iterable[MemberData], on: dt.date) -> frozenset[str]:
    """The union of the key groups of `members` on `on`."""
    out: set[str] = set()
    for m in members:
        _add_groups(out, m, on)
    return frozenset(out)


def household_groups(file: HouseholdFile, on: dt.date) -> frozenset[str]:
    """The union of the groups of the members present now.

    Only present members count: someone who died or married out no longer makes the
    household harder to lift out of poverty.
    """
    return groups_of(file.present, on)
