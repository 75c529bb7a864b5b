"""The dashboard across villages, checked against each village's own view of itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter

import pytest

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.county import dashboard, figures, review
from povdesk.services.checks import summarise
from tests.povdesk.county.conftest import YEAR, County
from tests.povdesk.sync.conftest import VILLAGE_A, VILLAGE_B


@pytest.fixture
def imported(county: County) -> County:
    import_folder(county.store, [county.usb])
    return county


def test_county_figures_match_each_village_own_summary(imported: County) -> None:
    c = imported
    ctx = c.ctx()
    page = dashboard.county(c.store, ctx).as_json()

    for row in page["progress"]:
        v = c.villages[row["code"]]
        statuses = Counter(h.status for h in v.households.all())
        assert row["households"] == sum(statuses.values()) == 20
        assert {k: row[k] for k in statuses} == dict(statuses)
    for code, v in c.villages.items():
        own = summarise(v.checks.evaluate(ctx=v.config.context(year=YEAR)), ctx.today)
        short = next(r for r in page["shortfalls"] if r["code"] == code)["shortfalls"]
        groups = next(r for r in page["key_groups"] if r["code"] == code)["key_groups"]
        overdue = next(r for r in page["overdue_measures"] if r["code"] == code)
        assert short == own.shortfalls
        assert groups == own.key_groups
        assert overdue["overdue_measures"] == own.overdue_measures
    totals: Counter[str] = Counter()
    for code, v in c.villages.items():
        for e in v.funds.entries():
            totals[code if e.household_id or e.measure_id else ""] += e.amount
    assert page["funds_by_village"] == dict(sorted(totals.items()))
    everything = sum(totals.values())
    assert sum(page["funds_by_source"].values()) == everything  # to the fen
    assert sum(page["funds_by_category"].values()) == everything
    override_count = sum(
        len(v.households.file(h.id).overrides)
        for v in c.villages.values()
        for h in v.households.all()
    )
    assert len(page["overrides"]) == override_count


def test_only_changed_villages_are_recomputed(imported: County) -> None:
    c = imported
    ctx = c.ctx()
    assert figures.refresh(c.store, ctx) != []
    assert figures.refresh(c.store, ctx) == []  # nothing changed since
    review.decide(c.store, c.ready, review.CERTIFY, "入户核实", ctx=ctx)
    a_id = c.store.villages.get(VILLAGE_A).id
    b_id = c.store.villages.get(VILLAGE_B).id
    assert figures.refresh(c.store, ctx) == [a_id]
    b = c.villages[VILLAGE_B]
    b.households.update(b.households.ids()[0], {"water_safe": False})
    import_folder(c.store, [c.export(VILLAGE_B, "b-2.pvb")])
    assert figures.refresh(c.store, ctx) == [b_id]
    line = c.store.config.poverty_lines()[YEAR]
    c.store.config.set_poverty_line(YEAR, line + 100)  # the county's line: every village
    assert sorted(figures.refresh(c.store, ctx)) == sorted([a_id, b_id])
    assert figures.refresh(c.store, ctx) == []
    tomorrow = dataclasses.replace(ctx, today=ctx.today + dt.timedelta(days=1))
    assert sorted(figures.refresh(c.store, tomorrow)) == sorted([a_id, b_id])
    progress = {r["code"]: r for r in dashboard.progress(c.store)}
    assert (
        progress[VILLAGE_A]["3"]
        == Counter(h.status for h in c.villages[VILLAGE_A].households.all())["3"] + 1
    )


def test_drill_down_from_county_to_village_to_household(imported: County) -> None:
    c = imported
    ctx = c.ctx()
    rows = dashboard.village(c.store, VILLAGE_A, ctx)
    assert [r["number"] for r in rows] == sorted(
        h.number for h in c.villages[VILLAGE_A].households.all()
    )
    blocked = next(
        r for r in dashboard.village(c.store, VILLAGE_B, ctx) if r["number"] == c.blocked
    )
    assert "water" in blocked["shortfalls"] and not blocked["ready"]
    one = dashboard.household(c.store, blocked["id"], ctx)
    assert any(f["code"] == "water_unsafe" and f["zh"] and f["en"] for f in one["findings"])
    assert one["history"] and one["history"][-1]["status"] == "2"


def test_cli_dashboard(imported: County, capsys: object) -> None:
    db = imported.store.target
    assert main(["county", "dashboard", "--db", db, "--year", str(YEAR), "--json"]) == 0
    page = json.loads(capsys.readouterr().out)  # type: ignore[attr-defined]
    assert {r["code"] for r in page["progress"]} == {VILLAGE_A, VILLAGE_B}
    assert main(["county", "dashboard", "--db", db, "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "进度 / progress" in out and "funds (yuan) by source" in out
    assert main(["county", "dashboard", "--db", db, "--village", VILLAGE_A]) == 0
    assert imported.ready in capsys.readouterr().out  # type: ignore[attr-defined]
    assert main(["county", "dashboard", "--db", db, "--village", "999999999999"]) == 2
    assert "找不到村" in capsys.readouterr().err  # type: ignore[attr-defined]
