"""The county's monitoring decisions (issue 16): the queue, the decision, the CLI, the
dashboard's figures per village and spot checks of risk eliminations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from app.main import main
from povdesk.codes import MonitorState, MonitorType
from povdesk.county import dashboard, sampling
from povdesk.county import monitoring as county_monitoring
from povdesk.store import Store
from tests.povdesk.sync.conftest import VILLAGE_A, Link, pair  # noqa: F401 (fixture)
from tests.povdesk.sync.monitoring_steps import (
    TODAY,
    county_range,
    day,
    free,
    identify_at_village,
    pick,
    propose_elimination_at_village,
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def waiting_for_county(pair: Link, n: int = 2) -> list[str]:  # noqa: F811
    """`n` households of the village through the township, imported at the county."""
    v = pair.village
    county_range(pair.county)
    first = pick(v)
    others = [n for n in free(v) if n != first]
    chosen = [first, *sorted(others)[: n - 1]]
    for key in chosen:
        identify_at_village(v, key)
    pair.to_county()
    return sorted(chosen)


def test_the_queue_is_ordered_and_paged(pair: Link) -> None:  # noqa: F811
    keys = waiting_for_county(pair, 3)
    c = pair.county
    rows = county_monitoring.queue(c)
    assert [r["number"] for r in rows] == keys
    assert {r["village_code"] for r in rows} == {VILLAGE_A}
    assert all(r["phase"] == "identify" and r["allowed"] for r in rows)
    assert [r["number"] for r in county_monitoring.queue(c, offset=1, limit=1)] == keys[1:2]
    assert county_monitoring.queue(c, village=VILLAGE_A) == rows
    # by page and by key, as the review queue (povdesk.county.pages)
    first = county_monitoring.page(c, size=2)
    assert first.rows == rows[:2] and first.total == 3 and first.pages == 2
    second = county_monitoring.page(c, after=first.last_key, size=2)
    assert second.rows == rows[2:] and second.number == 2 and not second.has_next
    assert county_monitoring.page(c, before=second.first_key, size=2).rows == rows[:2]
    # A refusal leaves the lead out (未纳入) and takes it off the queue.
    county_monitoring.decide(c, keys[0], False, on=day(10), note="收入核实高于监测范围")
    assert [r["number"] for r in county_monitoring.queue(c)] == keys[1:]
    hid = c.households.get(keys[0]).id
    assert c.monitoring.records(hid)[-1].state == MonitorState.NOT_INCLUDED.value


def test_cli_queue_and_decision(pair: Link, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    keys = waiting_for_county(pair, 1)
    db = str(pair.folder / "county.sqlite")
    pair.county.close()
    code, out, _ = run(capsys, "county", "monitor-queue", "--db", db, "--json")
    assert code == 0
    assert [r["number"] for r in json.loads(out)] == keys
    code, _, err = run(
        capsys, "county", "monitor-decide", "--db", db, keys[0], "--approve", "--date", "2099-01-01"
    )
    assert code == 2 and "日期不能晚于今天" in err
    code, _, err = run(
        capsys,
        "county",
        "monitor-decide",
        "--db",
        db,
        keys[0],
        "--approve",
        "--date",
        day(10).isoformat(),
    )
    assert code == 0, err
    assert "县级审定" in err
    code, out, _ = run(capsys, "county", "monitor-queue", "--db", db, "--json")
    assert json.loads(out) == []
    with Store(Path(db)) as c:
        hid = c.households.get(keys[0]).id
        record = c.monitoring.records(hid)[-1]
    assert (record.state, record.identified_on) == (MonitorState.MONITORING.value, day(10))


def test_dashboard_counts_monitoring_per_village(pair: Link) -> None:  # noqa: F811
    keys = waiting_for_county(pair, 2)
    c = pair.county
    ctx = c.config.context(today=TODAY)

    def row() -> dict[str, Any]:
        whole = dashboard.county(c, ctx)
        assert whole.as_json()["monitoring"] == whole.monitoring
        return next(r for r in whole.monitoring if r["code"] == VILLAGE_A)

    # The demo village's own history came with its first bundle: count from there.
    before = row()
    assert before["by_state"][MonitorState.PENDING.value] >= 2
    county_monitoring.decide(c, keys[0], True, on=day(10))
    after = row()
    assert after["objects"] == before["objects"] + 1
    edge = MonitorType.EDGE.value
    assert after["by_type"][edge] == before["by_type"][edge] + 1
    monitoring, pending = MonitorState.MONITORING.value, MonitorState.PENDING.value
    assert after["by_state"][monitoring] == before["by_state"][monitoring] + 1
    assert after["by_state"][pending] == before["by_state"][pending] - 1
    # Both leads were long past the days a decision may take; one is decided now.
    assert after["lead_overdue"] == before["lead_overdue"] - 1
    assert (after["false_eliminations"], after["elimination_overrides"]) == (
        before["false_eliminations"],
        before["elimination_overrides"],
    )


def test_spot_checks_draw_from_eliminations(
    pair: Link,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    v, c = pair.village, pair.county
    county_range(c)
    key = pick(v)
    identify_at_village(v, key)
    pair.to_county()
    county_monitoring.decide(c, key, True, on=day(10))
    pair.to_village()
    propose_elimination_at_village(v, key)
    pair.to_county()
    county_monitoring.decide(c, key, True, on=TODAY - dt.timedelta(days=5))
    drawn = sampling.draw(c, 100, "2026-12-01", pool=sampling.ELIMINATED)
    assert [n for d in drawn for _, n in d.households] == [key]
    exited = {n for d in sampling.draw(c, 100, "x") for _, n in d.households}
    both = {n for d in sampling.draw(c, 100, "x", pool=sampling.BOTH) for _, n in d.households}
    assert both == exited | {key}
    row = next(r for r in dashboard.monitoring(c) if r["code"] == VILLAGE_A)
    assert row["by_state"][MonitorState.ELIMINATED.value] == 1
    db = str(pair.folder / "county.sqlite")
    c.close()
    argv = ["county", "sample", "--db", db, "--percent", "100", "--seed", "s", "--json"]
    code, out, _ = run(capsys, *argv, "--pool", "eliminated")
    assert code == 0
    assert [h["number"] for d in json.loads(out) for h in d["households"]] == [key]
    with pytest.raises(SystemExit) as bad:
        run(capsys, *argv, "--pool", "nobody")
    assert bad.value.code == 2
