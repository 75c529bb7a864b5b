"""A demo village with households at every point of the monitoring procedure (domain.md
§7), built through the store's services, for the monitoring printouts and sheets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from povdesk.codes import HouseholdStatus, StoreRole
from povdesk.services.status import Override
from povdesk.store import Store
from tests.exports.conftest import make_demo

D = dt.date
PROPOSED_ON = D(2026, 6, 20)
OVERRIDE = "务工合同已签订，下月起按月发放工资，收入可稳定超过监测范围"


@contextmanager
def as_county(store: Store) -> Iterator[None]:
    """The county's decision, recorded as the county's store would (it reaches a village
    in the return bundle): the store's role is the county's for the call."""
    with store.tx() as tx:
        tx.set_meta("role", StoreRole.COUNTY.value)
    try:
        yield
    finally:
        with store.tx() as tx:
            tx.set_meta("role", StoreRole.VILLAGE.value)


def lead(store: Store, number: str, d0: dt.date, *, review: bool = True) -> None:
    """A lead for 因病 and 因残, checked at home, signed, and (by default) reviewed."""
    risks = ["因病", "因残"]
    store.monitoring.add_lead(number, type="边缘易致贫户", risks=risks, source="2", on=d0)
    store.monitoring.step(number, "入户核实", on=d0 + dt.timedelta(1), per_capita_income=800000)
    store.monitoring.consent(number, d0 + dt.timedelta(1))
    if review:
        store.monitoring.step(number, "村级民主评议", on=d0 + dt.timedelta(2))


def include(store: Store, number: str, d0: dt.date) -> None:
    """Through the whole identification procedure to the county's decision."""
    lead(store, number, d0)
    end = d0 + dt.timedelta(8)
    store.monitoring.step(number, "村级公示", on=d0 + dt.timedelta(3), notice_end=end)
    store.monitoring.step(number, "乡镇审核", on=d0 + dt.timedelta(9))
    with as_county(store):
        store.monitoring.step(number, "县级审定", on=d0 + dt.timedelta(10))


@dataclass
class Monitored:
    store: Store
    named: list[str]  # 识别: leads past the village review
    unreviewed: str  # a lead not yet reviewed
    clean: str  # proposed for elimination, the guard lets it through
    spoiled: str  # proposed, but its water became unsafe since
    overridden: str  # proposed with a written override
    unproposed: str  # monitored, no proposal


def build(path: Path) -> Monitored:
    """Every exited household of the demo monitored since January 2025 (the county
    decided), with a measure against 因病, a home check and a good 2025 income; four of
    those the guard would let go are proposed, spoiled, overridden and left alone; two
    other households are reviewed leads and one an unreviewed lead."""
    store = make_demo(path, households=30)
    taken = {r.household_id for r in store.monitoring.records()}  # the demo's own
    files = [f for f in store.households.files() if f.household.id not in taken]
    exited = [f for f in files if f.household.status == HouseholdStatus.EXITED.value]
    ready = []
    for f in exited:
        n, hid = f.household.number, f.household.id
        include(store, n, D(2025, 1, 5))
        record = store.monitoring.records(hid)[-1]
        store.measures.add(
            hid,
            {
                "year": 2025,
                "category": "05",
                "content": "健康帮扶：慢性病签约服务",
                "monitoring_id": record.id,
                "risk": "01",
                "status": "2",
                "start": D(2025, 2, 1),
            },
        )
        store.monitoring.step(n, "入户核实", on=D(2025, 12, 1), per_capita_income=1500000)
        store.incomes.set(hid, 2025, {"wages": 3000000 * max(f.size, 1)})
        if store.monitoring.verdict(n, on=PROPOSED_ON).allowed:
            ready.append(n)
    clean, spoiled, overridden, unproposed = ready[:4]
    store.monitoring.propose_elimination(clean, on=PROPOSED_ON)
    store.monitoring.propose_elimination(spoiled, on=PROPOSED_ON)
    store.households.update(store.households.get(spoiled).id, {"water_safe": False})
    store.incomes.set(store.households.get(overridden).id, 2025, {"wages": 100})
    reason = Override(store.cadres.all()[0].id, OVERRIDE)
    store.monitoring.propose_elimination(overridden, on=PROPOSED_ON, override=reason)
    others = [
        f.household.number for f in files if f.household.status != HouseholdStatus.EXITED.value
    ]
    for n in others[:2]:
        lead(store, n, D(2026, 6, 1))
    lead(store, others[2], D(2026, 6, 1), review=False)
    return Monitored(store, others[:2], others[2], clean, spoiled, overridden, unproposed)
