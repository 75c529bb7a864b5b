"""The county workbook: re-importable roster, exact money, readable sheets.

Runs on SQLite and, when configured, PostgreSQL (tests/conftest.py BOTH_BACKENDS).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.main import main
from exports.xlsx import write_report
from exports.xlsx.report import FINDINGS, LEDGER, ROSTER, SUMMARY
from povdesk.codes import StoreRole
from povdesk.demo import generate
from povdesk.roster import import_roster
from povdesk.roster.columns import ORDER
from povdesk.roster.export import roster_rows
from povdesk.store import Store
from tests.conftest import PG_URL, VILLAGE_CODE, add_two_households
from tests.povdesk.store.pg.server import fresh_schema

TODAY = dt.date(2026, 6, 30)
OTHER_VILLAGE = "420323105202"


def rows_of(path: Path, sheet: str) -> list[list[Any]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    return [[c.value for c in row] for row in wb[sheet].iter_rows()]


def exact(value: Any) -> Decimal:
    """A money cell as read back, as the decimal it shows."""
    return Decimal(str(value))


def national_rows(store: Store) -> list[list[str]]:
    return sorted(roster_rows(store.households.files()))


@contextmanager
def another_store(backend: str, tmp_path: Path) -> Iterator[Store]:
    """A second, empty village store on the same backend."""
    with ExitStack() as stack:
        target = str(tmp_path / "again.sqlite")
        if backend == "postgresql":
            assert PG_URL is not None
            target = stack.enter_context(fresh_schema(PG_URL))
        yield stack.enter_context(Store(target, create=True, files=tmp_path / "again"))


def test_report_roster_imports_back_to_the_same_households(
    store: Store, backend: str, tmp_path: Path
) -> None:
    """Into a new store on the same backend: roster import on PostgreSQL too."""
    generate(store, households=20, seed=4, today=TODAY)
    report = tmp_path / "report.xlsx"
    counts = write_report(store, report)
    assert counts.households == 20 and counts.members > 20

    with another_store(backend, tmp_path) as again:
        again.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村")
        result = import_roster(again, report)
        assert result.counts["household"].created == 20
        assert national_rows(again) == national_rows(store)
        assert len(national_rows(store)) == counts.members


def test_money_is_exact_and_totals_add_up_to_the_fen(store: Store, tmp_path: Path) -> None:
    store.villages.create(OTHER_VILLAGE, "白石村", township="城关镇")
    homes = []
    for code, number in ((VILLAGE_CODE, "0001"), (OTHER_VILLAGE, "0002")):
        village = store.villages.get(code)
        homes.append(store.households.create({"number": number, "village_id": village.id}))
    # Amounts whose yuan sum in floating point is off (0.1 + 0.2), and a large one.
    amounts = [(homes[0], 10), (homes[0], 20), (homes[1], 1), (homes[1], 99_999_999), (homes[1], 7)]
    entries = [
        store.funds.record({"household_id": h.id, "amount": fen, "date": "2024-03-0" + str(i)})
        for i, (h, fen) in enumerate(amounts, start=1)
    ]
    store.funds.reverse(entries[1].id, "录错")  # -20 fen
    report = tmp_path / "r.xlsx"
    counts = write_report(store, report)

    fen_total = store.funds.total()
    assert fen_total == 10 + 1 + 99_999_999 + 7 == counts.fund_total
    ledger = rows_of(report, LEDGER)
    money = ledger[0].index("金额（元）")
    body, total_row = ledger[1:-1], ledger[-1]
    assert total_row[1] == "合计" and len(body) == 6
    assert sum(exact(r[money]) for r in body) == exact(total_row[money]) == Decimal("1000000.17")
    assert exact(body[-1][money]) in {Decimal("-0.20"), Decimal("0.07")}

    summary = rows_of(report, SUMMARY)
    head = summary[0]
    per_village = {r[0]: exact(r[head.index("资金合计（元）")]) for r in summary[1:-1]}
    assert per_village == {VILLAGE_CODE: Decimal("0.10"), OTHER_VILLAGE: Decimal("1000000.07")}
    assert exact(summary[-1][head.index("资金合计（元）")]) == Decimal("1000000.17")
    assert summary[-1][head.index("户数")] == 2

    # The file itself holds the decimal text, not a binary float's approximation.
    with zipfile.ZipFile(report) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets"))
    assert "<v>1000000.17</v>" in xml and "<v>0.1</v>" in xml


def test_sheets_have_chinese_headers_formats_and_frozen_header(
    store: Store, tmp_path: Path
) -> None:
    generate(store, households=8, seed=5, today=TODAY)
    report = tmp_path / "r.xlsx"
    write_report(store, report)
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames[0] == ROSTER  # roster import reads the first sheet
    assert [c.value for c in wb[ROSTER][1]] == [*ORDER, "村代码", "村名"]
    for name in (ROSTER, FINDINGS, LEDGER, SUMMARY):
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert all(c.font.b for c in ws[1]), name
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in c.value) for c in ws[1]), name
    ledger = wb[LEDGER]
    headers = [c.value for c in ledger[1]]
    date_cell, money_cell = ledger.cell(2, headers.index("日期") + 1), ledger.cell(2, 8)
    assert isinstance(date_cell.value, dt.datetime) and date_cell.number_format == "yyyy-mm-dd"
    assert headers[7] == "金额（元）" and money_cell.number_format == "#,##0.00"
    roster = wb[ROSTER]
    id_col = list(ORDER).index("证件号码") + 1
    assert all(isinstance(roster.cell(r, id_col).value, str) for r in range(2, roster.max_row))


def test_findings_sheet_lists_every_finding(store: Store, tmp_path: Path) -> None:
    add_two_households(store)
    report = tmp_path / "r.xlsx"
    write_report(store, report)
    found = rows_of(report, FINDINGS)
    expected = sum(len(c.findings) for c in store.checks.evaluate())
    assert len(found) - 1 == expected > 0
    head = found[0]
    dropout = [r for r in found[1:] if r[head.index("问题代码")] == "dropout"]
    assert [r[head.index("户编号")] for r in dropout] == ["0001"]
    assert dropout[0][head.index("维度")] == "义务教育"
    assert dropout[0][head.index("阻止退出")] == "是"
    assert "向小1" in dropout[0][head.index("说明")]


def test_cli_writes_the_report(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_two_households(store)
    out = tmp_path / "out" / "县报表.xlsx"
    assert main(["report", "--db", store.target, "--xlsx", str(out), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["households"] == 2 and got["members"] == 4 and got["file"] == str(out)
    assert rows_of(out, SUMMARY)[1][3] == 2
    assert sorted(p.name for p in out.parent.iterdir()) == ["县报表.xlsx"]  # no temp file


@pytest.mark.parametrize("name", ["report.csv", "blocked/report.xlsx"])
def test_cli_bad_output_is_exit_2_and_leaves_nothing(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (tmp_path / "blocked").write_text("a file where a folder should be")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["report", "--db", store.target, "--xlsx", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert "报表" in err or "无法写入" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_formula_like_text_is_written_as_text(store: Store, backend: str, tmp_path: Path) -> None:
    """Issue 11: a name "=HYPERLINK(...)" (typed in a form) is never a live formula in the
    report; it stays text, and the report's roster imports back with the same name."""
    generate(store, households=3, seed=4, today=TODAY)
    link = '=HYPERLINK("http://example.com/x","点击")'
    hid = store.households.ids()[0]
    member = store.members.of(hid)[0]
    store.members.update(member.id, {"name": link})
    store.households.update(hid, {"group": "@SUM(A1)"})
    report = tmp_path / "report.xlsx"
    write_report(store, report)
    wb = openpyxl.load_workbook(report)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    named = [c for c in cells if c.value == link]
    assert named and all(c.data_type == "s" and c.quotePrefix for c in named)
    with another_store(backend, tmp_path) as again:
        again.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村")
        import_roster(again, report)
        assert national_rows(again) == national_rows(store)
