"""The county office's window through its real widgets, on the county of tests/povdesk/county
(two demo villages whose first bundles wait on a "USB stick"): import the folder, review
proposed exits, draw a spot-check sample, drill down the overview, write the report.
The folder and file dialogs are the window's replaceable methods."""

from __future__ import annotations

import json
import math
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from exports.bundle.folder import import_folder
from povdesk.codes import HouseholdStatus
from povdesk.county import dashboard, sampling
from povdesk.models import AuditEntry
from povdesk.store import Store
from tests.povdesk.county.conftest import YEAR, County
from tests.povdesk.county.conftest import county as county
from tests.povdesk.county.conftest import county_store as county_store
from tests.povdesk.sync.conftest import VILLAGE_A, VILLAGE_B, full_snapshot
from ui import county_villages
from ui.county_villages import SILENT
from ui.county_window import CountyWindow

EXITED, POOR = HouseholdStatus.EXITED.value, HouseholdStatus.POOR.value


@pytest.fixture
def window(qtbot, county: County) -> CountyWindow:  # type: ignore[no-untyped-def]
    w = CountyWindow(county.store, year=YEAR)
    qtbot.addWidget(w)
    w.show()
    w.load()
    qtbot.waitUntil(w.idle)
    return w


def column(table, col: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [table.item(r, col).text() for r in range(table.rowCount())]


def import_through_tab(qtbot, w: CountyWindow, folder: Path) -> None:  # type: ignore[no-untyped-def]
    w.villages.choose_folder = lambda: str(folder)  # type: ignore[method-assign]
    qtbot.mouseClick(w.villages.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.villages.busy and w.idle())


def status_audit(store: Store, household_id: str) -> list[tuple[str, str]]:
    """(actor, status) of every audited change of the household's status."""
    t = AuditEntry.__table__  # type: ignore[attr-defined]
    with store.read() as conn:
        rows = conn.execute(
            select(t.c.actor, t.c.after).where(
                t.c.entity == "household", t.c.row_id == household_id, t.c.action == "update"
            )
        ).all()
    out = []
    for actor, after in rows:
        status = json.loads(after).get("status")
        if status is not None:
            out.append((actor, status))
    return out


def test_import_a_folder_then_the_ledger_shows_both_villages(qtbot, window, county) -> None:  # type: ignore[no-untyped-def]
    w = window
    # Trusted but never heard from: both villages are silent, in red.
    assert sorted(w.villages.silent_codes()) == [VILLAGE_A, VILLAGE_B]
    assert w.villages.ledger.item(0, 0).background().color() == SILENT

    import_through_tab(qtbot, w, county.usb)

    assert column(w.villages.report, 2) == ["已导入", "已导入"]
    assert "导入 2，已导入过 0，拒绝 0" in w.villages.summary.text()
    assert column(w.villages.ledger, 0) == [VILLAGE_A, VILLAGE_B]
    assert column(w.villages.ledger, 2) == ["1", "1"]
    assert column(w.villages.ledger, 7) == ["20", "20"]
    assert w.villages.silent_codes() == []
    assert w.villages.ledger.item(0, 0).background().color() != SILENT
    # The same folder again: nothing new, said so.
    import_through_tab(qtbot, w, county.usb)
    assert column(w.villages.report, 2) == ["已导入过", "已导入过"]


def test_a_tampered_bundle_is_refused_and_the_rest_imported(qtbot, window, county) -> None:  # type: ignore[no-untyped-def]
    good = county.usb / f"{VILLAGE_B}-000001.pvb"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    (county.usb / "zz-tampered.pvb").write_bytes(bytes(data))

    import_through_tab(qtbot, window, county.usb)

    report = window.villages.report
    assert column(report, 0)[-1] == "zz-tampered.pvb"
    assert column(report, 2) == ["已导入", "已导入", "拒绝"]
    assert report.item(2, 3).text()  # the reason, in Chinese
    assert "拒绝 1" in window.villages.summary.text()
    assert column(window.villages.ledger, 2) == ["1", "1"]


def test_cancel_stops_between_bundles_and_keeps_what_was_imported(  # type: ignore[no-untyped-def]
    qtbot,
    window,
    county,
    monkeypatch,
) -> None:
    w = window
    real = county_villages.import_folder

    def cancel_after_the_first(store, paths, progress):  # type: ignore[no-untyped-def]
        def step(done, total, outcome):  # type: ignore[no-untyped-def]
            w.villages.cancel()  # pressed while the first bundle went in
            progress(done, total, outcome)

        return real(store, paths, progress=step)

    monkeypatch.setattr(county_villages, "import_folder", cancel_after_the_first)
    import_through_tab(qtbot, w, county.usb)

    assert column(w.villages.report, 2) == ["已导入"]
    assert "已取消" in w.villages.summary.text()
    assert column(w.villages.ledger, 2) == ["1", ""]
    monkeypatch.setattr(county_villages, "import_folder", real)
    import_through_tab(qtbot, w, county.usb)
    assert column(w.villages.report, 2) == ["已导入过", "已导入"]


def choose_household(qtbot, w: CountyWindow, number: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    numbers = [r["number"] for r in w.review.items]
    w.review.queue.selectRow(numbers.index(number))
    item = w.review.current()
    assert item is not None and item["number"] == number
    return item


def test_certify_and_reject_through_the_review_tab(qtbot, window, county) -> None:  # type: ignore[no-untyped-def]
    w, c = window, county
    import_through_tab(qtbot, w, c.usb)
    w.tabs.setCurrentWidget(w.review)
    assert {c.ready, c.blocked} <= {r["number"] for r in w.review.items}

    blocked = choose_household(qtbot, w, c.blocked)
    assert "#b00000" in w.review.evidence.toHtml()  # the blocking finding, in red
    assert "饮水" in w.review.evidence.toPlainText()
    before = full_snapshot(c.store)
    # Certifying a household with a blocking finding: the core refuses, the reasons inline.
    qtbot.mouseClick(w.review.certify_button, Qt.MouseButton.LeftButton)
    assert "不能标记退出" in w.review.message.text()
    # A rejection without a reason is refused inline, and nothing changes.
    qtbot.mouseClick(w.review.reject_button, Qt.MouseButton.LeftButton)
    assert "退回须写明理由" in w.review.message.text()
    assert full_snapshot(c.store) == before

    w.review.reason.setText("饮水不安全,请先解决再申请")
    qtbot.mouseClick(w.review.reject_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(w.idle)
    assert c.store.households.get(blocked["id"]).status == POOR
    assert status_audit(c.store, blocked["id"])[-1] == ("县扶贫办审核员", POOR)
    assert c.blocked not in {r["number"] for r in w.review.items}

    ready = choose_household(qtbot, w, c.ready)
    w.review.reason.setText("入户核实无误")
    qtbot.mouseClick(w.review.certify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(w.idle)
    assert w.review.message.text() == ""
    assert c.store.households.get(ready["id"]).status == EXITED
    assert status_audit(c.store, ready["id"])[-1] == ("县扶贫办审核员", EXITED)
    assert c.ready not in {r["number"] for r in w.review.items}
    assert c.store.audit.verify() == []


def test_draw_a_spot_check_sample_reproducibly(qtbot, window, county) -> None:  # type: ignore[no-untyped-def]
    w = window
    import_folder(county.store, [county.usb])
    exited = {
        code: {h.number for h in v.households.all() if h.status == EXITED}
        for code, v in county.villages.items()
    }
    tab = w.sampling
    tab.percent.setValue(20)
    tab.seed.setText("2025-11-03")
    qtbot.mouseClick(tab.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and w.idle())
    first = column(tab.result, 4)
    assert column(tab.result, 0) == [VILLAGE_A, VILLAGE_B]
    for code, numbers in zip(column(tab.result, 0), first, strict=True):
        drawn = set(numbers.split())
        assert drawn <= exited[code]
        assert len(drawn) == math.ceil(len(exited[code]) * 20 / 100)

    qtbot.mouseClick(tab.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and w.idle())
    assert column(tab.result, 4) == first
    assert column(tab.past, 0) == ["1", "2"] and column(tab.past, 3) == ["2025-11-03"] * 2
    assert [r["draw"] for r in sampling.draws(county.store)] == [1, 2]

    tab.seed.setText("  ")  # refused inline by the core, nothing recorded
    qtbot.mouseClick(tab.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and w.idle())
    assert "随机种子" in tab.message.text()
    assert len(sampling.draws(county.store)) == 2


def test_overview_drills_down_to_a_village_and_a_household(qtbot, window, county) -> None:  # type: ignore[no-untyped-def]
    w = window
    import_through_tab(qtbot, w, county.usb)
    w.tabs.setCurrentWidget(w.overview)
    o = w.overview
    assert column(o.villages, 0) == [VILLAGE_A, VILLAGE_B]
    assert column(o.villages, 2) == ["20", "20"]
    totals = dashboard.county(county.store, county.ctx()).as_json()["shortfall_totals"]
    bars = o.chart.chart().series()[0].barSets()[0]
    assert [int(bars.at(i)) for i in range(bars.count())] == [totals.get(d, 0) for d in o.dims]

    o.villages.selectRow(1)
    qtbot.waitUntil(lambda: o.loading == 0 and o.village_code == VILLAGE_B)
    expected = dashboard.village(county.store, VILLAGE_B, county.ctx())
    assert column(o.household_table, 0) == [r["number"] for r in expected]
    assert column(o.household_table, 5) == [str(r["blocking"]) for r in expected]

    row = next(i for i, r in enumerate(expected) if r["blocking"])
    o.household_table.selectRow(row)
    qtbot.waitUntil(lambda: o.loading == 0 and o.detail is not None)
    detail = dashboard.household(county.store, expected[row]["id"], county.ctx())
    text = o.household_text.toPlainText()
    assert detail["number"] in text and detail["head"] in text
    assert all(f["zh"] in text for f in detail["findings"])


def test_export_the_excel_report(qtbot, window, county, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = window
    import_folder(county.store, [county.usb])
    target = tmp_path / "out" / "县报表"
    w.choose_report_path = lambda: str(target)  # type: ignore[method-assign]
    w.export_report()
    qtbot.waitUntil(lambda: w.report_path is not None and w.idle())
    written = target.with_name("县报表.xlsx")
    assert w.report_path == written and written.is_file()
    assert [p.name for p in written.parent.iterdir()] == ["县报表.xlsx"]  # no temporary left
    book = openpyxl.load_workbook(written, read_only=True)
    assert len(book.sheetnames) >= 2
    book.close()
    assert "2 个村，40 户" in w.status.text()


def test_a_bug_reaches_the_crash_route(qtbot, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import logging

    from ui import messages

    def broken(store):  # type: ignore[no-untyped-def]
        raise RuntimeError("bug in the ledger")

    crashes: list[object] = []
    monkeypatch.setenv("POVDESK_LOG_DIR", str(tmp_path))
    monkeypatch.setattr(county_villages.ledger, "ledger", broken)
    monkeypatch.setattr(messages, "crash", lambda parent, log: crashes.append(log))
    window.villages.reload()
    qtbot.waitUntil(lambda: bool(crashes))
    assert "RuntimeError: bug in the ledger" in (tmp_path / "povdesk.log").read_text("utf-8")
    logger = logging.getLogger("povdesk")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_the_window_speaks_english(qtbot, english, county) -> None:  # type: ignore[no-untyped-def]
    w = CountyWindow(county.store, "en", year=YEAR)
    qtbot.addWidget(w)
    titles = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert titles == [
        "Villages",
        "Review",
        "Monitoring decisions",
        "Conflicts",
        "Spot checks",
        "Overview",
    ]
    assert w.villages.import_button.text() == "Import a folder…"


def test_a_return_bundle_goes_to_the_chosen_village(qtbot, window, county, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_through_tab(qtbot, window, county.usb)
    window.villages.ledger.selectRow(1)
    with qtbot.wait_signal(window.villages.return_bundle) as sent:
        qtbot.mouseClick(window.villages.return_button, Qt.MouseButton.LeftButton)
    assert sent.args == [VILLAGE_B]
    dialog = window.return_dialog
    assert dialog is not None
    assert dialog.peer.currentText().endswith(f"（{VILLAGE_B}）")
    out = tmp_path / "back"
    out.mkdir()
    qtbot.waitUntil(lambda: dialog.preview is not None)
    dialog.folder.setText(str(out))
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.last_export is not None)
    assert [p.suffix for p in out.iterdir()] == [".pvb"]
    dialog.close()


def test_the_app_opens_the_county_window_for_a_county_store(
    qtbot, qapp, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import sys

    from PySide6.QtWidgets import QApplication

    from tests.povdesk.sync.conftest import make_county
    from ui import app
    from ui.main_window import MainWindow

    make_county(tmp_path).close()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() sets its own
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # no event loop to wait in
    old_font = QApplication.font()
    try:
        assert app.run(str(tmp_path / "county.sqlite"), "zh") == 0
    finally:
        QApplication.setFont(old_font)
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    opened = [w for w in shown if isinstance(w, CountyWindow)]
    assert len(opened) == 1 and not any(isinstance(w, MainWindow) for w in shown)
    opened[0].close()
    opened[0].deleteLater()
