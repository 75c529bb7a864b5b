"""A village's monitoring procedure up to the county, for the sync and county tests."""

from __future__ import annotations

import datetime as dt

from povdesk.services.status import Override
from povdesk.store import Store

TODAY = dt.date.today()
D0 = TODAY - dt.timedelta(days=300)  # the lead: monitored over half a year by elimination


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def identify_at_village(v: Store, key: str) -> None:
    """Lead, home check, consent, review, a 5-day notice, township: up to the county."""
    m = v.monitoring
    m.add_lead(key, type="边缘易致贫户", risks=["因病"], source="干部走访排查", on=D0)
    m.step(key, "入户核实", on=day(1), per_capita_income=900_000)
    m.consent(key, day(1), scan=b"%PDF-1.4 consent")
    m.step(key, "村级民主评议", on=day(2))
    m.step(key, "村级公示", on=day(3), notice_end=day(8))
    m.step(key, "乡镇审核", on=day(9))


def propose_elimination_at_village(v: Store, key: str) -> None:
    """The village's elimination procedure up to the township; its proposal passes the
    guard with a written override by a cadre (what the household still lacks)."""
    m = v.monitoring
    back = TODAY - dt.timedelta(days=20)
    m.step(key, "入户核实", on=back, per_capita_income=1_200_000)
    cadre = sorted(v.monitoring.context().cadres)[0]
    override = Override(cadre, "帮扶干部入户核实，收入稳定，已落实帮扶措施")
    m.propose_elimination(key, on=back + dt.timedelta(days=1), override=override)
    m.step(
        key,
        "村级公示",
        on=back + dt.timedelta(days=2),
        notice_end=back + dt.timedelta(days=7),
    )
    m.step(key, "乡镇审核", on=back + dt.timedelta(days=8))


def county_range(c: Store) -> None:
    """The county's monitoring range for the assessment year (its standard)."""
    c.config.set_monitoring_range(c.monitoring.context().year, 800_000, "县定监测范围")


def free(v: Store) -> list[str]:
    """The households the demo made no monitoring record for, by 户编号."""
    taken = {r.household_id for r in v.monitoring.records()}
    return sorted(h.number for h in v.households.all() if h.id not in taken)


def pick(v: Store) -> str:
    """A household with someone able to work (an elimination is possible at all) and
    no monitoring record of the demo's own."""
    for number in free(v):
        hh = v.households.get(number)
        members = v.members.of(hh.id, present_only=True)
        if members and any(m.labour in ("1", "2") for m in members):
            return hh.number
    raise AssertionError("no household able to work in the demo village")
