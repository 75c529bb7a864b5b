"""The monitoring service: leads, consent, the procedure in order, the guard inside the
write, the county's decision only at the county, and nothing half-written on refusal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from povdesk.codes import ChecklistItem, CheckStatus, MeasureStatus, MonitorState, StoreRole
from povdesk.errors import EliminationBlocked, UserError, ValidationError
from povdesk.services.status import Override
from povdesk.store import Store
from tests.conftest import person, snapshot

TODAY = dt.date.today()
YEAR = TODAY.year - 1


def day(n: int) -> dt.date:
    """`n` days ago."""
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def county(tmp_path: Path) -> Iterator[Store]:
    """A county store: the only place a county decision may be written."""
    s = Store(tmp_path / "county.sqlite", create=True, files=tmp_path / "files")
    s.villages.init_store(StoreRole.COUNTY, "422823", "巴东县")
    v = s.villages.create("422823107205", "演示村")
    for year in (YEAR, TODAY.year):
        s.config.set_monitoring_range(year, 800_000)
    h = s.households.create(
        {"number": "0001", "village_id": v.id, "status": "3", "water_safe": True}
    )
    for i, (name, rel, born) in enumerate(
        [("向德明", "01", dt.date(1975, 1, 2)), ("田秀英", "02", dt.date(1977, 3, 4))]
    ):
        s.members.add(
            h.id,
            {
                "name": name,
                "relation": rel,
                "labour": "1",
                "ins_medical": True,
                "ins_serious": True,
                "id_number": person(born, 11 + 2 * i),
            },
        )
    s.incomes.set(h.id, YEAR, {"wages": 3_000_000})  # 15,000 yuan each
    for item in ChecklistItem:
        s.assessments.record(h.id, item, CheckStatus.MET, on=day(400))
    yield s
    s.close()


def identify(s: Store, start: int = 300) -> None:
    """A lead `start` days ago taken through the whole identification procedure."""
    m = s.monitoring
    m.add_lead("0001", type="脱贫不稳定户", risks=["因病"], source="干部走访排查", on=day(start))
    m.consent("0001", day(start - 1), scan=b"%PDF-1.4 signed")
    m.step("0001", "入户核实", on=day(start - 1), per_capita_income=1_000_000)
    m.step("0001", "村级民主评议", on=day(start - 2))
    m.step("0001", "村级公示", on=day(start - 3), notice_end=day(start - 7))
    m.step("0001", "乡镇审核", on=day(start - 8))
    m.step("0001", "县级审定", on=day(start - 9))


def test_identification_procedure_makes_a_monitoring_object(county: Store) -> None:
    identify(county)
    (record,) = county.monitoring.records()
    assert record.state == MonitorState.MONITORING.value
    assert record.identified_on == day(291)
    assert record.consent_date == day(299) and record.consent_attachment_id
    steps = county.monitoring.steps(record.id)
    assert [s.seq for s in steps] == [1, 2, 3, 4, 5]
    assert steps[-1].actor  # attributed


def test_steps_out_of_order_are_refused_and_nothing_is_written(county: Store) -> None:
    m = county.monitoring
    m.add_lead("0001", type="边缘易致贫户", risks=["因学"], source="农户自主申报", on=day(30))
    before = snapshot(county)
    for step, kw in [
        ("村级公示", {"notice_end": day(20)}),
        ("乡镇审核", {}),
        ("县级审定", {}),
    ]:
        with pytest.raises(UserError) as err:
            m.step("0001", step, on=day(25), **kw)
        assert err.value.code == "bad_order"
    # The village review waits for the household's signed consent.
    m.step("0001", "入户核实", on=day(26))
    before = snapshot(county)
    with pytest.raises(UserError) as err:
        m.step("0001", "村级民主评议", on=day(25))
    assert err.value.code == "no_consent"
    assert snapshot(county) == before


def test_a_notice_shorter_than_five_days_is_refused(county: Store) -> None:
    m = county.monitoring
    m.add_lead("0001", type="边缘易致贫户", risks=["因学"], source="农户自主申报", on=day(30))
    m.consent("0001", day(29))
    m.step("0001", "入户核实", on=day(29))
    m.step("0001", "村级民主评议", on=day(28))
    with pytest.raises(ValidationError, match="公示期不能少于 5 天"):
        m.step("0001", "村级公示", on=day(27), notice_end=day(24))
    m.step("0001", "村级公示", on=day(27), notice_end=day(23))
    with pytest.raises(UserError) as err:  # the township reviews once the notice is over
        m.step("0001", "乡镇审核", on=day(23))
    assert err.value.code == "notice_running"
    m.step("0001", "乡镇审核", on=day(22))


def test_only_the_county_records_its_decision(county: Store) -> None:
    m = county.monitoring
    m.add_lead("0001", type="边缘易致贫户", risks=["因病"], source="干部走访排查", on=day(30))
    m.consent("0001", day(29))
    m.step("0001", "入户核实", on=day(29))
    m.step("0001", "村级民主评议", on=day(28))
    m.step("0001", "村级公示", on=day(27), notice_end=day(20))
    m.step("0001", "乡镇审核", on=day(19))
    with county.tx() as tx:
        tx.set_meta("role", StoreRole.VILLAGE.value)
    with pytest.raises(UserError) as err:
        m.step("0001", "县级审定", on=day(18))
    assert err.value.code == "county_only"
    assert county.monitoring.records()[0].state == MonitorState.PENDING.value


def test_a_refused_lead_stays_on_record_as_not_included(county: Store) -> None:
    m = county.monitoring
    m.add_lead("0001", type="边缘易致贫户", risks=["因病"], source="干部走访排查", on=day(30))
    m.consent("0001", day(29))
    m.step("0001", "入户核实", on=day(29))
    m.step("0001", "村级民主评议", on=day(28), outcome="不通过", note="收入核实后高于范围")
    (record,) = m.records()
    assert record.state == MonitorState.NOT_INCLUDED.value
    # A new lead may be added later; it is a new record, not a return.
    m.add_lead("0001", type="边缘易致贫户", risks=["因病"], source="干部走访排查", on=day(5))
    assert [r.previous_id for r in m.records()] == [None, None]


def test_a_second_open_lead_is_refused(county: Store) -> None:
    m = county.monitoring
    m.add_lead("0001", type="边缘易致贫户", risks=["因病"], source="干部走访排查", on=day(3))
    with pytest.raises(UserError) as err:
        m.add_lead("0001", type="突发严重困难户", risks=["因灾"], source="农户自主申报")
    assert err.value.code == "already_monitored"


def test_bad_codes_are_refused_in_both_languages(county: Store) -> None:
    with pytest.raises(ValidationError) as err:
        county.monitoring.add_lead("0001", type="贫困户", risks=["因懒"], source="电话")
    assert "监测对象类型" in err.value.zh and "风险类型" in err.value.zh
    assert "unknown" in err.value.en
    assert county.monitoring.records() == []


def _measure(s: Store) -> None:
    record = s.monitoring.records()[-1]
    hh = s.households.get("0001")
    s.measures.add(
        hh.id,
        {
            "year": YEAR,
            "content": "大病救助",
            "status": MeasureStatus.DONE.value,
            "monitoring_id": record.id,
            "risk": "01",
        },
    )


def eliminate(s: Store, override: Override | None = None) -> None:
    m = s.monitoring
    m.step("0001", "入户核实", on=day(100), per_capita_income=1_200_000)
    m.propose_elimination("0001", on=day(20), override=override)
    m.step("0001", "村级公示", on=day(19), notice_end=day(13))
    m.step("0001", "乡镇审核", on=day(12))
    m.step("0001", "县级审定", on=day(11))


def test_an_honest_elimination_passes_the_guard(county: Store) -> None:
    identify(county)
    _measure(county)
    eliminate(county)
    (record,) = county.monitoring.records()
    assert record.state == MonitorState.ELIMINATED.value
    assert record.eliminated_on == day(11)
    checks = county.checks.evaluate()
    assert not {f.code for c in checks for f in c.findings} & {
        "false_elimination",
        "elimination_override",
    }


def test_the_proposal_is_refused_through_the_guard(county: Store) -> None:
    identify(county)  # no measure taken yet
    county.monitoring.step("0001", "入户核实", on=day(100), per_capita_income=1_200_000)
    before = snapshot(county)
    with pytest.raises(EliminationBlocked) as err:
        county.monitoring.propose_elimination("0001", on=day(20))
    assert "未落实帮扶措施" in err.value.zh and err.value.overridable
    assert err.value.code == "elimination_blocked"
    assert snapshot(county) == before


def test_an_override_needs_a_named_cadre_and_a_reason(county: Store) -> None:
    identify(county)
    cadre = county.cadres.add({"name": "李建华", "unit": "县医保局"})
    county.monitoring.step("0001", "入户核实", on=day(100), per_capita_income=1_200_000)
    with pytest.raises(ValidationError):
        county.monitoring.propose_elimination(
            "0001", on=day(20), override=Override(cadre.id, "同意")
        )
    with pytest.raises(UserError):
        county.monitoring.propose_elimination(
            "0001", on=day(20), override=Override("nobody", "措施已落实，见乡镇会议纪要")
        )
    done = county.monitoring.propose_elimination(
        "0001", on=day(20), override=Override(cadre.id, "措施已落实，见乡镇会议纪要第三条")
    )
    assert done.override_codes == ["elim_no_measure"] and done.override_cadre_id == cadre.id
    m = county.monitoring
    m.step("0001", "村级公示", on=day(19), notice_end=day(13))
    m.step("0001", "乡镇审核", on=day(12))
    m.step("0001", "县级审定", on=day(11))  # the village's override carries to the county
    findings = {f.code: f for c in county.checks.evaluate() for f in c.findings}
    assert "李建华" in findings["elimination_override"].zh
    assert "false_elimination" not in findings


def test_falling_back_after_elimination_returns_to_monitoring(county: Store) -> None:
    identify(county)
    _measure(county)
    eliminate(county)
    m = county.monitoring
    m.add_lead("0001", type="脱贫不稳定户", risks=["因灾"], source="干部走访排查", on=day(10))
    m.consent("0001", day(9))
    m.step("0001", "入户核实", on=day(9))
    m.step("0001", "村级民主评议", on=day(9))
    m.step("0001", "村级公示", on=day(8), notice_end=day(4))
    m.step("0001", "乡镇审核", on=day(3))
    m.step("0001", "县级审定", on=day(2))
    old, new = m.records()
    assert old.state == MonitorState.ELIMINATED.value  # history is kept
    assert new.state == MonitorState.RETURNED.value and new.previous_id == old.id


def test_a_measure_names_only_its_own_households_record(county: Store) -> None:
    identify(county)
    other = county.households.create({"number": "0002", "status": "3"})
    record = county.monitoring.records()[0]
    with pytest.raises(ValidationError):
        county.measures.add(other.id, {"year": YEAR, "monitoring_id": record.id})
    with pytest.raises(ValidationError):
        county.measures.add(other.id, {"year": YEAR, "risk": "因懒"})


def test_monitor_settings_have_bounds(county: Store) -> None:
    assert county.config.monitor_settings().decide_days == 15
    county.config.set_monitor_settings(margin_pct=30, decide_days=10)
    got = county.config.monitor_settings()
    assert (got.margin_pct, got.decide_days, got.drop_pct) == (30, 10, 30)
    assert county.config.context().monitor == got
    with pytest.raises(ValidationError, match="公示天数"):
        county.config.set_monitor_settings(notice_days=4)
    assert county.config.monitor_settings() == got


def test_candidates_stream_with_reasons(county: Store) -> None:
    county.incomes.set(county.households.get("0001").id, YEAR, {"wages": 1_000_000})
    (found,) = list(county.monitoring.candidates())
    assert found.number == "0001"
    assert [r.code for r in found.reasons] == ["range_income_below"]
    identify(county, start=20)
    assert list(county.monitoring.candidates()) == []  # now under monitoring


def test_a_hardship_event_makes_a_candidate_and_is_checked(county: Store) -> None:
    hh = county.households.get("0001")
    head = county.members.of(hh.id)[0]
    assert list(county.monitoring.candidates()) == []
    county.members.hardship(hh.id, "突患大病", day(30), member_id=head.id, note="脑梗住院")
    (found,) = list(county.monitoring.candidates())
    assert [r.code for r in found.reasons] == ["life_event"]
    assert "向德明突患大病" in found.reasons[0].zh and found.risks == ("01",)
    before = snapshot(county)
    with pytest.raises(ValidationError):
        county.members.hardship(hh.id, "出生", day(3))  # not a hardship
    other = county.households.create({"number": "0002", "status": "3"})
    with pytest.raises(ValidationError):
        county.members.hardship(other.id, "遭受灾害", day(3), member_id=head.id)
    with pytest.raises(ValidationError):
        county.members.hardship(hh.id, "遭受灾害", TODAY + dt.timedelta(days=1))
    assert len(county.members.events(hh.id)) == 1
    assert snapshot(county)["life_event"] == before["life_event"]
