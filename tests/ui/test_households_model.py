"""The household list model: a valid Qt model that fetches rows lazily, in blocks."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from ui.households_model import BLOCK, CACHE_ROWS, HEADINGS, Col, HouseholdTableModel, Row


def source(calls: list[int]):  # type: ignore[no-untyped-def]
    def fetch(ids: Sequence[str]) -> dict[str, Row]:
        calls.append(len(ids))
        return {i: (i, "户主", "一组", "一般贫困户", "未脱贫", "3", "否", "1", "10") for i in ids}

    return fetch


def test_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = HouseholdTableModel(source([]))
    model.show_ids([f"{i:04d}" for i in range(50)])
    qtmodeltester.check(model)


def test_rows_are_fetched_lazily_in_blocks() -> None:
    calls: list[int] = []
    model = HouseholdTableModel(source(calls))
    model.show_ids([f"{i:06d}" for i in range(100_000)])
    assert calls == []  # nothing fetched until the view asks
    assert model.data(model.index(50_000, 0)) == "050000"
    assert calls == [BLOCK]
    assert model.data(model.index(50_001, Col.HEAD)) == "户主"
    assert calls == [BLOCK]  # served from the cache


def test_scrolling_through_everything_keeps_a_bounded_cache() -> None:
    calls: list[int] = []
    model = HouseholdTableModel(source(calls))
    model.show_ids([f"{i:06d}" for i in range(100_000)])
    for row in range(0, 100_000, BLOCK):
        assert model.data(model.index(row, 0)) == f"{row:06d}"
        assert len(model._cache) <= CACHE_ROWS
    assert len(calls) > 100_000 // BLOCK // 2  # every block was fetched once, at least
    assert model.data(model.index(99_999, 0)) == "099999"
    assert model.data(model.index(0, 0)) == "000000"  # dropped, then fetched again


def test_headers_speak_chinese_by_default_and_english_on_request() -> None:
    zh = HouseholdTableModel(source([]))
    en = HouseholdTableModel(source([]), lang="en")
    horizontal = Qt.Orientation.Horizontal
    assert zh.headerData(Col.NUMBER, horizontal) == "户编号"
    assert en.headerData(Col.NUMBER, horizontal) == "Household no."
    assert zh.headerData(Col.READY, horizontal) == "可退出"
    assert [zh.headerData(c, horizontal) for c in (Col.HEAD, Col.PRIORITY)] == ["户主", "优先度"]
    assert zh.columnCount() == len(Col) == len(HEADINGS)
