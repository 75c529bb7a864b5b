"""Every main screen and dialog on the laptops teams have (1366×768 and 1280×720, less a
task bar) at font sizes 11 and 14: no horizontal scroll bar anywhere, and no widget
narrower or lower than its text needs (a clipped label or button). The household list
shows every column without sideways scrolling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from povdesk.store import Store
from tests.ui.test_main_window import loaded
from ui.fonts import app_font, register_bundled_font

SCREENS = {"1366x768": (1366, 728), "1280x720": (1280, 680)}  # less a 40-pixel task bar
FONTS = (11, 14)


@contextmanager
def font(size: int) -> Iterator[None]:
    old = QApplication.font()
    QApplication.setFont(app_font(register_bundled_font(), size))
    try:
        yield
    finally:
        QApplication.setFont(old)


def problems(top: QWidget) -> list[str]:
    """What a person would see cut off on `top`, as it is laid out now."""
    QApplication.processEvents()
    found: list[str] = []
    name = type(top).__name__
    for w in [top, *top.findChildren(QWidget)]:
        if not w.isVisibleTo(top) or w.width() <= 0:
            continue
        what = f"{name} › {type(w).__name__} {_text(w)!r}"
        if isinstance(w, QAbstractScrollArea):
            bar = w.horizontalScrollBar()
            if bar.isVisibleTo(top) and bar.maximum() > 0:
                found.append(f"{what}: horizontal scroll bar ({bar.maximum()} px more)")
        elif isinstance(w, QLabel) and w.wordWrap():
            continue
        elif isinstance(w, (QLabel, QAbstractButton, QComboBox)) and _text(w):
            need = w.minimumSizeHint()
            if w.width() + 1 < need.width() or w.height() + 1 < need.height():
                found.append(f"{what}: {w.width()}×{w.height()} < {need.width()}×{need.height()}")
    return found


def _text(w: QWidget) -> str:
    if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
        return w.text()
    if isinstance(w, QComboBox):
        return w.currentText()
    return ""


def placed(qtbot, widget: QWidget, screen: tuple[int, int]) -> QWidget:  # type: ignore[no-untyped-def]
    """`widget` shown no larger than the screen, as the window manager would."""
    qtbot.addWidget(widget)
    widget.show()
    width = min(widget.width(), screen[0])
    height = min(widget.height(), screen[1])
    widget.resize(width, height)
    QApplication.processEvents()
    return widget


def dialogs(store: Store, tmp: Path) -> Iterator[tuple[str, Callable[[], QWidget]]]:
    from exports.pdf import Request, render
    from ui.cadre_prompt import CadrePrompt
    from ui.first_start import FirstStart
    from ui.household_form import HouseholdForm
    from ui.income_dialog import IncomeDialog
    from ui.keys_dialog import KeysDialog
    from ui.members_dialog import MembersDialog
    from ui.money_dialog import MoneyDialog
    from ui.print_view import PrintView
    from ui.settings_dialog import SettingsDialog
    from ui.sync_export import ExportDialog
    from ui.sync_import import ImportDialog
    from ui.tasks import TaskManager
    from ui.visit_form import VisitForm

    hid = store.households.get("0001").id
    yield "new household", lambda: HouseholdForm(store, None)
    yield "edit household", lambda: HouseholdForm(store, hid)
    yield "members", lambda: MembersDialog(store, hid)
    yield "measures and funds", lambda: MoneyDialog(store, hid)
    yield "income", lambda: IncomeDialog(store, hid)
    yield "visit", lambda: VisitForm(store, hid, None)
    yield "settings", lambda: SettingsDialog(store)
    yield "keys", lambda: KeysDialog(store)
    yield "who is working", lambda: CadrePrompt(store)
    yield "first start", lambda: FirstStart(tmp / "new.sqlite")
    yield "print preview", lambda: PrintView(render(store, Request("card", households=(hid,))))
    yield "sync export", lambda: ExportDialog(store, TaskManager())
    yield "sync import", lambda: ImportDialog(store, TaskManager())
    yield from encryption_dialogs(store, tmp)


def encryption_dialogs(store: Store, tmp: Path) -> Iterator[tuple[str, Callable[[], QWidget]]]:
    from povdesk.cipher import new_recovery_key
    from ui.encryption_page import NewPassphrase
    from ui.recovery_dialog import RecoveryDialog
    from ui.settings_dialog import SettingsDialog
    from ui.unlock_dialog import UnlockDialog

    def forgot() -> QWidget:
        dialog = UnlockDialog(tmp / "locked.sqlite")
        dialog.use_recovery_key()
        return dialog

    def settings_page() -> QWidget:
        dialog = SettingsDialog(store)
        dialog.tabs.setCurrentWidget(dialog.encryption.parentWidget())
        return dialog

    yield "unlock", lambda: UnlockDialog(tmp / "locked.sqlite")
    yield "unlock with the recovery key", forgot
    yield "recovery key", lambda: RecoveryDialog(new_recovery_key(), "0123456789ab", "青龙村")
    yield "new passphrase", lambda: NewPassphrase("加密数据库")
    yield "settings › backups and encryption", settings_page


@pytest.mark.parametrize("size", FONTS)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_main_window_shows_everything(qtbot, village: Store, screen: str, size: int) -> None:  # type: ignore[no-untyped-def]
    with font(size):
        window = loaded(qtbot, village)
        window.resize(*SCREENS[screen])
        QApplication.processEvents()
        found = problems(window)
        window.tabs.setCurrentIndex(1)
        found += problems(window)
        assert found == []


@pytest.mark.parametrize("size", FONTS)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_dialog_shows_everything(  # type: ignore[no-untyped-def]
    qtbot, village: Store, tmp_path: Path, screen: str, size: int
) -> None:
    with font(size):
        found: list[str] = []
        for _name, make in dialogs(village, tmp_path):
            dialog = placed(qtbot, make(), SCREENS[screen])
            found += problems(dialog)
            dialog.close()
        assert found == []


@pytest.mark.parametrize("size", FONTS)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_roster_preview_shows_everything(  # type: ignore[no-untyped-def]
    qtbot, village: Store, tmp_path: Path, monkeypatch, screen: str, size: int
) -> None:
    from tests.ui.test_cadre_day import bad_roster, choose

    with font(size):
        window = loaded(qtbot, village)
        choose(monkeypatch, bad_roster(tmp_path))
        dialog = window.file_menu.import_roster()
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.rejected_report is not None, timeout=20_000)
        placed(qtbot, dialog, SCREENS[screen])
        assert problems(dialog) == []


def test_a_new_household_starts_with_empty_years(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from ui.household_form import HouseholdForm

    form = HouseholdForm(village, None)
    qtbot.addWidget(form)
    for name in ("identified_year", "planned_exit_year"):
        assert form.form.widgets[name].text() == "未填"  # type: ignore[attr-defined]
        assert form.form.values()[name] is None


def test_the_members_dialog_separates_editing_from_life_events(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QGroupBox

    from ui.members_dialog import MembersDialog

    dialog = MembersDialog(village, village.households.get("0001").id)
    qtbot.addWidget(dialog)

    def box(widget: QWidget) -> str:
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QGroupBox):
            parent = parent.parentWidget()
        return parent.title() if parent is not None else ""

    assert box(dialog.save).startswith("成员信息")
    assert box(dialog.add).startswith("新增成员")
    assert box(dialog.leave).startswith("生活事件") and box(dialog.move_button) == box(dialog.leave)
    arrivals = [dialog.arrival_box.itemData(i) for i in range(dialog.arrival_box.count())]
    departures = [dialog.kind_box.itemData(i) for i in range(dialog.kind_box.count())]
    assert "birth" in arrivals and "death" not in arrivals
    assert "death" in departures and "birth" not in departures


@pytest.mark.parametrize("size", FONTS)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_county_window_shows_everything(qtbot, tmp_path: Path, screen: str, size: int) -> None:  # type: ignore[no-untyped-def]
    from tests.povdesk.sync.conftest import make_county
    from ui.county_window import CountyWindow

    county = make_county(tmp_path)
    try:
        with font(size):
            window = CountyWindow(county)
            qtbot.addWidget(window)
            window.show()
            window.load()
            qtbot.waitUntil(window.idle)
            window.resize(*SCREENS[screen])
            found: list[str] = []
            for tab in range(window.tabs.count()):
                window.tabs.setCurrentIndex(tab)
                qtbot.waitUntil(window.idle)
                found += problems(window)
            assert found == []
    finally:
        county.close()
