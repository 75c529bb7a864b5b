"""Encryption at rest through the window's own widgets: the passphrase asked on opening
(wrong, then right), the recovery key resetting a forgotten passphrase, a first start
that makes an encrypted village, and encrypting, re-keying and decrypting from Settings
with the recovery key shown once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from povdesk import cipher
from povdesk.codes import StoreRole
from povdesk.errors import UserError
from povdesk.store import Store, backup, encryption
from tests.conftest import VILLAGE_CODE, add_two_households
from ui import messages
from ui.first_start import FirstStart, is_ready
from ui.recovery_dialog import RecoveryDialog
from ui.settings_dialog import SettingsDialog
from ui.tasks import TaskManager
from ui.unlock_dialog import UnlockDialog, ensure_unlocked, needs_unlock

SECRET = "qinglong-2026"  # typed key by key (QTest types Latin keys only)
NEW_SECRET = "换一个口令-2027"  # set as text, as an input method would


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[Path]:
    """A village store file with two households, closed."""
    db = tmp_path / "village.sqlite"
    with Store(db, create=True) as store:
        store.actor = "测试员"
        store.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村", county="竹山县")
        add_two_households(store)
    yield db
    cipher.forget(db)


@pytest.fixture
def locked(plain: Path) -> tuple[Path, str]:
    """The same store encrypted, its key forgotten (as at the next start); the recovery key."""
    done = encryption.encrypt(plain, SECRET)
    cipher.forget(plain)
    return plain, done.recovery_key


def households(db: Path) -> int:
    with Store(db) as store:
        return len(store.households.all())


def click_open(dialog: UnlockDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)


def test_wrong_then_right_passphrase(qtbot, locked: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    db, _ = locked
    with pytest.raises(UserError) as refused:
        Store(db)
    assert refused.value.code == "locked"
    assert needs_unlock(db) and needs_unlock(str(db))
    dialog = UnlockDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password
    click_open(dialog, qtbot)  # nothing typed
    assert "请输入口令" in dialog.message.text() and dialog.isVisible()
    qtbot.keyClicks(dialog.passphrase, "not-this-one")
    click_open(dialog, qtbot)
    assert "口令不正确" in dialog.message.text()
    assert dialog.isVisible() and dialog.passphrase.text() == ""  # typed again
    assert cipher.known(db) is None
    qtbot.keyClicks(dialog.passphrase, SECRET)
    click_open(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.reset
    assert not needs_unlock(db) and ensure_unlocked(db)  # asked once, not again
    assert households(db) == 2


def test_cancel_opens_nothing(qtbot, locked: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    db, _ = locked
    dialog = UnlockDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.passphrase, SECRET)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert cipher.known(db) is None and needs_unlock(db)


def test_plain_stores_and_servers_are_not_asked(plain: Path) -> None:
    assert not needs_unlock(plain)
    assert not needs_unlock("postgresql+psycopg://u@h/db")
    assert ensure_unlocked(plain)


def test_a_script_passphrase_in_the_environment_opens_without_asking(  # type: ignore[no-untyped-def]
    locked: tuple[Path, str], monkeypatch
) -> None:
    db, _ = locked
    asked: list[Path] = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda self: asked.append(self.db) or 0)
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "wrong-one-here")
    assert not ensure_unlocked(db) and asked == [db]  # wrong: the window asks, cancelled
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, SECRET)
    assert ensure_unlocked(db) and asked == [db]
    assert households(db) == 2


def test_recovery_key_resets_a_forgotten_passphrase(qtbot, locked: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    db, recovery = locked
    key_file = cipher.key_path(db).read_bytes()
    dialog = UnlockDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.forgot, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    wrong = "111111-" * 7 + "111111"
    qtbot.keyClicks(dialog.recovery, wrong)
    dialog.new_passphrase.setText(NEW_SECRET)
    dialog.new_again.setText(NEW_SECRET)
    click_open(dialog, qtbot)
    assert "恢复密钥不正确" in dialog.message.text() and dialog.isVisible()
    dialog.recovery.setText(recovery.replace("-", " "))  # typed with spaces: same key
    dialog.new_again.setText(NEW_SECRET + "x")
    click_open(dialog, qtbot)
    assert "不一致" in dialog.message.text()
    dialog.new_passphrase.setText("短")
    dialog.new_again.setText("短")
    click_open(dialog, qtbot)
    assert "太短" in dialog.message.text()
    assert cipher.key_path(db).read_bytes() == key_file  # nothing changed on a typo
    assert cipher.known(db) is None
    dialog.new_passphrase.setText(NEW_SECRET)
    dialog.new_again.setText(NEW_SECRET)
    click_open(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.reset
    assert households(db) == 2
    cipher.forget(db)  # the next start: the new passphrase opens it, the old one no more
    with pytest.raises(UserError) as old:
        cipher.unlock(db, passphrase=SECRET)
    assert old.value.code == "bad_passphrase"
    cipher.unlock(db, passphrase=NEW_SECRET)
    assert households(db) == 2


def test_first_start_makes_a_village_that_opens_only_with_its_passphrase(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    db = tmp_path / "povdesk.sqlite"
    first = FirstStart(db)
    qtbot.addWidget(first)
    first.open()
    assert first.encrypt.isChecked()  # recommended, so offered first
    first.code.setText(VILLAGE_CODE)
    first.name.setText("龙潭村")
    qtbot.keyClicks(first.passphrase, SECRET)
    qtbot.keyClicks(first.passphrase_again, SECRET + "!")
    first.create_village()
    assert "不一致" in first.message.text() and not db.exists()
    first.passphrase.setText("短")
    first.passphrase_again.setText("短")
    first.create_village()
    assert "太短" in first.message.text() and not db.exists()
    first.passphrase.setText(SECRET)
    first.passphrase_again.setText(SECRET)
    first.create_village()
    assert cipher.is_encrypted(db)
    sheet = first.recovery
    assert sheet is not None and sheet.isVisible()
    assert first.result() != QDialog.DialogCode.Accepted  # not before the key is kept
    # The recovery key is shown, and must be kept before the window opens.
    assert not sheet.close_button.isEnabled()
    sheet.reject()  # Esc
    assert sheet.isVisible() and "勾选" in sheet.message.text()
    out = tmp_path / "usb" / "恢复密钥"
    sheet.ask_path = lambda: out  # type: ignore[method-assign]
    qtbot.mouseClick(sheet.save_button, Qt.MouseButton.LeftButton)
    assert sheet.saved == out.with_suffix(".pdf")
    text = PdfReader(sheet.saved).pages[0].extract_text()
    assert "龙潭村" in text and sheet.key_id in text
    assert all(group in text for group in sheet.recovery_key.split("-"))
    assert SECRET not in text
    sheet.done_box.setChecked(True)
    qtbot.mouseClick(sheet.close_button, Qt.MouseButton.LeftButton)
    assert first.result() == QDialog.DialogCode.Accepted and first.chosen == db
    # The next start: ready, but locked until the passphrase is given.
    cipher.forget(db)
    assert is_ready(db) and needs_unlock(db)
    with pytest.raises(UserError):
        Store(db)
    dialog = UnlockDialog(db)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.passphrase, SECRET)
    click_open(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with Store(db) as store:
        home = store.villages.home()
        assert store.role is StoreRole.VILLAGE and home is not None and home.name == "龙潭村"
    # The recovery key printed at the first start opens it too.
    cipher.forget(db)
    cipher.unlock(db, recovery=sheet.recovery_key)


def test_first_start_encrypts_a_store_an_older_povdesk_left_unset(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "povdesk.sqlite"
    Store(db, create=True).close()  # tables made, no role chosen yet
    assert not is_ready(db)
    first = FirstStart(db)
    qtbot.addWidget(first)
    first.code.setText(VILLAGE_CODE)
    first.name.setText("龙潭村")
    first.passphrase.setText(SECRET)
    first.passphrase_again.setText(SECRET)
    first.create_village()
    assert first.recovery is not None and first.recovery.recovery_key
    assert cipher.is_encrypted(db)
    cipher.forget(db)
    cipher.unlock(db, recovery=first.recovery.recovery_key)
    with Store(db) as store:
        assert store.role is StoreRole.VILLAGE


def test_first_start_unencrypted_when_unticked(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "povdesk.sqlite"
    first = FirstStart(db)
    qtbot.addWidget(first)
    first.encrypt.setChecked(False)
    assert not first.passphrase.isEnabled()
    first.county_code.setText("422823")
    first.county_name.setText("巴东县")
    first.create_county()
    assert first.chosen == db and first.recovery is None
    assert not cipher.is_encrypted(db) and not cipher.key_path(db).exists()


def test_the_recovery_dialog_closes_only_once_the_key_is_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = cipher.new_recovery_key()
    dialog = RecoveryDialog(key, "abc123def456", "青龙村")
    qtbot.addWidget(dialog)
    dialog.open()
    assert all(group in dialog.key.text() for group in key.split("-"))
    dialog.ask_path = lambda: None  # type: ignore[method-assign]
    assert dialog.save_pdf() is None  # cancelled: nothing written, no message
    dialog.close()  # the title bar's close button
    assert dialog.isVisible()
    preview = dialog.print_sheet()
    qtbot.addWidget(preview)
    assert preview.document.pageCount() == 1
    preview.close()
    qtbot.mouseClick(dialog.done_box, Qt.MouseButton.LeftButton)
    assert dialog.close_button.isEnabled()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def fill(ask, text: str, again: str | None = None) -> None:  # type: ignore[no-untyped-def]
    ask.first.setText(text)
    ask.again.setText(text if again is None else again)
    ask.accept()


def test_encrypt_from_settings_shows_the_recovery_key(  # type: ignore[no-untyped-def]
    qtbot, plain: Path, monkeypatch
) -> None:
    backup.create(plain, reason="manual")  # an earlier, plain backup
    store = Store(plain)
    store.actor = "测试员"
    dialog = SettingsDialog(store, tasks=TaskManager())
    qtbot.addWidget(dialog)
    page = dialog.encryption
    tab = dialog.tabs.indexOf(page.parentWidget())
    assert dialog.tabs.tabText(tab) == "备份与恢复"  # where the README sends cadres
    assert page.state.text() == "未加密：失窃的电脑可被读取"
    assert page.encrypt_button.isEnabled() and not page.change_button.isEnabled()
    ask = page.encrypt()
    fill(ask, SECRET, SECRET + "?")
    assert "不一致" in ask.message.text() and page.recovery is None
    fill(ask, SECRET)
    qtbot.waitUntil(lambda: page.recovery is not None, timeout=30_000)
    assert page.recovery is not None and page.recovery.isVisible()
    # Ours and the one made just before converting, both re-encrypted.
    assert "2 份备份" in page.message.text()
    assert dialog.backups.table.rowCount() == 2  # the backup page lists them anew
    assert cipher.is_encrypted(plain) and page.state.text().startswith("已加密")
    assert not page.encrypt_button.isEnabled() and page.decrypt_button.isEnabled()
    assert len(page.recovery.recovery_key.split("-")) == 8
    assert page.recovery.village == "青龙村"
    assert all(not cipher.has_plain_header(Path(b.path)) for b in backup.listing(plain))
    # The window's store goes on working, now on the encrypted file.
    assert len(store.households.all()) == 2
    with store.tx() as tx:
        tx.set_meta("note", "after encryption")
    recovery = page.recovery.recovery_key
    page.recovery.done_box.setChecked(True)
    page.recovery.accept()

    ask = page.change_passphrase()
    fill(ask, NEW_SECRET)
    assert "口令已更改" in page.message.text()
    cipher.forget(plain)
    cipher.unlock(plain, passphrase=NEW_SECRET)
    cipher.forget(plain)
    cipher.unlock(plain, recovery=recovery)  # the recovery key stays valid

    monkeypatch.setattr(messages, "confirm", lambda parent, text: "恢复密钥将作废" in text)
    page.decrypt()
    qtbot.waitUntil(lambda: "已解除加密" in page.message.text(), timeout=30_000)
    assert not cipher.is_encrypted(plain) and not cipher.key_path(plain).exists()
    assert page.state.text() == "未加密：失窃的电脑可被读取"
    assert store.meta()["note"] == "after encryption"
    store.close()


def test_decrypt_asks_first(qtbot, locked: tuple[Path, str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, _ = locked
    cipher.unlock(db, passphrase=SECRET)
    store = Store(db)
    page = SettingsDialog(store, tasks=TaskManager()).encryption
    qtbot.addWidget(page.window())
    monkeypatch.setattr(messages, "confirm", lambda parent, text: False)
    page.decrypt()
    assert cipher.is_encrypted(db) and page.message.text() == ""
    store.close()


def test_the_window_does_not_open_when_the_passphrase_is_cancelled(  # type: ignore[no-untyped-def]
    qapp, locked: tuple[Path, str], monkeypatch
) -> None:
    import sys

    from ui import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    asked: list[Path] = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda self: asked.append(self.db) or 0)
    db, _ = locked
    assert app.run(str(db), "zh") == 0
    assert asked == [db] and cipher.known(db) is None
