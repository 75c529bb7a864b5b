"""Labels, not codes, wherever a person reads (issue 10): the county dashboard and the
village summary print 义务教育, 儿童, 财政专项扶贫资金 … (English under --lang en); their
JSON keeps the codes and adds {"zh", "en"} for each under "labels"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.codes import (
    CodeList,
    Dimension,
    FundSource,
    HouseholdStatus,
    KeyGroup,
    MeasureCategory,
)
from povdesk.money import yuan
from tests.povdesk.county.conftest import YEAR, County
from tests.povdesk.sync.conftest import VILLAGE_B

Run = pytest.CaptureFixture[str]


@pytest.fixture
def imported(county: County) -> County:
    import_folder(county.store, [county.usb])
    return county


def _line(out: str, start: str) -> str:
    return next(line for line in out.splitlines() if line.startswith(start))


def _said(codes: type[CodeList], totals: dict[str, int], line: str, lang: str, money: bool) -> None:
    assert totals, "the demo county has figures of this kind"
    for code, n in totals.items():
        word = codes(code).label(lang)
        assert f"{word} {yuan(n) if money else n}" in line
        if lang == "zh":  # an English label may hold the code's word ("Compulsory education")
            assert f" {code} " not in f" {line} ".replace(",", " ").replace("，", " ")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_county_dashboard_prints_labels(imported: County, capsys: Run, lang: str) -> None:
    db = imported.store.target
    assert main(["county", "dashboard", "--db", db, "--year", str(YEAR), "--json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert main(["--lang", lang, "county", "dashboard", "--db", db, "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    _said(Dimension, page["shortfall_totals"], _line(out, "短板"), lang, money=False)
    _said(KeyGroup, page["key_group_totals"], _line(out, "四类重点人群"), lang, money=False)
    _said(FundSource, page["funds_by_source"], _line(out, "资金（元）按来源"), lang, money=True)
    _said(MeasureCategory, page["funds_by_category"], _line(out, "资金（元）按用途"), lang, True)
    assert all(s.label(lang) in out for s in HouseholdStatus)


def test_county_dashboard_json_keeps_codes_and_adds_labels(imported: County, capsys: Run) -> None:
    db = imported.store.target
    assert main(["county", "dashboard", "--db", db, "--year", str(YEAR), "--json"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert "1" in page["funds_by_source"]  # codes stay the keys
    assert page["labels"]["fund_source"]["1"] == {
        "zh": "财政专项扶贫资金",
        "en": FundSource("1").en,
    }
    assert page["labels"]["dimension"]["education"] == {
        "zh": "义务教育",
        "en": "Compulsory education",
    }
    assert page["labels"]["key_group"]["child"] == {"zh": "儿童", "en": "Children"}
    for kind, codes, keys in (
        ("status", HouseholdStatus, [s.value for s in HouseholdStatus]),
        ("key_group", KeyGroup, page["key_group_totals"]),
        ("fund_category", MeasureCategory, page["funds_by_category"]),
    ):
        assert set(page["labels"][kind]) == set(keys)
        for code in keys:
            assert page["labels"][kind][code] == {"zh": codes(code).zh, "en": codes(code).en}


def test_village_and_household_drill_down_print_labels(imported: County, capsys: Run) -> None:
    db = imported.store.target
    argv = ["county", "dashboard", "--db", db, "--year", str(YEAR), "--village", VILLAGE_B]
    assert main([*argv, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert main(argv) == 0
    out = capsys.readouterr().out
    row = next(r for r in rows if r["number"] == imported.blocked)
    assert row["shortfalls"] == ["water"]  # the code stays in JSON
    assert row["labels"]["dimension"] == {"water": {"zh": "饮水安全", "en": "Safe drinking water"}}
    assert row["labels"]["status"] == {"2": {"zh": "拟退出", "en": "Proposed for exit"}}
    line = next(line for line in out.splitlines() if line.startswith(imported.blocked))
    assert "饮水安全" in line and "water" not in line and "拟退出" in line
    assert main(["--lang", "en", *argv]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if imported.blocked in line)
    assert "Safe drinking water" in line and "Proposed for exit" in line
    one = ["county", "dashboard", "--db", db, "--year", str(YEAR), "--household", row["id"]]
    assert main(one) == 0
    history = capsys.readouterr().out.splitlines()[1:]
    assert any("拟退出 村里评议通过" in line for line in history)


def test_village_summary_prints_key_groups_and_labels(
    imported: County, capsys: Run, tmp_path: Path
) -> None:
    db = imported.villages[VILLAGE_B].target
    assert main(["summary", "--db", db, "--year", str(YEAR), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["key_groups"], "the demo village has key groups"
    assert data["labels"]["key_group"] == {
        k: {"zh": KeyGroup(k).zh, "en": KeyGroup(k).en} for k in data["key_groups"]
    }
    assert set(data["labels"]["dimension"]) == set(data["shortfalls"])
    assert set(data["labels"]["status"]) == set(data["by_status"])
    for lang in ("zh", "en"):
        assert main(["--lang", lang, "summary", "--db", db, "--year", str(YEAR)]) == 0
        out = capsys.readouterr().out
        for k, n in data["key_groups"].items():
            assert f"  {KeyGroup(k).label(lang)}: {n}" in out
        if lang == "zh":
            assert "child" not in out and "education" not in out
