"""`povdesk monitor …` (issue 16, domain.md §7): candidates with their reasons, a lead
through the identification procedure, and the risk-elimination guard with its written
overrides; every refusal is exit 2 with zh/en on stderr and leaves the store unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from app.main import main
from povdesk.codes import StoreRole
from povdesk.store import Store
from tests.conftest import person, snapshot

Run = pytest.CaptureFixture[str]
YEAR = dt.date.today().year - 1  # the default assessment year
TODAY = dt.date.today()
RANGE_YUAN = 9000
SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "roster-sample.csv"
REASON = "县医保局已全额报销，收入下月到账"


def run(capsys: Run, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: Run, *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def household(store: Store, number: str, income_yuan: int, village_id: str | None = None) -> str:
    """A 一般农户 of two working adults with safe water and insurance; `income_yuan` is
    the household's net income of YEAR (two people present)."""
    values = {"number": number, "group": "一组", "water_safe": True, "status": "0"}
    if village_id is not None:
        values["village_id"] = village_id
    hh = store.households.create(values)
    for n, relation in ((1, "01"), (2, "02")):
        store.members.add(
            hh.id,
            {
                "name": f"王{number}{n}",
                "relation": relation,
                "ins_medical": True,
                "labour": "1",
                "id_number": person(dt.date(1980, 3, 4), int(number[-2:]) * 4 + n),
            },
        )
    store.incomes.set(hh.id, YEAR, {"wages": income_yuan * 100})
    return hh.id


@pytest.fixture
def village(store: Store) -> str:
    """0001 far below the range (a candidate), 0002 well above it (not one)."""
    store.config.set_monitoring_range(YEAR, RANGE_YUAN * 100, "test")
    household(store, "0001", 6000)
    household(store, "0002", 60000)
    store.cadres.add({"name": "李建华", "unit": "县教育局"})
    path = store.target
    store.close()
    return path


@pytest.fixture
def county(tmp_path: Path) -> str:
    """A county store with one village, one household 0001 and a cadre: the county may
    record the county's decision."""
    with Store(str(tmp_path / "county.sqlite"), create=True, files=tmp_path / "f") as s:
        s.actor = "测试员"
        s.villages.init_store(StoreRole.COUNTY, "420323", "竹山县")
        v = s.villages.create("420323105201", "青龙村")
        s.config.set_monitoring_range(YEAR, RANGE_YUAN * 100, "test")
        household(s, "0001", 6000, village_id=v.id)
        s.cadres.add({"name": "李建华", "unit": "县教育局"})
        return s.target


def ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


def identify(capsys: Run, db: str, start: int) -> None:
    """Lead `start` days ago, then consent, review, a 7-day notice, township and county."""
    ok(capsys, "monitor", "add", "--db", db, "0001", "--type", "边缘易致贫户",
       "--risk", "因病,因学", "--lead", "干部走访排查", "--date", ago(start))  # fmt: skip
    ok(capsys, "monitor", "step", "--db", db, "0001", "--step", "入户核实",
       "--date", ago(start - 1), "--income", "3000")  # fmt: skip
    ok(capsys, "monitor", "consent", "--db", db, "0001", "--date", ago(start - 1))
    ok(capsys, "monitor", "step", "--db", db, "0001", "--step", "村级民主评议",
       "--date", ago(start - 2))  # fmt: skip
    ok(capsys, "monitor", "step", "--db", db, "0001", "--step", "村级公示",
       "--date", ago(start - 3), "--notice-end", ago(start - 9))  # fmt: skip
    ok(capsys, "monitor", "step", "--db", db, "0001", "--step", "乡镇审核",
       "--date", ago(start - 10))  # fmt: skip
    ok(capsys, "monitor", "step", "--db", db, "0001", "--step", "县级审定",
       "--date", ago(start - 12))  # fmt: skip


def records(capsys: Run, db: str) -> list[dict[str, object]]:
    data = json.loads(ok(capsys, "monitor", "list", "--db", db, "--json"))
    assert isinstance(data, list)
    return data


def test_candidates_json_gives_reasons_in_both_languages(village: str, capsys: Run) -> None:
    found = json.loads(ok(capsys, "monitor", "candidates", "--db", village, "--json"))
    assert [c["number"] for c in found] == ["0001"]  # 0002 earns six times the range
    (c,) = found
    assert c["type"] == {"code": "2", "zh": "边缘易致贫户", "en": "Near the line, at risk"}
    assert [r["code"] for r in c["reasons"]] == ["range_income_below"]
    assert "未高于监测范围" in c["reasons"][0]["zh"]
    assert "monitoring range" in c["reasons"][0]["en"]
    assert c["risks"] and {"code", "zh", "en"} <= set(c["risks"][0])


