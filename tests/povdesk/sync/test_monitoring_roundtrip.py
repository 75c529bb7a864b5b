"""Monitoring between a village and the county (issue 16): the village runs the procedure
up to the township, the county decides, the decision comes back in the return bundle; a
village's bundle never carries a county decision of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.main import main
from povdesk.codes import MonitorState
from povdesk.county import monitoring as county_monitoring
from povdesk.errors import EliminationBlocked, UserError
from povdesk.store import Store
from tests.povdesk.sync.conftest import Link, full_snapshot, put_together, receive, send, take_apart
from tests.povdesk.sync.monitoring_steps import (
    TODAY,
    county_range,
    day,
    identify_at_village,
    pick,
    propose_elimination_at_village,
)


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


def test_an_elimination_our_guard_refuses_is_reported_not_refused(pair: Link) -> None:
    v, c = pair.village, pair.county
    key = pick(v)
    county_range(c)
    identify_at_village(v, key)
    pair.to_county()
    county_monitoring.decide(c, key, True, on=day(10))
    pair.to_village()
    propose_elimination_at_village(v, key)
    pair.to_county()
    # Meanwhile the village learns of large medical costs, not yet sent.
    year = v.monitoring.context().year
    v.incomes.set(v.households.get(key).id, year, {"expense_medical": 50_000_000})
    county_monitoring.decide(c, key, True, on=TODAY - dt.timedelta(days=5))
    _, back = pair.to_village()
    assert current(v, key)[0] == MonitorState.ELIMINATED.value  # recorded as decided
    assert [n for n, _ in back.elimination_doubts] == [key]
    assert any("医疗" in zh for zh, _ in back.elimination_doubts[0][1])


def _forge(pair: Link, change: str) -> Path:
    """A village bundle re-signed by the village with a decision it may not make (its
    second bundle: the first may bring the village's history, see below)."""
    v, c = pair.village, pair.county
    key = pick(v)
    pair.to_county()
    identify_at_village(v, key)
    path = send(v, pair.folder)
    opened = take_apart(path, c)
    body = opened.body
    hid = v.households.get(key).id
    record = next(
        r
        for r in body["records"]
        if r["e"] == "monitoring_record" and r["row"]["household_id"] == hid
    )
    if change == "step":
        step = next(
            r
            for r in body["records"]
            if r["e"] == "monitoring_step" and r["row"]["record_id"] == record["id"]
        )
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
    hid = c.households.get(pick(pair.village)).id
    assert c.monitoring.records(hid) == []


def test_the_first_bundle_brings_the_village_history_to_confirm(pair: Link) -> None:
    """The demo village was monitoring households before it ever sent anything: its
    first bundle brings those records, and each one already decided is listed."""
    v, c = pair.village, pair.county
    decided = {
        v.households.get(r.household_id).number
        for r in v.monitoring.records()
        if r.state in ("1", "2", "3")
    }
    assert decided  # the demo has some
    _, report = pair.to_county()
    assert {n for n, _ in report.decided_history} == decided
    # The county has no monitoring range yet: that is said once, as a setting, and is no
    # household's doubt; the eliminations the guard refuses for the household's own
    # reasons still are.
    assert c.config.monitoring_ranges() == {}
    reasons = [z for _, why in report.elimination_doubts for z, _ in why]
    assert not any("未设置" in z for z in reasons)
    assert not any("未设置" in z for _, _, why in report.status_doubts for z, _ in why)
    assert len(c.monitoring.records()) == len(v.monitoring.records())


def test_a_village_bundle_cannot_delete_the_county_decision(pair: Link) -> None:
    v, c = pair.village, pair.county
    key = pick(v)
    county_range(c)
    identify_at_village(v, key)
    pair.to_county()
    decided = county_monitoring.decide(c, key, True, on=day(10))
    pair.to_village()
    v.households.update(v.households.get(key).id, {"note": "县里已审定"})
    pair.to_county()  # its receipt: the county knows the village has the decision
    v.households.update(v.households.get(key).id, {"note": "已纳入监测"})
    path = send(v, pair.folder)
    opened = take_apart(path, c)
    body = opened.body
    to = opened.manifest["range"]["to"]
    body["deleted"].append({"e": "monitoring_step", "id": decided.id, "seq": to})
    forged = put_together(opened, v, c, pair.folder / "forged-delete.pvb", body=body)
    steps = current(c, key)[1]
    assert steps[-1] == "county_decision"
    report = receive(c, forged)[0]
    assert report.conflicts == 1  # kept, and listed as "deleted there"
    assert current(c, key) == (MonitorState.MONITORING.value, steps)
