"""The household record itself: address, contacts and the living conditions (生产生活条件).

Houses and water are where the seed's fake exits hid (domain.md §1), so these facts are
drawn from the household's plan: a planned housing shortfall gets a C/D house that is
not rebuilt, a water shortfall unsafe water; everyone else has a safe house (many of
them rebuilt by a 危房改造 measure, which the measures module then records) and water.
"""

from __future__ import annotations

from typing import Any

from povdesk.codes import (
    DangerGrade,
    Fuel,
    HousingStructure,
    IdStandard,
    RebuildStatus,
    Relocation,
    RoadType,
)
from povdesk.demo import names
from povdesk.demo.base import Draw, Home, Place, Shortfall

_ROADS = (
    (RoadType.CEMENT.value, 60),
    (RoadType.GRAVEL.value, 25),
    (RoadType.DIRT.value, 12),
    (RoadType.ASPHALT.value, 3),
)
_FUELS = (
    (Fuel.WOOD.value, 50),
    (Fuel.ELECTRIC.value, 25),
    (Fuel.GAS.value, 15),
    (Fuel.COAL.value, 5),
    (Fuel.BIOGAS.value, 5),
)
_OLD_HOUSES = ((HousingStructure.EARTH_WOOD.value, 70), (HousingStructure.BRICK_WOOD.value, 30))
_HOUSES = (
    (HousingStructure.BRICK_CONCRETE.value, 45),
    (HousingStructure.BRICK_WOOD.value, 25),
    (HousingStructure.EARTH_WOOD.value, 25),
    (HousingStructure.CONCRETE.value, 5),
)


def phone(draw: Draw) -> str:
    """A mobile number: 11 digits starting 13, 15 or 18."""
    return draw.pick(("13", "15", "18")) + "".join(str(draw.between(0, 9)) for _ in range(9))


def _one(draw: Draw, lo: float, hi: float) -> float:
    """Areas are recorded to one decimal (亩, 平方米, 公里)."""
    return round(draw.uniform(lo, hi), 1)


def living(draw: Draw, home: Home, place: Place, house_no: int) -> None:
    """Fill `home.values` with everything on the household row except causes and status."""
    d = draw
    v: dict[str, Any] = home.values
    v["address"] = f"{place.township}{place.village}{home.group}{house_no}号"
    v["phone"] = phone(d)
    if d.chance(0.9):  # a few old people have no account yet: their money goes by 一卡通 later
        if d.chance(0.8):
            v["bank_name"] = f"湖北{place.county.removesuffix('县')}农村商业银行"
            prefix = "6230"
        else:
            v["bank_name"] = f"中国邮政储蓄银行{place.county}支行"
            prefix = "6221"
        v["bank_account"] = prefix + "".join(str(d.between(0, 9)) for _ in range(15))
    v["id_standard"] = IdStandard.PROVINCIAL.value if d.chance(0.12) else IdStandard.NATIONAL.value
    v["military_family"] = d.chance(0.02)
    land = _one(d, 0.5, 8.0)
    v["land_cultivated"] = land
    v["land_irrigated"] = round(land * d.uniform(0.0, 0.4), 1)
    v["land_forest"] = _one(d, 2.0, 30.0)
    v["coop_member"] = d.chance(0.3)
    v["road_km"] = _one(d, 0.0, 3.5)
    v["road_type"] = d.weighted(_ROADS)
    v["housing_area"] = float(round(d.uniform(35, 55) + 18 * home.size))
    v["electricity"] = True
    v["radio_tv"] = d.chance(0.95)
    v["fuel"] = d.weighted(_FUELS)
    v["sanitary_toilet"] = d.chance(0.6)
    v["water_safe"] = not home.has(Shortfall.WATER)
    v["water_difficult"] = home.has(Shortfall.WATER) and d.chance(0.5)
    _house(d, home, v)
    _relocation(d, home, place, v)


def _house(d: Draw, home: Home, v: dict[str, Any]) -> None:
    if home.has(Shortfall.HOUSE):
        v["danger_grade"] = DangerGrade.D.value if d.chance(0.65) else DangerGrade.C.value
        v["housing_structure"] = d.weighted(_OLD_HOUSES)
        v["rebuild_status"] = d.weighted(
            ((RebuildStatus.NOT_STARTED.value, 55), (RebuildStatus.BUILDING.value, 45))
        )
    elif d.chance(0.18):  # a dangerous house already rebuilt (危房改造 done)
        v["danger_grade"] = DangerGrade.D.value if d.chance(0.6) else DangerGrade.C.value
        v["housing_structure"] = HousingStructure.BRICK_CONCRETE.value
        v["rebuild_status"] = RebuildStatus.DONE.value
    else:
        v["danger_grade"] = DangerGrade.A.value if d.chance(0.6) else DangerGrade.B.value
        v["housing_structure"] = d.weighted(_HOUSES)
        v["rebuild_status"] = RebuildStatus.NOT_NEEDED.value


def _relocation(d: Draw, home: Home, place: Place, v: dict[str, Any]) -> None:
    no_keys = home.has(Shortfall.NO_KEYS)
    # Households with a housing or water shortfall stay where the problem is.
    settled = not (home.has(Shortfall.HOUSE) or home.has(Shortfall.WATER))
    moved = no_keys or home.plan.override == "relocation" or (settled and d.chance(0.05))
    if not moved:
        return
    v["relocation"] = Relocation.CENTRAL.value if d.chance(0.75) else Relocation.SCATTERED.value
    if v["relocation"] == Relocation.CENTRAL.value:
        v["relocation_place"] = place.township + d.pick(names.RESETTLEMENT_SITES)
    else:
        v["relocation_place"] = f"{place.village}{d.pick(names.GROUP_NAMES)}公路沿线"
    v["relocation_keys"] = not no_keys
    # The new flat is safe; the old house is pulled down (拆旧复垦), so no grade applies.
    v["danger_grade"] = DangerGrade.A.value
    v["housing_structure"] = HousingStructure.BRICK_CONCRETE.value
    v["rebuild_status"] = RebuildStatus.NOT_NEEDED.value
    v["road_type"] = RoadType.CEMENT.value
    v["road_km"] = _one(d, 0.0, 0.5)
    v["note"] = "易地扶贫搬迁户，旧房已拆除复垦" if not no_keys else "易地扶贫搬迁户，安置房待交付"
