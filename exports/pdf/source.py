"""What the printouts read from the store, loaded in bulk (one query per record kind).

Everything goes through the store's services; labels come from the field declarations
and code lists, so a printout says what the forms say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from povdesk import kinds
from povdesk.codes import CodeList
from povdesk.errors import UserError
from povdesk.fields import FieldSpec, spec
from povdesk.models import CadreData, Synced, VillageData
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.services.checks import HouseholdCheck
from povdesk.services.households import FILE_PARTS
from povdesk.store import Store


@dataclass
class Village:
    """The village and everything around its households that a printout needs."""

    store: Store
    village: VillageData
    cadres: dict[str, CadreData]
    ctx: RuleContext

    @property
    def name(self) -> str:
        return self.village.name

    @property
    def place(self) -> str:
        """县 乡(镇) 村, as the head of a village document names it."""
        v = self.village
        return "".join(x for x in (v.county, v.township, v.name) if x)

    def mask(self, number: str) -> str:
        """ID numbers on public papers: the store's configured pattern, applied there."""
        return self.store.config.mask_id(number) if number else ""

    def check(self, file: HouseholdFile) -> HouseholdCheck:
        return self.store.checks.check_file(file, self.ctx)

    def cadre_names(self, ids: Iterable[str]) -> str:
        return "、".join(self.cadres[c].name if c in self.cadres else c for c in ids)


def open_village(
    store: Store, village_id: str | None = None, today: dt.date | None = None
) -> Village:
    """The village a printout is about: the named one, else the store's only one."""
    key = village_id or store.villages.default_id()
    village = store.villages.get(key)
    cadres = {c.id: c for c in store.cadres.all()}
    return Village(store, village, cadres, store.config.context(today=today))


def household_ids(store: Store, keys: list[str]) -> list[str]:
    """Ids of households named by id or 户编号 (an unknown one is a clear NotFound)."""
    return list(dict.fromkeys(store.households.get(k).id for k in keys))


def household_files(
    store: Store,
    village: Village,
    ids: list[str] | None,
    parts: Iterable[str] = FILE_PARTS,
) -> list[HouseholdFile]:
    """Files (the record kinds in `parts`) for the given households, in the order given,
    or for the whole village in 户编号 order."""
    if ids:
        files = store.households.files(household_ids=ids, parts=parts)
        by_id = {f.household.id: f for f in files}
        return [by_id[i] for i in ids]
    files = store.households.files(village_id=village.village.id, parts=parts)
    if not files:
        raise UserError(
            f"{village.name}还没有任何农户，没有可打印的内容。",
            f"{village.name} has no households yet; there is nothing to print.",
            code="empty_village",
        )
    return files


CHUNK = 500  # households loaded at a time for a village's printout


def village_ids(store: Store, village: Village) -> list[str]:
    """The village's households in 户编号 order (a village without any is the user's to
    know about)."""
    ids = store.households.ids(village.village.id)
    if not ids:
        raise UserError(
            f"{village.name}还没有任何农户，没有可打印的内容。",
            f"{village.name} has no households yet; there is nothing to print.",
            code="empty_village",
        )
    return ids


def household_chunks(
    store: Store, ids: list[str], parts: Iterable[str] = FILE_PARTS, size: int = CHUNK
) -> Iterator[list[HouseholdFile]]:
    """The files of the households `ids`, in that order, `size` at a time: memory stays
    bounded by the chunk, however large the village (a village's whole files at once
    were most of the memory a printout of 10,000 households took)."""
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        files = store.households.files(household_ids=chunk, parts=parts)
        by_id = {f.household.id: f for f in files}
        yield [by_id[i] for i in chunk]
        del files, by_id  # let go before the next chunk is read


def version(*groups: Iterable[Synced]) -> int:
    """The highest `rev` among the rows printed: any later change to any of them gives a
    higher one, so the number on the paper names the version it shows."""
    return max((row.rev for group in groups for row in group), default=0)


def file_version(file: HouseholdFile) -> int:
    # Every part but the exit overrides, as the printed version has always counted.
    parts = (getattr(file, p) for p in FILE_PARTS if p != "overrides")
    return version([file.household], *parts)


# -- labels -----------------------------------------------------------------------------
@cache
def label(model: type[Any], name: str) -> str:
    """The field's declared Chinese label (with its unit, where it has one)."""
    s = spec(model, name)
    return f"{s.zh}（{s.unit}）" if s.unit and s.unit != "分" else s.zh


def code(codes: type[CodeList], value: str | None) -> str:
    """A code's Chinese label, as the field kinds show it (a code the list does not know
    shows itself)."""
    return kinds.display("code", value, "zh", codes)


def codes_text(codes: type[CodeList], values: Iterable[str]) -> str:
    return kinds.display("codes", list(values), "zh", codes)


@cache
def _spec(model: type[Any], name: str) -> FieldSpec:
    return spec(model, name)


def value(model: type[Any], name: str, row: Any) -> str:
    """A field's value as printed: the field kind's Chinese display, never None."""
    s = _spec(model, name)  # type: ignore[arg-type]  # classes are hashable
    return s.display(getattr(row, name), "zh")


def yuan(fen: int) -> str:
    """Money on paper: yuan with two decimals and thousands separators, exact."""
    return kinds.yuan(fen, grouped=True)


def date(d: dt.date | dt.datetime | None) -> str:
    if d is None:
        return ""
    if isinstance(d, dt.datetime):
        d = d.astimezone().date()
    return f"{d.year}年{d.month}月{d.day}日"
