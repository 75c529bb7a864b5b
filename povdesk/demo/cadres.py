"""The work team and the assistance cadres (帮扶责任人): 6 to 10 people.

A first secretary (第一书记) from a prefecture or provincial unit leads the resident work
team with two team members; cadres of county units and the township are each paired with
households; one cadre has rotated back to his unit (inactive), so the households he
helped show a pairing history. ID numbers are from other Hubei counties: a cadre is
never a registered poor person (domain.md §3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from povdesk.codes import CadreLevel, Sex
from povdesk.demo import names
from povdesk.demo.base import Draw, Place, at_age
from povdesk.demo.homes import phone
from povdesk.rules import idcard


@dataclass(frozen=True)
class Team:
    rows: list[dict[str, Any]]  # cadre rows, ready to insert

    @property
    def leader(self) -> dict[str, Any]:
        return self.rows[0]

    @property
    def bookkeeper(self) -> dict[str, Any]:
        """The team member who keeps the fund ledger (扶贫专干)."""
        return self.rows[2]

    @property
    def active(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["active"]]

    @property
    def former(self) -> dict[str, Any]:
        return next(r for r in self.rows if not r["active"])


def make_team(draw: Draw, place: Place, today: dt.date) -> Team:
    d = draw
    areas = [a for a in names.OTHER_HUBEI_AREAS if a != place.county_code]
    surnames = names.surname_table(place.mountain)
    used: set[str] = set()

    def cadre(
        unit: str, level: CadreLevel, post: str, *, team: bool, active: bool = True
    ) -> dict[str, Any]:
        sex = Sex.FEMALE.value if d.chance(0.3) else Sex.MALE.value
        birth = at_age(d, today, d.between(26, 56))
        name = d.weighted(surnames) + d.pick(names.GIVEN_NAMES[(names.era_of(birth.year), sex)])
        while name in used:
            name = d.weighted(surnames) + d.pick(names.GIVEN_NAMES[(names.era_of(birth.year), sex)])
        used.add(name)
        n = d.between(0, 499)
        number = idcard.make(d.pick(areas), birth, 2 * n + 1 if sex == Sex.MALE.value else 2 * n)
        return {
            "id": d.new_id(),
            "name": name,
            "sex": sex,
            "id_number": number,
            "unit": unit,
            "level": level.value,
            "post": post,
            "phone": phone(d),
            "team_member": team,
            "active": active,
        }

    lead_unit, lead_level = names.LEADER_UNITS.get(place.city, names.PROVINCE_UNIT)
    if d.chance(0.3):
        lead_unit, lead_level = names.PROVINCE_UNIT
    rows = [cadre(lead_unit, lead_level, "第一书记、驻村工作队队长", team=True)]
    units = d.sample(names.COUNTY_UNITS, len(names.COUNTY_UNITS))
    for suffix, level, posts in units[:2]:
        rows.append(
            cadre(place.unit(suffix), level, f"驻村工作队队员（{d.pick(posts)}）", team=True)
        )
    total = d.between(6, 10)
    for suffix, level, posts in units[2 : total - 3]:  # the rest: township and former
        rows.append(cadre(place.unit(suffix), level, d.pick(posts), team=False))
    rows.append(
        cadre(
            f"{place.township or '乡镇'}人民政府",
            CadreLevel.TOWNSHIP,
            d.pick(("副镇长", "包村干部", "扶贫专干")),
            team=False,
        )
    )
    suffix, level, posts = units[total - 3]
    rows.append(cadre(place.unit(suffix), level, d.pick(posts), team=False, active=False))
    return Team(rows)
