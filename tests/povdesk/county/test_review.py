"""The review queue and the county's decision, which travels back in the return bundle."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.codes import HouseholdStatus
from povdesk.county import review
from povdesk.errors import ExitBlocked, NotFound, UserError
from povdesk.store import Store
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import VILLAGE_A, full_snapshot

PROPOSED = HouseholdStatus.PROPOSED.value
EXITED = HouseholdStatus.EXITED.value
POOR = HouseholdStatus.POOR.value


@pytest.fixture
def imported(county: County) -> County:
    import_folder(county.store, [county.usb])
    return county


def status_of(store: Store, number: str) -> str:
    return store.households.get(number).status


def test_queue_lists_every_proposed_household_with_its_evidence(imported: County) -> None:
    c = imported
    rows = review.queue(c.store, c.ctx())

    proposed = {
        (v.meta()["area_code"], h.number)
        for v in c.villages.values()
        for h in v.households.all()
        if h.status == PROPOSED
    }
    assert {(r["village_code"], r["number"]) for r in rows} == proposed
    ready = next(r for r in rows if r["number"] == c.ready)
    assert ready["blocking_open"] == 0
    assert all(ready["checklist"].values())
    blocked = next(r for r in rows if r["number"] == c.blocked)
    assert blocked["blocking_open"] >= 1 and blocked["checklist"]["water"] is False
    assert any(f["blocking"] and f["code"] == "water_unsafe" for f in blocked["findings"])
    # evidence counted as the village recorded it
    village = c.villages[VILLAGE_A]
    hh = village.households.get(c.ready)
    assert ready["visits"] == len(village.visits.of(hh.id))
    assert review.queue(c.store, c.ctx(), village=VILLAGE_A) == [
        r for r in rows if r["village_code"] == VILLAGE_A
    ]


def test_certify_goes_back_to_the_team_in_the_return_bundle(imported: County) -> None:
    c = imported
    record = review.decide(c.store, c.ready, review.CERTIFY, "入户核实无误", ctx=c.ctx())

    assert record.status == EXITED and record.decided_by == "县扶贫办审核员"
    assert status_of(c.store, c.ready) == EXITED
    assert c.ready not in {r["number"] for r in review.queue(c.store, c.ctx())}
    audit = c.store.audit.verify()
    assert audit == []

    c.back_to(VILLAGE_A)
    village = c.villages[VILLAGE_A]
    assert status_of(village, c.ready) == EXITED
    history = village.status.history(village.households.get(c.ready).id)
    assert history[-1].status == EXITED and history[-1].reason == "入户核实无误"


def test_reject_returns_the_household_with_the_reason(imported: County) -> None:
    c = imported
    review.decide(c.store, c.ready, review.REJECT, "公示期内有异议,请补充收入佐证", ctx=c.ctx())

    assert status_of(c.store, c.ready) == POOR
    c.back_to(VILLAGE_A)
    village = c.villages[VILLAGE_A]
    assert status_of(village, c.ready) == POOR
    last = village.status.history(village.households.get(c.ready).id)[-1]
    assert last.reason == "公示期内有异议,请补充收入佐证"


def test_a_blocking_finding_stops_certification_and_nothing_changes(imported: County) -> None:
    c = imported
    blocked = next(r for r in review.queue(c.store, c.ctx()) if r["number"] == c.blocked)
    before = full_snapshot(c.store)
    with pytest.raises(ExitBlocked) as caught:
        review.decide(c.store, blocked["id"], review.CERTIFY, "同意", ctx=c.ctx())
    assert "不能标记退出" in caught.value.zh and "cannot be marked" in caught.value.en
    assert full_snapshot(c.store) == before


def test_an_override_on_record_lets_certification_through(imported: County) -> None:
    """The team wrote a named override when proposing: the county sees it in the queue
    and may certify; the certificate points at that override."""
    c = imported
    village = c.villages[VILLAGE_A]
    ctx = village.config.context(year=2025)
    target = next(
        x
        for x in village.checks.evaluate(ctx=ctx)
        if x.household.status == POOR and not x.readiness.ready
    )
    from povdesk.services.status import Override

    cadre = village.cadres.all()[0].id
    village.status.change(
        target.household.id,
        HouseholdStatus.PROPOSED,
        year=2025,
        override=Override(cadre, "已签订改造协议,施工队已进场,年底前完工"),
    )
    import_folder(c.store, [c.export(VILLAGE_A, "second.pvb")])
    row = next(r for r in review.queue(c.store, c.ctx()) if r["id"] == target.household.id)
    assert row["blocking_open"] == 0 and row["overrides"]

    record = review.decide(c.store, target.household.id, review.CERTIFY, "核实", ctx=c.ctx())
    assert record.status == EXITED and record.override_id is not None


def test_bad_decisions_are_refused_with_nothing_changed(imported: County, capsys: object) -> None:
    c = imported
    before = full_snapshot(c.store)
    exited = next(h for h in c.store.households.all() if h.status == EXITED)
    with pytest.raises(NotFound):
        review.decide(c.store, "no-such-household", review.CERTIFY, "", ctx=c.ctx())
    with pytest.raises(UserError) as caught:
        review.decide(c.store, exited.id, review.CERTIFY, "", ctx=c.ctx())
    assert caught.value.code == "not_proposed"
    with pytest.raises(UserError) as caught:
        review.decide(c.store, c.ready, review.REJECT, " ", ctx=c.ctx())
    assert caught.value.code == "invalid"
    assert full_snapshot(c.store) == before

    db = c.store.target
    assert main(["county", "decide", "--db", db, exited.id, "certify"]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "不在待审核的拟退出名单中" in err and "not proposed for exit" in err
    assert main(["county", "decide", "--db", db, "0000", "reject", "--reason", "理由充分"]) == 2
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert "找不到户" in err and "No household found" in err
    assert full_snapshot(c.store) == before


def test_cli_queue_and_decide(imported: County, capsys: object) -> None:
    c = imported
    db = c.store.target
    assert main(["county", "queue", "--db", db, "--year", "2025", "--json"]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert c.ready in out
    code = main(
        [
            "county",
            "decide",
            "--db",
            db,
            c.ready,
            "certify",
            "--village",
            VILLAGE_A,
            "--year",
            "2025",
            "--reason",
            "入户核实",
        ]
    )
    assert code == 0
    assert "Exit certified" in capsys.readouterr().err  # type: ignore[attr-defined]
    assert status_of(c.store, c.ready) == EXITED


def test_the_queue_says_what_the_decision_does_for_every_household(imported: County) -> None:
    """One rule in one place (services.status.write_status): a household the queue shows
    with nothing open is certified, and one it shows blocked is refused. An override given
    for another year covers nothing this year, in the queue as in the decision."""
    from povdesk.services.status import Override

    c = imported
    village = c.villages[VILLAGE_A]
    target = next(
        x
        for x in village.checks.evaluate(ctx=village.config.context(year=2025))
        if x.household.status == POOR and x.readiness.ready
    )
    village.households.update(target.household.id, {"water_safe": False})
    village.status.change(
        target.household.id,
        HouseholdStatus.PROPOSED,
        year=2024,  # last year's override: it says nothing about 2025
        override=Override(village.cadres.all()[0].id, "上一年度已核实饮水，书面说明在案"),
    )
    import_folder(c.store, [c.export(VILLAGE_A, "second.pvb")])
    rows = review.queue(c.store, c.ctx())
    assert len(rows) >= 3
    verdicts = {r["id"]: r["certifiable"] for r in rows}
    assert all(r["certifiable"] is (r["blocking_open"] == 0) for r in rows)  # lines are set
    assert verdicts[target.household.id] is False
    assert {True, False} <= set(verdicts.values())
    for r in rows:
        try:
            review.decide(c.store, r["id"], review.CERTIFY, "县里核实", ctx=c.ctx())
            certified = True
        except ExitBlocked as refused:
            certified = False
            shown = [x["zh"] for x in r["blocking_reasons"]]
            assert all(z in refused.zh for z in shown)
        assert certified is verdicts[r["id"]], r["number"]


def test_a_missing_line_is_no_open_finding_in_the_queue_but_refuses_certification(
    imported: County,
) -> None:
    """domain.md §8 at the county: the queue counts no household problem for it, names
    the gap, and says (as the decision then does) that nothing can be certified yet."""
    from povdesk.store.tx import table

    c = imported
    with c.store.tx() as tx:
        t = table("poverty_line")
        for row_id in tx.conn.execute(select(t.c.id).where(t.c.year == 2025)).scalars():
            tx.delete("poverty_line", row_id)
    rows = review.queue(c.store, c.ctx())
    ready = next(r for r in rows if r["number"] == c.ready)
    assert ready["blocking_open"] == 0 and ready["blocking_reasons"] == []
    assert ready["certifiable"] is False
    assert [g["kind"] for g in ready["standard_gaps"]][:1] == ["poverty_line"]
    before = full_snapshot(c.store)
    with pytest.raises(ExitBlocked) as refused:
        review.decide(c.store, ready["id"], review.CERTIFY, "县里核实", ctx=c.ctx())
    assert "2025 年度扶贫标准" in refused.value.zh and not refused.value.overridable
    assert full_snapshot(c.store) == before
