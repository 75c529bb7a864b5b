"""设置 › 备份与恢复, the window's automatic backups, and a damaged store at start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from povdesk.errors import StoreDamaged
from povdesk.store import Store, backup
from tests.conftest import snapshot
from ui import app, messages
from ui.main_window import MainWindow
from ui.settings_dialog import SettingsDialog


def backup_tab(qtbot, store: Store) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    dialog.tabs.setCurrentIndex(titles.index("备份与恢复"))
    return dialog


def test_back_up_now_then_restore_after_seeing_the_loss(
    qtbot, village: Store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    dialog = backup_tab(qtbot, village)
    page = dialog.backups
    assert page.table.rowCount() == 0
    page.now.click()
    assert page.table.rowCount() == 1
    assert page.table.item(0, 1).text() == "手动备份" and page.table.item(0, 3).text() == "已校验"
    assert "通过校验" in page.message.text()
    kept = snapshot(village)
    village.households.update(village.households.get("0002").id, {"group": "二组"})

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text: asked.append(text) or False)
    page.table.selectRow(0)
    page.restore_button.click()
    assert "恢复将丢失备份之后的 1 条修改" in asked[0] and "户 0002：1 条" in asked[0]
    assert village.households.get("0002").group == "二组"  # said no: nothing changed

    monkeypatch.setattr(messages, "confirm", lambda _p, _text: True)
    with qtbot.wait_signal(dialog.changed):
        page.restore_button.click()
    assert snapshot(village) == kept  # the open store reads the restored file
    assert not dialog.isVisible()
    reasons = sorted(b.reason for b in backup.listing(Path(village.target)))
    assert reasons == ["before_restore", "manual"]


def test_back_up_to_a_usb_stick_is_encrypted(
    qtbot, village: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(messages, "choose_folder", lambda _p, _t: stick)
    monkeypatch.setattr(messages, "new_passphrase", lambda _p: "驻村工作队 2026")
    page = backup_tab(qtbot, village).backups
    page.usb.click()
    (made,) = stick.iterdir()
    assert made.name.endswith(".backup.age") and "请牢记密码" in page.message.text()
    raw = made.read_bytes()
    assert raw.startswith(b"age-encryption.org") and "向德1".encode() not in raw


def test_closing_the_window_backs_up(qtbot, village: Store) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(village)
    qtbot.addWidget(window)
    window.show()
    window.load()
    qtbot.waitUntil(lambda: window.view is not None and window.view.checked)
    window.daily_backup.run()  # what the hourly timer does: a first one today...
    window.tasks.wait()
    window.daily_backup.run()  # ...and no second
    window.tasks.wait()
    db = Path(village.target)
    assert [b.reason for b in backup.listing(db)] == ["daily"]
    # Nothing changed since: closing makes no second copy of the same content.
    assert backup.automatic(village.target, "on_close") is None
    assert [b.reason for b in backup.listing(db)] == ["daily"]
    village.households.update(village.households.get("0002").id, {"group": "二组"})
    window.close()
    # The newest of the day is kept: the one made on closing, with the change.
    (closing,) = backup.listing(db)
    assert closing.reason == "on_close" and closing.audit_seq == village.audit.count()


def zero_member_table(db: Path) -> None:
    """The member table's first page zeroed, as a failing disk leaves it (a page the
    store's opening does not read)."""
    con = sqlite3.connect(db)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='member'").fetchone()[0]
    con.close()
    with db.open("r+b") as fh:
        fh.seek((root - 1) * 4096)
        fh.write(bytes(4096))


def test_a_damaged_store_at_start_offers_the_newest_good_backup(
    village: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = snapshot(village)
    db = Path(village.target)
    village.close()
    made = backup.create(db)
    zero_member_table(db)
    with pytest.raises(StoreDamaged) as err:
        Store(db)
    assert err.value.backup == Path(made.path)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text: asked.append(text) or True)
    store = app._offer_backup(err.value)
    assert store is not None and made.path in asked[0]
    with store:
        assert snapshot(store) == kept


def test_damage_found_after_the_window_opened_offers_the_newest_good_backup(
    qtbot, village: Store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # The window opened while the pages were still being checked (ui/pages_check.py).
    from ui.pages_check import PagesCheck

    kept = snapshot(village)
    db = Path(village.target)
    made = backup.create(db)
    # A change after the backup: closing would otherwise have nothing new to copy.
    village.households.update(village.households.get("0002").id, {"group": "二组"})
    village.close()
    zero_member_table(db)
    store = Store(db, check_later=True)  # the damaged page is not one opening reads
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.load()
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text: asked.append(text) or True)
    said: list[object] = []
    monkeypatch.setattr(messages, "user_error", lambda _p, exc: said.append(exc))
    reopened: list[MainWindow] = []

    def reopen(restored: Store) -> MainWindow:
        again = MainWindow(restored)
        qtbot.addWidget(again)
        reopened.append(again)
        return again

    pages = PagesCheck(window, store, app._offer_backup, reopen)
    qtbot.waitUntil(lambda: bool(reopened), timeout=15_000)
    assert not window.isVisible() and pages.window is reopened[0]
    assert made.path in asked[0]
    with pages.store:
        assert snapshot(pages.store) == kept
    # The damaged file was not copied when its window closed (which would only have
    # failed its own check, and said so on top of the offer).
    assert all(b.reason != "on_close" for b in backup.listing(db))
    assert said == []


def test_the_pages_are_checked_once_the_list_is_shown(
    qtbot, village: Store, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # Beside the first reads the check took a core from them; it waits for the list.
    from povdesk.store import health
    from ui.pages_check import PagesCheck

    db = Path(village.target)
    village.close()
    started: list[Path] = []
    real = health.LaterCheck.start

    def start(self: health.LaterCheck) -> None:
        started.append(self.path)
        real(self)

    monkeypatch.setattr(health.LaterCheck, "start", start)
    store = Store(db, check_later=True)
    window = MainWindow(store)
    qtbot.addWidget(window)
    shown = [False]
    pages = PagesCheck(window, store, app._offer_backup, MainWindow, lambda: shown[0])
    pages.look()
    assert started == [] and store.check_pending()
    shown[0] = True
    pages.look()
    assert started == [db]
    qtbot.waitUntil(lambda: not store.check_pending(), timeout=10_000)
    assert store.check_problem() is None and pages.window is window
    store.close()


def test_a_demo_interrupted_at_first_start_leaves_nothing_half_made(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from povdesk.demo import generator
    from povdesk.errors import UserError
    from ui import first_start

    real = generator.init_and_generate

    def cut_short(store: Store, **kw: object) -> object:
        real(store, households=3)  # a village and some households written, then it stops
        raise UserError("磁盘已满", "The disk is full", code="disk_full")

    monkeypatch.setattr(first_start, "init_and_generate", cut_short)
    db = tmp_path / "povdesk.sqlite"
    dialog = first_start.FirstStart(db)
    qtbot.addWidget(dialog)
    dialog.open_demo()
    assert "磁盘已满" in dialog.message.text() and dialog.chosen is None
    assert list(tmp_path.iterdir()) == []  # not even a demo with 3 households in it
    monkeypatch.setattr(first_start, "init_and_generate", real)
    dialog.open_demo()
    with Store(first_start.demo_path(db)) as store:
        registered = [h for h in store.households.summaries() if h.status != "0"]
        assert len(registered) == 120  # and the 一般农户 of the monitoring picture
