"""Starting the GUI: display check, bundled font, the store, the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from povdesk.errors import StoreDamaged, UserError

if TYPE_CHECKING:
    from povdesk.store import Store


def has_display() -> bool:
    """Qt aborts the process when it cannot open a display; we ask first."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have one for a desktop session


# Libraries Qt's X11 (xcb) platform needs beyond a minimal Linux, by ctypes name -> the
# Debian/Ubuntu package that has it (README lists the same).
XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-shape": "libxcb-shape0",
    "EGL": "libegl1",
    "fontconfig": "libfontconfig1",
}


def missing_libraries(find: Callable[[str], str | None] | None = None) -> list[str]:
    """Debian packages of libraries Qt's xcb platform needs and this Linux lacks. Qt
    aborts the whole process without them; we ask first and say what to install."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return []
    if not os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return []  # Wayland, or no display at all (said separately)
    if find is None:
        import ctypes.util

        find = ctypes.util.find_library
    return [package for name, package in XCB_LIBRARIES.items() if find(name) is None]


def missing_libraries_message(packages: list[str]) -> str:
    listed = " ".join(packages)
    return (
        f"povdesk: 缺少图形界面所需的系统库,请安装:sudo apt-get install {listed}\n"
        f"povdesk: the window needs system libraries this computer lacks; install them with: "
        f"sudo apt-get install {listed}\n(命令行功能不受影响 / the command line works without them)"
    )


def no_display_message(db: str) -> str:
    return (
        "povdesk: 没有可用的显示器，无法打开图形界面。命令行功能都可使用，例如：\n"
        f"  povdesk summary --db {db}\n  povdesk list --db {db}\n  povdesk check --db {db}\n"
        "povdesk: no display is available, so the window cannot open. Everything works from "
        "the command line, e.g. the commands above (povdesk --help lists them all)."
    )


def _crash_hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Any exception escaping a Qt slot goes the way of background work's (ui/tasks.py):
    a user error is shown as one, a bug is logged with its traceback and the dialog names
    the log file."""
    from ui.tasks import report

    report(None, exc.with_traceback(tb), "the window")


_translators: list[Any] = []  # QTranslator; Qt is imported only when the GUI starts


def use_language(app: object, lang: str) -> None:
    """The window's words in the user's language through Qt's translators: Qt's own
    (Save, Cancel, dates) from Qt's shipped catalogues, povdesk's from resources/i18n;
    record labels come from the field declarations."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtWidgets import QApplication

    from ui.i18n import SOURCE, catalogue

    locale = (
        QLocale(QLocale.Language.Chinese, QLocale.Country.China)
        if lang == SOURCE
        else (QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    )
    QLocale.setDefault(locale)
    for old in _translators:  # switching language: the previous one goes
        QApplication.removeTranslator(old)
    _translators.clear()
    parent = app if isinstance(app, QApplication) else None
    if lang == SOURCE:  # Qt's own words (Save, Cancel, dates); ours are Chinese already
        translator = QTranslator(parent)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(locale, "qtbase", "_", folder):
            QApplication.installTranslator(translator)
            _translators.append(translator)
    else:  # povdesk's own words, from resources/i18n (ui/i18n.py)
        translator = QTranslator(parent)
        if not translator.load(str(catalogue(lang))):
            raise UserError(
                f"找不到界面翻译文件：{catalogue(lang)}",
                f"The window's translation file is missing: {catalogue(lang)}",
                code="missing_translation",
            )
        QApplication.installTranslator(translator)
        _translators.append(translator)


def _offer_backup(exc: StoreDamaged) -> Store | None:
    """A damaged store is never opened; the newest good backup is offered instead."""
    from povdesk.store import Store, restore
    from ui import messages
    from ui.i18n import tr

    if exc.backup is None:
        messages.user_error(None, exc)
        return None
    question = tr(
        "数据库文件已损坏，povdesk 不会向其写入任何内容。\n最近一份完好的备份：{0}\n"
        "现在从这份备份恢复吗？（损坏的文件会原样保留一份。）"
    ).format(exc.backup)
    if not messages.confirm(None, question):
        return None
    try:
        restore.restore(exc.path, exc.backup)
        return Store(exc.path)
    except UserError as again:
        messages.user_error(None, again)
        return None


def run(db: str, lang: str | None = None, bundles: Sequence[Path] = ()) -> int:
    """`lang` None: the language chosen in Settings (Chinese unless changed). `bundles`:
    sync bundles to preview for import as soon as the window is up (a double-click)."""
    from PySide6.QtWidgets import QApplication, QDialog

    from povdesk.codes import StoreRole
    from povdesk.store import Store
    from ui import messages
    from ui.county_window import CountyWindow
    from ui.first_start import FirstStart, is_ready
    from ui.fonts import app_font, register_bundled_font
    from ui.main_window import MainWindow
    from ui.pages_check import PagesCheck
    from ui.settings_dialog import app_settings
    from ui.unlock_dialog import ensure_unlocked

    app = QApplication.instance() or QApplication(sys.argv[:1])
    saved = app_settings()
    lang = lang or str(saved.value("language", "zh"))
    try:
        use_language(app, lang)
    except UserError as exc:  # no English catalogue: the window still works, in Chinese
        messages.user_error(None, exc)
        lang = "zh"
        use_language(app, lang)
    family = register_bundled_font()
    QApplication.setFont(app_font(family, int(str(saved.value("font_size", 11)))))
    sys.excepthook = _crash_hook
    try:
        if "://" not in db and not is_ready(Path(db)):
            first = FirstStart(Path(db), lang)
            if first.exec() != QDialog.DialogCode.Accepted or first.chosen is None:
                return 0
            db = str(first.chosen)
        if not ensure_unlocked(db, lang):  # an encrypted store: its passphrase first
            return 0
        # The pages are checked while the window reads (ui/pages_check.py).
        store = Store(db, check_later=True)
    except StoreDamaged as exc:
        restored = _offer_backup(exc)
        if restored is None:
            return 2
        store = restored
    except UserError as exc:
        messages.user_error(None, exc)
        return 2

    def shown(store: Store) -> CountyWindow | MainWindow:
        county = store.role is StoreRole.COUNTY  # the county office has its own window
        window = CountyWindow(store, lang) if county else MainWindow(store, lang)
        window.show()
        window.load()
        return window

    window = shown(store)
    if bundles:
        from ui.open_bundles import open_bundles

        open_bundles(window, bundles)

    def list_shown() -> bool:  # when the store's pages are checked (ui/pages_check.py)
        return not isinstance(window, MainWindow) or window.view is not None

    pages = PagesCheck(window, store, _offer_backup, shown, list_shown)
    code = app.exec()
    last = pages.window
    assert isinstance(last, CountyWindow | MainWindow)
    last.tasks.wait()
    pages.store.close()
    return int(code)
