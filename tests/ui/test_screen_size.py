"""Every window fits an old laptop's 1366×768 screen (less a task bar): its size and the
smallest size its layout allows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from exports.pdf import Request, render
from povdesk.store import Store
from tests.ui.test_main_window import loaded
from ui.county_window import CountyWindow
from ui.elimination_dialog import EliminationDialog
from ui.household_form import HouseholdForm
from ui.income_dialog import IncomeDialog
from ui.members_dialog import MembersDialog
from ui.money_dialog import MoneyDialog
from ui.monitoring_forms import ConsentForm, LeadForm, StepForm
from ui.notice_dialog import MonitorNoticeDialog
from ui.print_view import PrintView
from ui.settings_dialog import SettingsDialog
from ui.visit_form import VisitForm

WIDTH, HEIGHT = 1366, 728


def fits(widget: QWidget) -> None:
    for size in (widget.size(), widget.minimumSizeHint()):
        assert size.width() <= WIDTH and size.height() <= HEIGHT, (type(widget).__name__, size)


@pytest.mark.parametrize("font_size", [11, 14])
def test_the_main_window_and_every_form_fit(qtbot, village: Store, font_size: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.fonts import app_font, register_bundled_font

    old = QApplication.font()
    QApplication.setFont(app_font(register_bundled_font(), font_size))
    try:
        window = loaded(qtbot, village)
        fits(window)
        hid = village.households.get("0001").id
        for dialog in (
            HouseholdForm(village, hid),
            HouseholdForm(village, None),
            MembersDialog(village, hid),
            MoneyDialog(village, hid),
            IncomeDialog(village, hid),
            VisitForm(village, hid, None),
            LeadForm(village, hid),
            ConsentForm(village, hid),
            StepForm(village, hid),
            EliminationDialog(village, hid),
            SettingsDialog(village),
            MonitorNoticeDialog(village),
            PrintView(render(village, Request("card", households=(hid,)))),
        ):
            qtbot.addWidget(dialog)
            fits(dialog)
    finally:
        QApplication.setFont(old)


@pytest.mark.parametrize("font_size", [11, 14])
def test_the_county_window_fits(qtbot, tmp_path, font_size: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from tests.povdesk.sync.conftest import make_county
    from ui.fonts import app_font, register_bundled_font

    old = QApplication.font()
    QApplication.setFont(app_font(register_bundled_font(), font_size))
    county = make_county(tmp_path)
    try:
        window = CountyWindow(county)
        qtbot.addWidget(window)
        window.show()
        window.load()
        qtbot.waitUntil(window.idle)
        fits(window)
    finally:
        QApplication.setFont(old)
        county.close()
