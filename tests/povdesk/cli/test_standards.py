"""Standards that travel, from the command line (issue 10, domain.md §8).

A missing standard is said once, to whoever can enter it, and never turns into a household
problem; the county's figure reaches the village in the return bundle and wins there."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text

from app.main import main
from povdesk.store import Store
from povdesk.store.tx import table

VILLAGE = "422823107205"
COUNTY = "422823"
YEAR = dt.date.today().year - 1  # the default assessment year
GAP = f"未设置 {YEAR} 年度扶贫标准"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out, err


def link(capsys: pytest.CaptureFixture[str], tmp: Path, village: str, county: str) -> None:
    """Each trusts the other's key (the village with the fingerprint read out)."""
    shown = json.loads(ok(capsys, "key", "show", "--db", county, "--json")[0])
    ok(capsys, "key", "export", "--db", village, "--out", str(tmp / "v.pvkey"))
    ok(capsys, "key", "export", "--db", county, "--out", str(tmp / "c.pvkey"))
    ok(
        capsys,
        "trust",
        "--db",
        village,
        str(tmp / "c.pvkey"),
        "--fingerprint",
        shown["fingerprint"],
    )
    ok(capsys, "trust", "--db", county, str(tmp / "v.pvkey"))


def send(capsys: pytest.CaptureFixture[str], src: str, dst: str, usb: Path, *to: str) -> None:
    usb.mkdir(exist_ok=True)
    for old in usb.glob("*.pvb"):
        old.unlink()
    ok(capsys, "export", "--db", src, *to, "--out", str(usb))
    [bundle] = usb.glob("*.pvb")
    ok(capsys, "import", "--db", dst, str(bundle))


def verdicts(capsys: pytest.CaptureFixture[str], db: str) -> tuple[set[Any], str]:
    out, err = ok(capsys, "check", "--db", db, "--json")
    return {(f["household_number"], f["code"], f["blocking"]) for f in json.loads(out)}, err


@pytest.fixture
def village_and_county(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str, Path]:
    """A village registered with `init` (so it has no line after 2020), its households
    from a demo village's roster, and a fresh county that has imported its bundle."""
    demo, v, c = (str(tmp_path / n) for n in ("demo.sqlite", "v.sqlite", "c.sqlite"))
    ok(capsys, "demo", "--db", demo, "--households", "30", "--code", VILLAGE)
    ok(capsys, "report", "--db", demo, "--xlsx", str(tmp_path / "r.xlsx"))
    ok(capsys, "init", "--db", v, "--role", "village", "--code", VILLAGE, "--name", "青龙村")
    ok(capsys, "roster", "import", "--db", v, str(tmp_path / "r.xlsx"))
    ok(capsys, "init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东县")
    link(capsys, tmp_path, v, c)
    send(capsys, v, c, tmp_path / "usb")
    return v, c, tmp_path


