"""Monitoring between a village and the county (issue 16): the village runs the procedure
up to the township, the county decides, the decision comes back in the return bundle; a
village's bundle never carries a county decision of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from app.main import main
from povdesk.codes import MonitorState
from povdesk.county import monitoring as county_monitoring
from povdesk.errors import EliminationBlocked, UserError
from povdesk.models import table
from povdesk.services.status import Override
from povdesk.store import Store
from tests.povdesk.sync.conftest import Link, full_snapshot, put_together, receive, send, take_apart

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


def pick(v: Store) -> str:
    """A household with someone able to work (an elimination is possible at all)."""
    for hh in sorted(v.households.all(), key=lambda h: h.number):
        members = v.members.of(hh.id, present_only=True)
        if members and any(m.labour in ("1", "2") for m in members):
            return hh.number
    raise AssertionError("no household able to work in the demo village")


def current(store: Store, number: str) -> tuple[str, list[str]]:
    hid = store.households.get(number).id
    record = store.monitoring.records(hid)[-1]
    return record.state, [s.step for s in store.monitoring.steps(record.id)]


def test_identification_and_elimination_round_trip(pair: Link) -> None:
    v, c = pair.village, pair.county
    key = pick(v)
    county_range(c)
    identify_at_village(v, key)
    pair.to_county()
    waiting = county_monitoring.queue(c)
    assert [(r["number"], r["phase"]) for r in waiting] == [(key, "identify")]
    county_monitoring.decide(c, key, True, on=day(10), actor="县扶贫办")
    assert county_monitoring.queue(c) == []
    _, back = pair.to_village()
    state, steps = current(v, key)
    assert state == MonitorState.MONITORING.value
    assert steps[-1] == "county_decision"
    # The village re-sends the county's rows it has since edited: not refused.
    hid = v.households.get(key).id
    record = v.monitoring.records(hid)[-1]
    with v.tx() as tx:
        tx.update("monitoring_record", record.id, {"lead_note": "县里已审定"})
    _, again = pair.to_county()
    assert again.kinds["monitoring_record"]["updated"] == 1
    # Elimination: the village proposes, the county approves through the guard.
    propose_elimination_at_village(v, key)
    pair.to_county()
    waiting = county_monitoring.queue(c)
    assert [(r["number"], r["phase"], r["allowed"]) for r in waiting] == [(key, "eliminate", True)]
    county_monitoring.decide(c, key, True, on=TODAY - dt.timedelta(days=5))
    _, back = pair.to_village()
    state, steps = current(v, key)
    assert state == MonitorState.ELIMINATED.value
    assert steps[-1] == "county_decision"
    assert back.elimination_doubts == []  # the override travelled with the proposal


def test_county_refuses_elimination_when_the_guard_fails(
    pair: Link, capsys: pytest.CaptureFixture[str]
) -> None:
    v, c = pair.village, pair.county
    key = pick(v)
    county_range(c)
    identify_at_village(v, key)
    pair.to_county()
    county_monitoring.decide(c, key, True, on=day(10))
    pair.to_village()
    propose_elimination_at_village(v, key)
    pair.to_county()
    # The county finds large medical costs the village's override did not cover.
    hid = c.households.get(key).id
    year = c.monitoring.context().year
    c.incomes.set(hid, year, {"expense_medical": 50_000_000})
    waiting = county_monitoring.queue(c)
    assert waiting[0]["allowed"] is False
    assert "elim_rigid_expenditure" in [r["code"] for r in waiting[0]["reasons"]]
    with pytest.raises(EliminationBlocked):
        county_monitoring.decide(c, key, True)
    path = str(pair.folder / "county.sqlite")
    c.close()
    code = main(["county", "monitor-decide", "--db", path, key, "--approve"])
    err = capsys.readouterr().err
    assert code == 2
    assert "不能标记风险消除" in err and "医疗" in err
    with Store(Path(path)) as again:
        state, steps = current(again, key)
    assert state == MonitorState.MONITORING.value
    assert steps.count("county_decision") == 1  # only the identification's


def _forge(pair: Link, change: str) -> Path:
    """A village bundle re-signed by the village with a decision it may not make."""
    v, c = pair.village, pair.county
    key = pick(v)
    identify_at_village(v, key)
    path = send(v, pair.folder)
    opened = take_apart(path, c)
    body = opened.body
    record = next(r for r in body["records"] if r["e"] == "monitoring_record")
    if change == "step":
        step = next(r for r in body["records"] if r["e"] == "monitoring_step")
        forged = {
            **step,
            "id": "f" * 32,
            "row": {**step["row"], "id": "f" * 32, "step": "county_decision", "seq": 99},
        }
        body["records"].append(forged)
    else:
        record["row"]["state"] = MonitorState.MONITORING.value
        record["row"]["identified_on"] = day(10).isoformat()
    return put_together(opened, v, c, pair.folder / f"forged-{change}.pvb", body=body)


@pytest.mark.parametrize("change", ["step", "state"])
def test_village_bundle_with_a_county_decision_is_refused(pair: Link, change: str) -> None:
    c = pair.county
    forged = _forge(pair, change)
    before = full_snapshot(c)
    with pytest.raises(UserError) as err:
        receive(c, forged)
    assert err.value.code == "county_decision"
    assert "只能由县里作出" in err.value.zh and "county" in err.value.en
    assert full_snapshot(c) == before
    with c.read() as conn:
        assert conn.execute(select(table("monitoring_record"))).first() is None