def test_candidates_say_a_missing_range_once(store: Store, capsys: Run) -> None:
    household(store, "0001", 6000)
    path = store.target
    store.close()
    code, _, err = run(capsys, "monitor", "candidates", "--db", path, "--year", str(YEAR))
    assert code == 0
    assert err.count(f"未设置 {YEAR} 年度监测范围") == 1
    assert "不是农户的问题" in err


def test_identification_round_trip_then_the_guard(county: str, capsys: Run) -> None:
    identify(capsys, county, 200)
    (rec,) = records(capsys, county)
    assert rec["state"]["zh"] == "监测中"
    assert rec["identified_on"] == ago(188)
    assert [r["zh"] for r in rec["risks"]] == ["因病", "因学"]
    assert rec["next_step"]["zh"] == "入户核实"  # the elimination procedure starts again

    # A home check finds the income still far below the range; no measure was taken.
    ok(capsys, "monitor", "step", "--db", county, "0001", "--step", "入户核实",
       "--date", ago(5), "--income", "3200.50")  # fmt: skip
    before = snapshot_of(county)
    code, _, err = run(capsys, "monitor", "eliminate", "--db", county, "0001")
    assert code == 2
    assert "不能标记风险消除" in err and "cannot be marked risk eliminated" in err
    assert "未落实帮扶措施" in err and "no assistance measure taken" in err
    assert snapshot_of(county) == before

    verdict = json.loads(ok(capsys, "monitor", "check", "--db", county, "0001", "--json"))
    assert verdict["allowed"] is False and verdict["overridable"] is True
    assert "elim_no_measure" in {r["code"] for r in verdict["reasons"]}

    # A named cadre's written reason lets it pass; the override is on the record.
    ok(capsys, "monitor", "eliminate", "--db", county, "0001",
       "--override-cadre", "李建华", "--override-reason", REASON)  # fmt: skip
    (rec,) = records(capsys, county)
    (over,) = rec["overrides"]
    assert over["step"] == "village_review"
    assert "elim_no_measure" in over["codes"]
    assert over["reason"].startswith("县医保局")


def test_notice_of_four_days_is_refused(county: str, capsys: Run) -> None:
    ok(capsys, "monitor", "add", "--db", county, "0001", "--type", "边缘易致贫户",
       "--risk", "因病", "--lead", "农户自主申报", "--date", ago(10))  # fmt: skip
    ok(capsys, "monitor", "consent", "--db", county, "0001", "--date", ago(9))
    for s in ("入户核实", "村级民主评议"):
        ok(capsys, "monitor", "step", "--db", county, "0001", "--step", s, "--date", ago(8))
    before = snapshot_of(county)
    code, _, err = run(capsys, "monitor", "step", "--db", county, "0001", "--step", "村级公示",
                       "--date", ago(7), "--notice-end", ago(4))  # fmt: skip
    assert code == 2
    assert "公示期不能少于 5 天（现为 4 天）" in err and "at least 5 days" in err
    assert snapshot_of(county) == before


def test_county_decision_is_refused_in_a_village(village: str, capsys: Run) -> None:
    ok(capsys, "monitor", "add", "--db", village, "0001", "--type", "边缘易致贫户",
       "--risk", "因病", "--lead", "部门筛查预警", "--date", ago(30))  # fmt: skip
    ok(capsys, "monitor", "consent", "--db", village, "0001", "--date", ago(29))
    for s, d in (("入户核实", 29), ("村级民主评议", 28)):
        ok(capsys, "monitor", "step", "--db", village, "0001", "--step", s, "--date", ago(d))
    ok(capsys, "monitor", "step", "--db", village, "0001", "--step", "村级公示",
       "--date", ago(27), "--notice-end", ago(21))  # fmt: skip
    ok(capsys, "monitor", "step", "--db", village, "0001", "--step", "乡镇审核", "--date", ago(20))
    before = snapshot_of(village)
    code, _, err = run(capsys, "monitor", "step", "--db", village, "0001", "--step", "县级审定")
    assert code == 2
    assert "只能由县扶贫办录入" in err and "Only the county office" in err
    assert snapshot_of(village) == before
    # 30 days without a county decision: the lead is overdue.
    (rec,) = json.loads(ok(capsys, "monitor", "list", "--db", village, "--overdue", "--json"))
    assert rec["overdue"] is True and rec["state"]["zh"] == "待识别"


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--type", "贫困户", "未知的监测对象类型"),
        ("--risk", "因病,因懒", "未知的风险类型"),
        ("--lead", "听说", "未知的线索来源"),
        ("--date", "2025-13-01", "格式不对"),
    ],
)
def test_bad_lead_input_is_exit_2(
    village: str, capsys: Run, option: str, value: str, said: str
) -> None:
    args = {"--type": "边缘易致贫户", "--risk": "因病", "--lead": "干部走访排查"}
    args[option] = value
    before = snapshot_of(village)
    flat = [x for kv in args.items() for x in kv]
    code, _, err = run(capsys, "monitor", "add", "--db", village, "0001", *flat)
    assert code == 2
    assert said in err and "povdesk: " in err
    assert snapshot_of(village) == before


