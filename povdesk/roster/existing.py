"""What a village already holds, for planning a roster import against it: the
households, members and incomes, read once into dicts (a per-row SELECT would make a
10,000-household county roster take minutes). The import's only SQL lives here."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from povdesk.codes import Presence
from povdesk.store.tx import table

if TYPE_CHECKING:
    from povdesk.store.store import Store

_CHUNK = 500  # SQLite caps the bound parameters of one statement


@dataclass
class Existing:
    households: dict[str, dict[str, Any]]  # by 户编号
    members: dict[str, list[dict[str, Any]]]  # by household id
    incomes: dict[tuple[str, int], dict[str, Any]]  # by (household id, year)
    present_by_id_number: dict[str, list[dict[str, Any]]]  # present members, whole store


def load(store: Store, vid: str, id_numbers: list[str]) -> Existing:
    """The village's households, members and incomes, one query each; plus anyone in
    the file already present in another village (chunked IN lists)."""
    h, m, inc = table("household"), table("member"), table("income")
    in_village = select(h.c.id).where(h.c.village_id == vid)
    out = Existing({}, {}, {}, {})
    with store.read() as conn:
        for row in conn.execute(select(h).where(h.c.village_id == vid)).mappings():
            out.households[row["number"]] = dict(row)
        numbers = {hh["id"]: no for no, hh in out.households.items()}
        for row in conn.execute(select(m).where(m.c.household_id.in_(in_village))).mappings():
            member = {**row, "household_number": numbers[row["household_id"]]}
            out.members.setdefault(row["household_id"], []).append(member)
            if row["presence"] == Presence.PRESENT.value and row["id_number"]:
                out.present_by_id_number.setdefault(row["id_number"], []).append(member)
        for row in conn.execute(select(inc).where(inc.c.household_id.in_(in_village))).mappings():
            out.incomes[(row["household_id"], row["year"])] = dict(row)
        for chunk in _chunks(sorted(set(id_numbers))):
            stmt = (
                select(
                    m.c.id,
                    m.c.name,
                    m.c.id_number,
                    m.c.household_id,
                    h.c.number.label("household_number"),
                )
                .join(h, h.c.id == m.c.household_id)
                .where(
                    m.c.id_number.in_(chunk),
                    h.c.village_id != vid,
                    m.c.presence == Presence.PRESENT.value,
                )
            )
            for row in conn.execute(stmt).mappings():
                out.present_by_id_number.setdefault(row["id_number"], []).append(dict(row))
    return out


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]
