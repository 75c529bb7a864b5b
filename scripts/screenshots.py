"""Screenshots for docs/ and the README: the main window, a household and the overview,
made offscreen from a fresh demo village with the bundled font.

    python scripts/screenshots.py [--out docs/screenshots] [--lang zh|en]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDeadlineTimer, QEventLoop
from PySide6.QtWidgets import QApplication

from povdesk.demo.generator import init_and_generate
from povdesk.store import Store
from ui.app import use_language
from ui.fonts import app_font, register_bundled_font
from ui.main_window import MainWindow

SIZE = (1366, 740)  # a 1366×768 laptop screen less the task bar


def settle(app: QApplication, until: object, seconds: float = 60) -> None:
    """Let queued work and repaints run until `until()` holds."""
    deadline = QDeadlineTimer(int(seconds * 1000))
    while not until() and not deadline.hasExpired():  # type: ignore[operator]
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]
    app.processEvents()


def county_shots(app: QApplication, tmp: Path, village_db: str, out: Path, suffix: str) -> None:
    """The county window after importing two villages' bundles: villages and overview."""
    from exports.bundle import keys
    from exports.bundle.importer import import_bundles
    from exports.bundle.writer import export
    from povdesk.codes import StoreRole
    from ui.county_window import CountyWindow

    county = Store(tmp / "county.sqlite", create=True)
    county.villages.init_store(StoreRole.COUNTY, "422823", "巴东县")
    second = Store(tmp / "second.sqlite", create=True)
    init_and_generate(second, households=80, seed=2, code="422823107206")
    first = Store(village_db)
    # The county sets its own lines (villages do not send theirs): the demo's, here.
    for line in first.config.poverty_line_rows():
        county.config.set_poverty_line(line.year, line.amount, line.note)
    for ref in first.config.reference_income_rows():
        county.config.set_reference_income(ref.year, ref.area_code, ref.amount, ref.area_name)
    bundles = []
    for n, village in enumerate((first, second)):
        for me, other in ((village, county), (county, village)):
            key = tmp / f"{me.store_id}.pvkey"
            keys.write_public(me, key)
            keys.trust(other, key)
        bundles.append(export(village, tmp / f"v{n}.pvb").path)
        village.close()
    import_bundles(county, bundles)
    window = CountyWindow(county, "zh" if not suffix else "en")
    window.resize(*SIZE)
    window.show()
    window.load()
    settle(app, window.idle)
    settle(app, lambda: False, 0.5)
    window.grab().save(str(out / f"county{suffix}.png"))
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    settle(app, window.idle)
    settle(app, lambda: False, 0.5)
    window.grab().save(str(out / f"county-overview{suffix}.png"))
    window.close()
    window.tasks.wait()
    county.close()


def roster_shot(app: QApplication, window: MainWindow, tmp: Path, out: Path) -> None:
    """The roster import's preview of a sheet with two mistakes."""
    from ui.roster_import import RosterImportDialog

    sample = Path(__file__).resolve().parent.parent / "resources" / "samples"
    lines = (sample / "roster-sample.csv").read_text("utf-8").splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    row[header.index("证件号码")] = "420323196203140319"  # a wrong check digit
    row[header.index("贫困户属性")] = "贫困"
    bad = tmp / "花名册.csv"
    bad.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]), "utf-8")
    dialog = RosterImportDialog(window.store, window.tasks, bad, window.lang, window)
    dialog.show()
    dialog.start()
    settle(app, lambda: dialog.rejected_report is not None)
    settle(app, lambda: False, 0.5)
    dialog.grab().save(str(out))
    dialog.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    use_language(app, args.lang)
    QApplication.setFont(app_font(register_bundled_font(), 11))  # the default size
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.sqlite", create=True)
        init_and_generate(store, households=120, seed=1)
        window = MainWindow(store, args.lang)
        window.resize(*SIZE)
        window.show()
        window.load()
        settle(app, lambda: window.view is not None and window.view.checked)
        settle(app, lambda: "funds_source" in window.dashboard.charts)
        window.table.selectRow(3)
        settle(app, lambda: False, 0.5)
        suffix = "" if args.lang == "zh" else "-en"
        window.grab().save(str(args.out / f"main{suffix}.png"))
        window.worker.setCurrentIndex(1)  # a cadre is working: forms open without asking
        form = window.new_household()
        if form is not None:
            settle(app, lambda: False, 0.5)
            form.grab().save(str(args.out / f"new-household{suffix}.png"))
            form.close()
        roster_shot(app, window, Path(tmp), args.out / f"roster-import{suffix}.png")
        members = window.edit_members()
        if members is not None:
            settle(app, lambda: False, 0.5)
            members.grab().save(str(args.out / f"household{suffix}.png"))
            members.close()
        window.tabs.setCurrentIndex(1)
        settle(app, lambda: False, 0.5)
        window.grab().save(str(args.out / f"dashboard{suffix}.png"))
        window.tabs.setCurrentWidget(window.monitoring)
        settle(app, lambda: window.monitoring.lists is not None)
        settle(app, lambda: False, 0.5)
        window.grab().save(str(args.out / f"monitoring{suffix}.png"))
        window.close()
        window.tasks.wait()
        store.close()
        county_shots(app, Path(tmp), store.target, args.out, suffix)
    print(f"screenshots written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