def test_a_fresh_county_judges_households_as_the_village_does(
    village_and_county: tuple[str, str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    v, c, tmp = village_and_county
    at_village, village_err = verdicts(capsys, v)
    at_county, county_err = verdicts(capsys, c)
    assert at_village == at_county and at_village
    codes = {code for _, code, _ in at_county}
    assert not codes & {"poverty_line_missing", "standard_missing"}
    # Said once, to whoever can enter it: the county enters, the village waits for it.
    assert county_err.count(GAP) == 1 and "povdesk standards set" in county_err
    assert village_err.count(GAP) == 1 and "回传数据包" in village_err
    summary = json.loads(ok(capsys, "summary", "--db", v, "--json")[0])
    board = json.loads(ok(capsys, "county", "dashboard", "--db", c, "--json")[0])
    totals = board["shortfall_totals"]
    assert {k: totals.get(k, 0) for k in summary["shortfalls"]} == summary["shortfalls"]
    assert summary["ready"] == 0 and summary["undetermined"] >= 0
    # A household is a fake exit only for a problem of its own.
    exited_blocked = {n for n, code, _ in at_village if code == "false_exit"}
    assert summary["false_exits"] == len(exited_blocked)
    assert board["standard_gaps"][0]["kind"] == "poverty_line"
    assert board["standard_gaps"][0]["year"] == YEAR
    out, _ = ok(capsys, "county", "dashboard", "--db", c)
    assert out.splitlines()[0].startswith("缺少标准") and GAP in out
    ok(capsys, "report", "--db", c, "--xlsx", str(tmp / "county.xlsx"))
    notes = [r[0] for r in load_workbook(tmp / "county.xlsx")["说明"].iter_rows(values_only=True)]
    assert sum(GAP in (n or "") for n in notes) == 1


def test_summary_names_a_county_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = str(tmp_path / "c.sqlite")
    ok(capsys, "init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东县")
    out, err = ok(capsys, "summary", "--db", c)
    assert out.splitlines()[0] == f"巴东县（{COUNTY}）{YEAR} 年度概况"
    assert err.count(GAP) == 1


def test_a_proposal_is_refused_while_the_line_is_missing_and_no_override_helps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v = str(tmp_path / "v.sqlite")
    ok(capsys, "demo", "--db", v, "--households", "30", "--code", VILLAGE)
    with Store(v) as store, store.tx() as tx:  # a village whose year has no line yet
        t = table("poverty_line")
        for row_id in tx.conn.execute(select(t.c.id).where(t.c.year == YEAR)).scalars():
            tx.delete("poverty_line", row_id)
    rows = json.loads(ok(capsys, "list", "--db", v, "--json")[0])
    free = [r for r in rows if r["blocking"] == 0 and r["status"] == "1"]
    assert free, "the demo village has poor households with nothing blocking"
    number = free[0]["number"]
    assert not free[0]["ready"]  # undetermined: neither ready nor blocked
    cadre = json.loads(ok(capsys, "show", "--db", v, number, "--json")[0])
    code, _, err = run(capsys, "status", "--db", v, number, "拟退出")
    assert code == 2 and GAP in err and "书面说明理由" not in err
    code, _, err = run(
        capsys,
        "status",
        "--db",
        v,
        number,
        "拟退出",
        "--override-cadre",
        cadre["pairings"][-1]["cadre_id"],
        "--override-reason",
        "十个字以上的书面理由写在这里",
    )
    assert code == 2 and GAP in err
    history = json.loads(ok(capsys, "show", "--db", v, number, "--json")[0])
    assert history["household"]["status"] == "1"
    ok(capsys, "standards", "set", "--db", v, "--year", str(YEAR), "--line", "1.00")
    ok(capsys, "status", "--db", v, number, "拟退出")  # the village's provisional figure
    after = json.loads(ok(capsys, "show", "--db", v, number, "--json")[0])
    assert after["household"]["status"] == "2"


def test_the_county_figure_reaches_the_village_and_wins(
    village_and_county: tuple[str, str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    v, c, tmp = village_and_county
    # The village enters a provisional figure of its own while it waits.
    ok(capsys, "standards", "set", "--db", v, "--year", str(YEAR), "--line", "1.00")
    own = json.loads(ok(capsys, "standards", "list", "--db", v, "--year", str(YEAR), "--json")[0])
    assert [(s["kind"], s["amount_fen"], s["source"]) for s in own] == [
        ("poverty_line", 100, "own")
    ]
    before, err = verdicts(capsys, v)
    assert GAP not in err and not any(code == "income_below_line" for _, code, _ in before)
    _, err = ok(
        capsys,
        "standards",
        "set",
        "--db",
        c,
        "--year",
        str(YEAR),
        "--line",
        "99999.99",
        "--source",
        "某省〔2026〕1号",
    )
    assert "99999.99" in err
    send(capsys, c, v, tmp / "usb", "--to", VILLAGE)
    got = json.loads(ok(capsys, "standards", "list", "--db", v, "--year", str(YEAR), "--json")[0])
    assert [(s["kind"], s["amount_fen"], s["source"], s["note"]) for s in got] == [
        ("poverty_line", 9_999_999, "county", "某省〔2026〕1号")
    ]
    code, _, err = run(capsys, "standards", "set", "--db", v, "--year", str(YEAR), "--line", "2")
    assert code == 2 and "由县扶贫办下发" in err
    again = json.loads(ok(capsys, "standards", "list", "--db", v, "--year", str(YEAR), "--json")[0])
    assert again == got
    after, _ = verdicts(capsys, v)
    below = {n for n, code, _ in after if code == "income_below_line"}
    with_income = {
        r["number"]
        for r in json.loads(ok(capsys, "list", "--db", v, "--json")[0])
        if not any(n == r["number"] and code == "income_missing" for n, code, _ in after)
        and r["status"] != "0"  # the exit standard is the register's: no 一般农户 exits
    }
    assert below and below == with_income  # every household with income is below 99,999.99
    shown = json.loads(ok(capsys, "show", "--db", v, sorted(below)[0], "--json")[0])
    assert any(i.get("poverty_line") == 9_999_999 for i in shown["incomes"])


@pytest.mark.parametrize(
    ("flag", "value", "words"),
    [
        ("--line", "abc", "金额格式不对"),
        ("--line", "0", "金额应大于 0"),
        ("--line", "100000.01", "不超过 100000 元"),
        ("--line", "3000.001", "最多两位小数"),
        ("--monitoring", "-5", "金额应大于 0"),
    ],
)
def test_bad_figures_are_refused_with_nothing_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str, words: str
) -> None:
    c = str(tmp_path / "c.sqlite")
    ok(capsys, "init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东县")
    before = ok(capsys, "standards", "list", "--db", c, "--json")[0]
    code, _, err = run(capsys, "standards", "set", "--db", c, "--year", str(YEAR), flag, value)
    assert code == 2 and words in err
    assert ok(capsys, "standards", "list", "--db", c, "--json")[0] == before
    code, _, err = run(capsys, "standards", "set", "--db", c, "--year", "1999", "--line", "9")
    assert code == 2 and "年度不合理" in err


def test_set_is_audited_in_exact_fen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = str(tmp_path / "c.sqlite")
    ok(capsys, "init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东县")
    ok(capsys, "--lang", "zh", "standards", "set", "--db", c, "--actor", "县扶贫办张三",
       "--year", str(YEAR), "--monitoring", "8800.10")  # fmt: skip
    ok(capsys, "standards", "set", "--db", c, "--year", str(YEAR), "--reference", "20000")
    rows = json.loads(ok(capsys, "standards", "list", "--db", c, "--year", str(YEAR), "--json")[0])
    assert [(r["kind"], r["amount_fen"], r["area_code"]) for r in rows] == [
        ("monitoring_range", 880_010, ""),
        ("reference_income", 2_000_000, COUNTY),
    ]
    with Store(c) as store, store.read() as conn:
        actors = {
            r.actor
            for r in conn.execute(
                text("SELECT actor FROM audit_log WHERE entity = 'monitoring_range'")
            )
        }
    assert actors == {"县扶贫办张三"}
    assert ok(capsys, "audit", "verify", "--db", c)


def test_a_village_standard_set_re_checks_the_stored_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Item 1 of issue 17: a change of standards re-checks what it affects; from the
    command line at once (with a bar on a terminal), not at the window's next opening."""
    db = str(tmp_path / "v.sqlite")
    ok(capsys, "demo", "--db", db, "--households", "12", "--code", VILLAGE)
    with Store(db) as store:
        store.stored.refresh()
        assert store.stored.stale(store.config.context()) == []
    out, err = ok(capsys, "standards", "set", "--db", db, "--year", str(YEAR), "--line", "99000")
    assert "已按新标准重新核查 12 户" in out + err
    with Store(db) as store:
        ctx = store.config.context()
        assert ctx.poverty_lines[YEAR] == 9_900_000
        assert store.stored.stale(ctx) == []
        kept = {k.household_id: k.brief for part in store.stored.read(ctx) for k in part}
        fresh = {c.household.id: c for c in store.checks.evaluate(ctx=ctx)}
        assert kept.keys() == fresh.keys()
        # Under a line of 99,000 yuan nobody's income is above it.
        assert not any(b.ready for b in kept.values())
