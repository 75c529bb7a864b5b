"""The overview: charts and money, and a chart's bar opening the list behind it."""

from __future__ import annotations

from povdesk.codes import Dimension
from povdesk.store import Store
from tests.ui.test_main_window import loaded, shown
from ui.dashboard import Activity


def test_a_shortfall_bar_opens_its_list(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    chart = window.dashboard.charts["shortfalls"]
    bars = chart.series()[0].barSets()[0]  # type: ignore[attr-defined]
    labels = chart.axes()[0].categories()  # type: ignore[attr-defined]
    education = labels.index(Dimension.EDUCATION.label("zh"))
    assert bars.at(education) == 1  # 0001's child is out of school
    bars.clicked.emit(education)
    qtbot.waitUntil(lambda: shown(window) == ["0001"])
    assert window.tabs.currentIndex() == 0


def test_funds_and_visits_reach_the_overview(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    hid = village.households.get("0001").id
    cadre = village.cadres.add({"name": "覃干部"})
    village.funds.record({"household_id": hid, "amount": 123_456, "source": "1"})
    village.visits.record(hid, {"cadre_ids": [cadre.id]})
    window = loaded(qtbot, village)
    qtbot.waitUntil(lambda: "funds_source" in window.dashboard.charts)
    pie = window.dashboard.charts["funds_source"]
    assert "1,234.56" in pie.title() or "1234.56" in pie.title()
    labels = [s.label() for s in pie.series()[0].slices()]  # type: ignore[attr-defined]
    assert len(labels) == 1 and "财政专项扶贫资金" in labels[0]
    text = " ".join(
        w.text() for w in window.dashboard.activity_box.findChildren(type(window.count))
    )
    assert "覃干部" in text


def test_activity_sums_add_up_to_the_ledger(village: Store) -> None:
    hid = village.households.get("0002").id
    village.funds.record({"household_id": hid, "amount": 5_000, "source": "1"})
    entry = village.funds.record({"household_id": hid, "amount": 777, "source": "3"})
    village.funds.reverse(entry.id, "重复")
    a = Activity.load(village)
    assert sum(a.funds_by_source.values()) == sum(a.funds_by_category.values()) == a.funds_total
    assert a.funds_total == 5_000