def test_override_needs_a_known_cadre_and_a_reason(county: str, capsys: Run) -> None:
    identify(capsys, county, 200)
    ok(capsys, "monitor", "step", "--db", county, "0001", "--step", "入户核实", "--date", ago(5))
    before = snapshot_of(county)
    for extra, said in (
        (["--override-cadre", "李建华"], "需同时给出干部和理由"),
        (["--override-cadre", "张三", "--override-reason", REASON], "张三"),
    ):
        code, _, err = run(capsys, "monitor", "eliminate", "--db", county, "0001", *extra)
        assert code == 2 and said in err, extra
    assert snapshot_of(county) == before


def test_settings_show_and_set(village: str, capsys: Run) -> None:
    shown = json.loads(ok(capsys, "monitor", "settings", "--db", village, "--json"))
    assert shown["notice_days"] == 5
    set_ = json.loads(
        ok(capsys, "monitor", "settings", "--db", village, "--notice-days", "7", "--json")
    )
    assert set_["notice_days"] == 7 and set_["margin_pct"] == shown["margin_pct"]
    code, _, err = run(capsys, "monitor", "settings", "--db", village, "--margin", "5000")
    assert code == 2 and "之间" in err


def test_roster_import_can_add_non_poor_households(tmp_path: Path, capsys: Run) -> None:
    db = str(tmp_path / "v.sqlite")
    ok(
        capsys,
        "init",
        "--db",
        db,
        "--role",
        "village",
        "--code",
        "420323105201",
        "--name",
        "青龙村",
    )
    code, _, err = run(capsys, "roster", "import", "--db", db, str(SAMPLE), "--status", "已脱贫")
    assert code == 2 and "一般农户" in err  # an exit goes through the exit guard, not here
    # A roster of households never registered poor has no 脱贫属性 column.
    rows_in = list(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines()))
    gone = rows_in[0].index("脱贫属性")
    plain = tmp_path / "plain.csv"
    with plain.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([r[:gone] + r[gone + 1 :] for r in rows_in])
    ok(capsys, "roster", "import", "--db", db, str(plain), "--status", "一般农户")
    rows = json.loads(ok(capsys, "list", "--db", db, "--json"))
    assert len(rows) == 3 and {r["status_label"] for r in rows} == {"一般农户"}


def snapshot_of(path: str) -> object:
    with Store(path) as s:
        return snapshot(s)


@pytest.mark.parametrize(
    "command", ["candidates", "list", "add", "consent", "step", "eliminate", "check", "settings"]
)
def test_every_monitor_command_explains_itself(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["monitor", command, "--help"])
    assert done.value.code == 0
    assert "--db" in capsys.readouterr().out


def test_an_event_is_recorded_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "v.sqlite")
    assert main(["demo", "--db", db, "--households", "6", "--seed", "3"]) == 0
    with Store(db) as store:
        hh = store.households.all()[0]
        name = store.members.of(hh.id, present_only=True)[0].name
    argv = ["monitor", "event", "--db", db, hh.number, "--kind", "意外事故", "--member", name]
    assert main([*argv, "--date", "2026-01-05", "--note", "摔伤"]) == 0
    assert main([*argv[:-2], "--member", "没有这个人"]) == 2
    assert "没有唯一的成员" in capsys.readouterr().err
    assert main(["monitor", "event", "--db", db, hh.number, "--kind", "出生"]) == 2
    with Store(db) as store:
        kinds = [e.kind for e in store.members.events(hh.id) if e.date.isoformat() == "2026-01-05"]
    assert kinds == ["accident"]
