"""The household list: sorting by a column, and a newer load superseding an older one."""

from __future__ import annotations

import datetime as dt

from povdesk.store import Store
from tests.conftest import person
from tests.ui.test_main_window import loaded, shown
from ui.households_model import Col
from ui.main_window import MainWindow


def add(store: Store, number: str, head: str, size: int) -> None:
    h = store.households.create({"number": number})
    for n in range(size):
        store.members.add(
            h.id,
            {
                "name": head if n == 0 else f"{head}家{n}",
                "relation": "01" if n == 0 else "10",
                "id_number": person(dt.date(1960 + n, 1, int(number[-1]) + 1), 11 + n),
            },
        )


def test_a_header_click_sorts_and_a_second_turns_it_round(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    add(village, "0003", "甲", 3)
    window = loaded(qtbot, village)
    sizes = {n: village.households.file(n).size for n in ("0001", "0002", "0003")}
    window.sort_by(Col.SIZE)
    assert [sizes[n] for n in shown(window)] == sorted(sizes.values())
    window.sort_by(Col.SIZE)
    assert [sizes[n] for n in shown(window)] == sorted(sizes.values(), reverse=True)
    window.sort_by(Col.NUMBER)
    assert shown(window) == ["0001", "0002", "0003"]


def test_sorting_keeps_the_search(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    add(village, "0003", "甲", 3)
    window = loaded(qtbot, village)
    window.search.setText("向")
    window.refresh()
    window.sort_by(Col.NUMBER)
    window.sort_by(Col.NUMBER)
    assert shown(window) == ["0002", "0001"]


def test_a_newer_load_stops_the_older_check(qtbot, village: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.village_view import VillageView

    runs: list[str] = []
    real = VillageView.complete

    def counted(self, store, **kw):  # type: ignore[no-untyped-def]
        if kw.get("refresh", True):  # not the kept checks shown first: the check
            runs.append("checked")
        return real(self, store, **kw)

    monkeypatch.setattr(VillageView, "complete", counted)
    village.config.set_poverty_line(2020, 500_000)  # every kept check stale: all checked
    window = MainWindow(village)
    qtbot.addWidget(window)
    progress: list[tuple[int, int]] = []
    window.checking.connect(lambda done, total: progress.append((done, total)))
    window.load()
    window.load()  # e.g. a second edit saved before the first check ended
    qtbot.waitUntil(lambda: window.view is not None and window.view.up_to_date)
    window.tasks.wait()
    assert runs == ["checked"]  # the superseded load never checked the village
    assert progress and progress[-1] == (2, 2)
    assert "正在核查" not in window.statusBar().currentMessage()


def test_the_filter_bar_narrows_the_list_and_an_overview_number_clears_it(
    qtbot, village: Store
) -> None:  # type: ignore[no-untyped-def]
    from povdesk.services.lists import HouseholdFilter

    village.households.update(village.households.get("0002").id, {"group": "二组"})
    home = village.villages.home()
    assert home is not None
    village.villages.update(home.id, groups=["一组", "二组"])
    window = loaded(qtbot, village)
    bar = window.filters
    assert [bar.group.itemData(i) for i in range(bar.group.count())] == [None, "一组", "二组"]
    bar.group.setCurrentIndex(bar.group.findData("二组"))
    assert shown(window) == ["0002"]
    bar.shortfall.setCurrentIndex(bar.shortfall.findData("education"))
    assert shown(window) == []  # 0002's child is in school
    bar.group.setCurrentIndex(0)
    assert shown(window) == ["0001"]  # the dropout
    bar.no_visit.setValue(30)  # nobody was visited: still 0001 alone with the shortfall
    assert shown(window) == ["0001"]
    window.show_filter(HouseholdFilter(status="1"), "未脱贫")
    assert bar.filter() == HouseholdFilter()
    assert set(shown(window)) == {"0001", "0002"}


def test_a_long_check_can_be_stopped(qtbot, village: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import time

    from ui.village_view import LoadCancelled, VillageView

    real = VillageView.complete

    def slow(self, store, *, progress=None, cancelled=None, **kw):  # type: ignore[no-untyped-def]
        if not kw.get("refresh", True):  # the kept checks: shown at once
            return real(self, store, **kw)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # a village too large to check quickly
            if cancelled is not None and cancelled():
                raise LoadCancelled
            time.sleep(0.01)
        raise AssertionError("the check was never told to stop")

    monkeypatch.setattr(VillageView, "complete", slow)
    village.config.set_poverty_line(2020, 500_000)  # every kept check stale: checked again
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.view is not None and window.stop_button.isVisible())
    assert shown(window) == ["0001", "0002"]  # the list is there before the check
    window.stop_button.click()
    assert window.tasks.wait(5_000)
    assert not window.stop_button.isVisible()
    assert "停止" in window.statusBar().currentMessage()
    # What was kept is still shown, marked as not brought up to date.
    assert window.view is not None and window.view.outdated == 2
