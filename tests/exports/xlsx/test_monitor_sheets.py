"""The report's monitoring sheets (issue 16): one row per monitoring record, one per
warned household, and a stored value that looks like a formula stays text."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from exports.xlsx import write_report
from exports.xlsx.monitoring import MONITORED, WARNINGS
from tests.exports.monitored import build


def test_the_report_has_the_monitoring_sheets(tmp_path: Path) -> None:
    village = build(tmp_path / "demo.sqlite")
    store = village.store
    try:
        head = store.households.file(village.clean).head
        assert head is not None
        link = '=HYPERLINK("http://example.com/x","点击")'
        store.members.update(head.id, {"name": link})
        store.households.update(store.households.get(village.spoiled).id, {"group": "=1+1"})
        # An ordinary household (never registered poor) whose income fell below the range.
        near = store.households.create({"number": "4228231072059001", "status": "0"})
        store.members.add(near.id, {"name": "向前进", "relation": "01", "labour": "1"})
        store.incomes.set(near.id, 2025, {"wages": 300000})
        report = tmp_path / "r.xlsx"
        write_report(store, report)
        wb = openpyxl.load_workbook(report)
        assert wb.sheetnames[0] == "花名册"
        records = list(wb[MONITORED].iter_rows(values_only=True))
        assert records[0][:3] == ("村名", "户编号", "户主")
        assert len(records) - 1 == len(store.monitoring.records()) > 0
        warned = list(wb[WARNINGS].iter_rows(values_only=True))
        candidates = list(store.monitoring.candidates(ctx=store.config.context()))
        assert len(warned) - 1 == len(candidates) > 0
        assert {r[1] for r in warned[1:]} == {c.number for c in candidates} >= {near.number}
        mine = [r for r in records if r[1] == village.clean]
        assert mine and mine[0][2] == link and "因病" in mine[0][4]
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert all(c.data_type == "s" and c.quotePrefix for c in cells if c.value == link)
    finally:
        store.close()
