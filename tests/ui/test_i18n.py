"""The window's own words through Qt's translation system: Chinese in the source,
English from resources/i18n, nothing left untranslated, the .qm built from the .ts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from povdesk.store import Store
from tests.ui.test_main_window import loaded
from ui.i18n import FOLDER, tr

ROOT = Path(__file__).resolve().parents[2]


def tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_word_of_the_window_has_its_english() -> None:
    t = tool()
    strings = t.sources()
    assert "农户" in strings and len(strings) > 100  # the scan really reads ui/
    known = t.read_ts(t.ts_path("en"))
    missing = [s for s in strings if not known.get(s, ("", False))[1] or not known[s][0]]
    assert missing == [], "run: python scripts/i18n.py update, translate, release"


def test_placeholders_survive_translation() -> None:
    known = tool().read_ts(FOLDER / "povdesk_en.ts")
    for source, (text, _finished) in known.items():
        for n in range(4):
            assert (f"{{{n}}}" in source) == (f"{{{n}}}" in text), source


def test_the_qm_is_built_from_the_current_ts(tmp_path: Path) -> None:
    """The shipped .qm says what the .ts says (compared by what it translates, not by
    bytes, which may differ between lrelease versions)."""
    from PySide6.QtCore import QTranslator

    t = tool()
    fresh, shipped = QTranslator(), QTranslator()
    assert fresh.load(str(t.release("en", tmp_path / "fresh.qm")))
    assert shipped.load(str(FOLDER / "povdesk_en.qm")), "run: python scripts/i18n.py release"
    for source in t.read_ts(t.ts_path("en")):
        assert shipped.translate("povdesk", source) == fresh.translate("povdesk", source), (
            "run: python scripts/i18n.py release"
        )


def test_chinese_without_any_translator(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = loaded(qtbot, village)
    assert window.tabs.tabText(0) == "农户"
    assert tr("设置…") == "设置…"


def test_english_window(qtbot, english, village: Store) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(village, "en")
    qtbot.addWidget(window)
    assert [window.tabs.tabText(i) for i in range(2)] == ["Households", "Overview"]
    assert window.income_button.text() == "Income…"
    assert tr("共 {0} 页").format(3) == "3 pages"
