"""The demo village's monitoring picture (domain.md §7): every type of monitoring object,
honest eliminations the guard lets pass at their date, exactly one false elimination it
catches, overdue leads, and candidates with each kind of warning."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest

from povdesk.codes import HouseholdStatus, MonitorState, MonitorType
from povdesk.demo import DemoStats, init_and_generate
from povdesk.rules.elimination import elimination_verdict
from povdesk.rules.monitoring import current_record
from povdesk.services.checks import HouseholdCheck, summarise
from povdesk.store import Store

TODAY = dt.date(2026, 6, 30)
N = 120


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoStats]]:
    store = Store(tmp_path_factory.mktemp("demo") / "m.sqlite", create=True)
    stats = init_and_generate(store, households=N, seed=1, today=TODAY)
    yield store, stats
    store.close()


@pytest.fixture(scope="module")
def checks(demo: tuple[Store, DemoStats]) -> list[HouseholdCheck]:
    store = demo[0]
    return store.checks.evaluate(ctx=store.config.context(today=TODAY))


def test_each_type_is_monitored(demo: tuple[Store, DemoStats]) -> None:
    store, stats = demo
    records = store.monitoring.records()
    included = [r for r in records if r.identified_on is not None]
    assert {r.type for r in included} == {t.value for t in MonitorType}
    assert stats.monitoring is not None and stats.monitoring.objects == len(included)
    # Each went from lead to the county's decision within 15 days, consent signed.
    for r in included:
        assert r.consent_date is not None
        assert (r.identified_on - r.lead_date).days <= 15
        assert store.monitoring.steps(r.id)[0].per_capita_income is not None
    # Their measures name the record and the risk they answer.
    measures = [m for h in {r.household_id for r in included} for m in store.measures.of(h)]
    linked = {m.monitoring_id for m in measures if m.monitoring_id}
    assert linked == {r.id for r in included}
    assert all(m.risk for m in measures if m.monitoring_id)


def test_ordinary_households_join_the_register(demo: tuple[Store, DemoStats]) -> None:
    store, stats = demo
    assert stats.monitoring is not None
    plain = [h for h in store.households.all() if h.status == HouseholdStatus.NON_POOR.value]
    assert len(plain) == stats.monitoring.non_poor >= 6
    assert stats.households == N == len(store.households.all()) - len(plain)


def test_honest_eliminations_pass_the_guard_at_their_date(
    demo: tuple[Store, DemoStats],
) -> None:
    store, _ = demo
    ctx = store.config.context(today=TODAY)
    eliminated = [r for r in store.monitoring.records() if r.state == MonitorState.ELIMINATED.value]
    verdicts = []
    for r in eliminated:
        file = store.monitoring.file(r.household_id)
        record = current_record(file)
        assert record is not None and record.eliminated_on is not None
        verdicts.append(elimination_verdict(file, ctx, record, as_of=record.eliminated_on))
    assert sum(v.allowed and not v.overridden for v in verdicts) >= 1
    assert sum(not v.allowed for v in verdicts) == 1  # the false one


def test_exactly_one_false_elimination_and_overdue_leads(checks: list[HouseholdCheck]) -> None:
    codes = Counter(f.code for c in checks for f in c.findings)
    assert codes["false_elimination"] == 1
    assert codes["lead_overdue"] >= 1
    (false,) = [f for c in checks for f in c.findings if f.code == "false_elimination"]
    assert "刚性支出未解决" in false.zh
    # and the village summary (the overview, `povdesk summary`) counts it
    assert summarise(checks, TODAY).false_eliminations == 1


def test_candidates_show_every_kind_of_warning(demo: tuple[Store, DemoStats]) -> None:
    store, _ = demo
    found = list(store.monitoring.candidates(ctx=store.config.context(today=TODAY)))
    codes = Counter(f.code for c in found for f in c.reasons)
    for code in ("range_income_below", "range_income_near", "rigid_expenditure", "life_event"):
        assert codes[code] >= 1, code
    monitored = {r.household_id for r in store.monitoring.records() if r.state in "013"}
    assert not monitored & {c.household_id for c in found}
