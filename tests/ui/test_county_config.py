"""The county window says so while the county lacks the year's poverty line or reference
income, and its settings fill them in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QTableWidgetItem

from tests.povdesk.sync.conftest import make_county
from ui.county_window import CountyWindow


def test_missing_lines_are_said_until_the_county_sets_them(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    county = make_county(tmp_path)
    year = dt.date.today().year - 1
    window = CountyWindow(county)
    qtbot.addWidget(window)
    window.load()
    assert not window.missing.isHidden()
    said = window.missing.text()
    assert str(year) in said and "扶贫标准" in said and "不是农户的问题" in said
    assert "povdesk standards set" in said  # the county is the one who enters them
    settings = window.open_settings()
    qtbot.addWidget(settings)
    for table, cells in (
        (settings.lines, (str(year), "4700", "")),
        (settings.ranges, (str(year), "8800", "省定监测范围")),
        (settings.refs, (str(year), "42", "19000", "湖北省")),
    ):
        row = table.rowCount()
        table.insertRow(row)
        for col, text in enumerate(cells):
            table.setItem(row, col, QTableWidgetItem(text))
    settings.save()
    assert county.config.poverty_lines()[year] == 470_000
    assert county.config.monitoring_ranges()[year] == 880_000
    qtbot.waitUntil(lambda: window.missing.isHidden())
    qtbot.waitUntil(window.idle)
