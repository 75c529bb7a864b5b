"""A county store (on every backend: see BOTH_BACKENDS in tests/conftest.py) and two
village stores (SQLite laptops) that trust it, with their first bundles on a "USB stick".

Village A has one household the team proposed for exit with nothing blocking it (the
county can certify it); the demo villages also have proposed households that still have
blocking findings, and exited ones to sample."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from exports.bundle import writer
from povdesk.codes import HouseholdStatus, StoreRole
from povdesk.rules.facts import RuleContext
from povdesk.store import Store
from tests.povdesk.sync.conftest import COUNTY, VILLAGE_A, VILLAGE_B, link, make_village

HOUSEHOLDS = 20


@dataclass
class County:
    store: Store
    villages: dict[str, Store]
    usb: Path
    ready: str  # 户编号 of village A's proposed household with nothing blocking
    blocked: str  # 户编号 of village B's proposed household whose water became unsafe since
    folder: Path

    def export(self, code: str, name: str) -> Path:
        return writer.export(self.villages[code], self.usb / name).path

    def ctx(self) -> RuleContext:
        return self.store.config.context(year=YEAR)

    def back_to(self, code: str) -> Path:
        """The county's return bundle to a village, imported there."""
        from exports.bundle.importer import import_bundles

        out = writer.export(self.store, self.folder / f"return-{code}.pvb", to=code).path
        import_bundles(self.villages[code], [out])
        return out


YEAR = 2025


@pytest.fixture
def county_store(store_target: str, tmp_path: Path) -> Iterator[Store]:
    s = Store(store_target, create=True, files=tmp_path / "county-files")
    s.actor = "县扶贫办审核员"
    s.villages.init_store(StoreRole.COUNTY, COUNTY, "巴东县")
    yield s
    s.close()


@pytest.fixture
def county(county_store: Store, tmp_path: Path) -> Iterator[County]:
    usb = tmp_path / "usb"
    usb.mkdir()
    villages = {}
    ready = ""
    for code, seed in ((VILLAGE_A, 1), (VILLAGE_B, 2)):
        v = make_village(tmp_path, code, households=HOUSEHOLDS, seed=seed)
        link(v, county_store, tmp_path)
        villages[code] = v
    a = villages[VILLAGE_A]
    # The county owns the lines (a village never sends them): the same figures as the
    # demo villages use, so both judge a household alike.
    have = county_store.config.poverty_lines()
    for year, fen in a.config.poverty_lines().items():
        if year not in have:
            county_store.config.set_poverty_line(year, fen)
    for r in a.config.reference_income_rows():
        county_store.config.set_reference_income(r.year, r.area_code, r.amount)
    ctx = a.config.context(year=YEAR)
    for c in a.checks.evaluate(ctx=ctx):
        if c.readiness.ready and c.household.status == HouseholdStatus.POOR.value:
            a.status.change(
                c.household.id, HouseholdStatus.PROPOSED, year=YEAR, reason="村里评议通过"
            )
            ready = c.household.number
            break
    assert ready, "the demo village has a household ready to exit"
    b = villages[VILLAGE_B]
    blocked = next(
        c.household
        for c in b.checks.evaluate(ctx=b.config.context(year=YEAR))
        if c.readiness.ready and c.household.status == HouseholdStatus.POOR.value
    )
    b.status.change(blocked.id, HouseholdStatus.PROPOSED, year=YEAR, reason="村里评议通过")
    b.households.update(blocked.id, {"water_safe": False})
    c = County(county_store, villages, usb, ready, blocked.number, tmp_path)
    c.export(VILLAGE_A, f"{VILLAGE_A}-000001.pvb")
    c.export(VILLAGE_B, f"{VILLAGE_B}-000001.pvb")
    yield c
    for v in villages.values():
        v.close()


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI on a server URL keeps attachments in the user data folder: a test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
