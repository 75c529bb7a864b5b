"""Printout details a careful form has (issue 12): signature blocks, amounts right-aligned,
dates and numbers never broken across lines."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.platypus import Table

from exports.pdf import Request, page, render
from exports.pdf.plain_table import PlainTable
from povdesk.store import Store
from tests.conftest import add_two_households


def text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_handbook_ends_with_the_heads_and_cadres_signatures(store: Store) -> None:
    add_two_households(store)
    hid = store.households.get("0001").id
    last = text(render(store, Request("handbook", households=(hid,)))).split("八、走访记录")[-1]
    assert "户主（签字）：" in last and "帮扶责任人（签字）：" in last and "日期：" in last


def test_the_roster_ends_with_preparer_and_checker(store: Store) -> None:
    add_two_households(store)
    last = text(render(store, Request("roster"))).split("三、到户资金")[-1]
    assert "制表人（签字）：" in last and "审核人（签字）：" in last and "日期：" in last


def test_dates_and_amounts_stay_on_one_line() -> None:
    table = page.grid([["日期", "金额"], ["2026-12-05", "12,345.67"]], [20.0, 20.0])
    assert isinstance(table, PlainTable)
    assert table.cells[1] == ["2026-12-05", "12,345.67"]  # plain strings: never wrapped
    # and so in the reportlab Table it becomes when it cannot be drawn plainly
    assert isinstance(table.table(), Table)
    assert table.table()._cellvalues[1] == ["2026-12-05", "12,345.67"]
