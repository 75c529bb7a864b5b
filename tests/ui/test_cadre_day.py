"""A cadre's day from the window alone (issue 12): roster import with its preview, the
template and the spreadsheets, the first day, who is working, buttons that need a
household."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from povdesk.codes import StoreRole
from povdesk.roster.reader import read_roster
from povdesk.store import Store
from tests.ui.test_main_window import loaded, shown
from ui import files
from ui.cadre_prompt import CadrePrompt
from ui.first_start import FirstStart
from ui.households_model import Col
from ui.roster_import import RosterImportDialog

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "roster-sample.csv"
TODAY = dt.date.today().strftime("%Y%m%d")


@pytest.fixture
def empty_village(tmp_path: Path) -> Store:
    """A village just registered: no household, one cadre."""
    store = Store(tmp_path / "v.sqlite", create=True)
    store.villages.init_store(StoreRole.VILLAGE, "420323105201", "青龙村")
    store.cadres.add({"name": "李建华", "unit": "县教育局"})
    yield store
    store.close()


def choose(monkeypatch, path: Path | None, asked: list[tuple[str, str]] | None = None) -> None:  # type: ignore[no-untyped-def]
    """The file dialogs answer `path` (and record the proposed name)."""

    def save(parent, title, name, kinds):  # type: ignore[no-untyped-def]
        if asked is not None:
            asked.append((title, name))
        return path

    monkeypatch.setattr(files, "ask_save", save)
    monkeypatch.setattr(files, "ask_open", lambda parent, title, kinds: path)


def test_roster_import_is_checked_first_then_imported_on_confirmation(  # type: ignore[no-untyped-def]
    qtbot, empty_village: Store, monkeypatch
) -> None:
    window = loaded(qtbot, empty_village)
    choose(monkeypatch, SAMPLE)
    menu = window.menuBar().actions()[0].menu()
    assert [a.text() for a in menu.actions() if a.text()][:4] == [
        "导入花名册…",
        "导出空白花名册模板…",
        "导出报表（Excel）…",
        "导出花名册（Excel）…",
    ]
    window.file_menu.import_action.trigger()
    dialog = window.file_menu.dialog
    assert isinstance(dialog, RosterImportDialog)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    created = int(dialog.counts.item(0, 0).text())
    assert created > 0 and dialog.confirm.isEnabled()
    assert "尚未写入" in dialog.status.text()
    assert empty_village.households.all() == []  # the dry run wrote nothing
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("导入完成"), timeout=20_000)
    assert len(empty_village.households.all()) == created
    qtbot.waitUntil(lambda: len(shown(window)) == created, timeout=20_000)
    assert window.households_page.currentWidget() is window.list_page


def bad_roster(tmp_path: Path) -> Path:
    lines = SAMPLE.read_text("utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("证件号码")] = "420323196203140319"  # wrong check digit
    # Formula-like text that is not a formula ("=" cells are refused whole, see below).
    row[header.index("贫困户属性")] = "@HYPERLINK(1)"
    path = tmp_path / "坏花名册.csv"
    path.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]), "utf-8")
    return path


def test_a_rejected_roster_lists_every_problem_and_saves_them(  # type: ignore[no-untyped-def]
    qtbot, empty_village: Store, monkeypatch, tmp_path: Path
) -> None:
    window = loaded(qtbot, empty_village)
    bad = bad_roster(tmp_path)
    choose(monkeypatch, bad)
    dialog = window.file_menu.import_roster()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.rejected_report is not None, timeout=20_000)
    assert not dialog.confirm.isEnabled()
    assert dialog.problems.rowCount() == 2
    columns = {dialog.problems.item(r, 1).text() for r in range(2)}
    assert columns == {"证件号码", "贫困户属性"}
    accepted = [dialog.problems.item(r, 4).text() for r in range(2)]
    assert any("一般贫困户" in a for a in accepted)  # what the code column accepts
    out = tmp_path / "问题.xlsx"
    asked: list[tuple[str, str]] = []
    choose(monkeypatch, out, asked)
    assert dialog.save_problem_list() == out
    assert asked[0][1] == f"坏花名册问题清单-{TODAY}.xlsx"
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "填写的内容", "问题", "可以填写")
    assert {r[1] for r in rows[1:]} == {"证件号码", "贫困户属性"}
    hyperlink = next(c for c in sheet["C"] if c.value == "@HYPERLINK(1)")
    assert hyperlink.data_type == "s"  # the cadre's text stays text, never a formula
    assert empty_village.households.all() == []


def test_a_formula_cell_refuses_the_roster_in_words(  # type: ignore[no-untyped-def]
    qtbot, empty_village: Store, monkeypatch, tmp_path: Path
) -> None:
    """A live formula is refused whole by the reader (issue 11); the window says why."""
    bad = bad_roster(tmp_path)
    bad.write_text(bad.read_text("utf-8").replace("@HYPERLINK(1)", "=HYPERLINK(1)"), "utf-8")
    window = loaded(qtbot, empty_village)
    choose(monkeypatch, bad)
    dialog = window.file_menu.import_roster()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "公式" in dialog.status.text(), timeout=20_000)
    assert not dialog.confirm.isEnabled() and dialog.rejected_report is None
    assert empty_village.households.all() == []


@pytest.mark.parametrize(
    ("action", "name"),
    [
        ("export_template", f"花名册模板-{TODAY}.xlsx"),
        ("export_report", f"青龙村报表-{TODAY}.xlsx"),
        ("export_roster", f"青龙村花名册-{TODAY}.xlsx"),
    ],
)
def test_spreadsheets_are_saved_under_a_name_with_village_and_date(  # type: ignore[no-untyped-def]
    qtbot, empty_village: Store, monkeypatch, tmp_path: Path, action: str, name: str
) -> None:
    from povdesk.roster import import_roster

    import_roster(empty_village, SAMPLE)
    window = loaded(qtbot, empty_village)
    out = tmp_path / "out.xlsx"
    asked: list[tuple[str, str]] = []
    choose(monkeypatch, out, asked)
    getattr(window.file_menu, action)()
    qtbot.waitUntil(lambda: window.file_menu.written == out, timeout=30_000)
    assert asked[0][1] == name
    assert "已保存" in window.statusBar().currentMessage()
    sheet = read_roster(out)
    if action == "export_template":
        assert len(sheet.rows) == 0
    else:  # the roster goes back in as it came
        assert len(sheet.rows) == len(read_roster(SAMPLE).rows)


def test_an_empty_village_says_what_to_do_first(qtbot, empty_village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, empty_village)
    assert window.households_page.currentWidget() is window.first_day
    assert [b.text() for b in window.first_day.buttons] == [
        "导入花名册…",
        "新增农户…",
        "打开演示村…",
    ]
    qtbot.mouseClick(window.first_day.buttons[1], Qt.MouseButton.LeftButton)
    from ui.household_form import HouseholdForm

    forms = [f for f in window.findChildren(HouseholdForm) if f.isVisible()]
    assert len(forms) == 1
    forms[0].close()


def test_the_demo_opens_beside_the_real_village(qtbot, empty_village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, empty_village)
    qtbot.mouseClick(window.first_day.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.demo_window is not None, timeout=60_000)
    demo = window.demo_window
    assert demo is not None and demo.store.target != empty_village.target
    qtbot.waitUntil(lambda: demo.view is not None and len(demo.view.order) > 0, timeout=30_000)
    assert empty_village.households.all() == []  # practice never mixes with the real data
    demo.close()


def test_first_start_offers_a_county_office(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstStart(tmp_path / "c.sqlite")
    qtbot.addWidget(dialog)
    dialog.encrypt.setChecked(False)  # a plain store (encrypted: test_encryption_ui.py)
    dialog.county_code.setText("4228")
    dialog.county_name.setText("巴东县")
    dialog.create_county()
    assert "6 位数字" in dialog.message.text() and dialog.chosen is None
    dialog.county_code.setText("422823")
    dialog.create_county()
    assert dialog.chosen == tmp_path / "c.sqlite"
    with Store(dialog.chosen) as store:
        assert store.role is StoreRole.COUNTY


def test_household_buttons_wait_for_a_household(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    buttons = (window.visit_button, window.print_button, window.members_button)
    assert all(b.isEnabled() for b in buttons)
    window.search.setText("没有这个人")
    window.refresh()
    assert shown(window) == []
    assert not any(b.isEnabled() for b in buttons)
    window.search.clear()
    window.refresh()
    qtbot.waitUntil(lambda: all(b.isEnabled() for b in buttons))


def test_a_printout_names_the_cadre_not_the_login(qtbot, village: Store, cadre_asked) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    login = village.actor
    window.table.selectRow(0)
    assert window.printing.run("card", (window.current_id() or "",)) is not None
    assert cadre_asked.asked == ["asked"]  # nobody was chosen: asked first
    qtbot.waitUntil(lambda: window.printing.preview is not None, timeout=20_000)
    pdf = window.printing.preview.data  # type: ignore[union-attr]
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "打印人" in text and "李建华" in text
    assert login not in text.replace("李建华", "")


def test_the_cadre_prompt_adds_a_cadre_when_there_is_none(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "v.sqlite", create=True)
    store.villages.init_store(StoreRole.VILLAGE, "420323105201", "青龙村")
    prompt = CadrePrompt(store)
    qtbot.addWidget(prompt)
    assert prompt.cadres.count() == 0
    form = prompt.add_cadre()
    form.form.widgets["name"].setText("王芳")
    form.save()
    assert prompt.cadres.currentText() == "王芳"
    prompt.choose()
    assert prompt.chosen == store.cadres.all()[0].id
    store.close()


def test_a_row_found_through_a_member_names_that_member(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.search.setText("向小1")  # typed through an input method, not key events
    qtbot.waitUntil(lambda: shown(window) == ["0001"])
    head = window.model.index(0, Col.HEAD)
    assert window.model.data(head) == "向德1（成员 向小1）"
    window.search.setText("向德1")
    qtbot.waitUntil(lambda: window.model.data(window.model.index(0, Col.HEAD)) == "向德1")


def test_a_corrected_field_clears_its_error(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    from ui.household_form import HouseholdForm

    form = HouseholdForm(village, None)
    qtbot.addWidget(form)
    form.save()  # no 户编号: refused
    assert form.message.text() != ""
    form.form.widgets["number"].setText("0009")  # type: ignore[attr-defined]
    assert form.message.text() == ""


def test_a_printout_is_saved_under_whose_paper_it_is(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    window.table.selectRow(1)  # 0002 向德2
    qtbot.waitUntil(lambda: window.current_id() is not None)
    window.printing.household("handbook")
    qtbot.waitUntil(lambda: window.printing.preview is not None, timeout=20_000)
    assert window.printing.preview.name == f"0002向德2扶贫手册-{TODAY}.pdf"  # type: ignore[union-attr]
    window.printing.preview = None
    window.printing.run("roster", ())
    qtbot.waitUntil(lambda: window.printing.preview is not None, timeout=20_000)
    assert window.printing.preview.name.endswith(f"村级台账-{TODAY}.pdf")  # type: ignore[union-attr]


@pytest.mark.parametrize("mode", ["save", "open", "open_many", "folder"])
def test_file_dialogs_speak_chinese_throughout(qtbot, tmp_path: Path, mode: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from ui.app import use_language

    use_language(QApplication.instance(), "zh")
    d = files.dialog(None, "选择", str(tmp_path), "Excel 工作簿 (*.xlsx)", mode)
    qtbot.addWidget(d)
    d.show()
    words = [w.text() for w in d.findChildren(QLabel) + d.findChildren(QAbstractButton)]
    latin = [w for w in words if any("a" <= c.lower() <= "z" for c in w.replace("&", ""))]
    assert latin == [], latin
    assert "取消" in words
