"""设置 › 备份与恢复, its 数据库加密 box: whether the store is encrypted, and encrypting
it, changing its passphrase or removing the encryption. A plain store says here, in the
window, that a stolen laptop can be read.

What encryption does to the file, its backups and attachments is povdesk's
(povdesk/store/encryption.py, povdesk/cipher.py); this page asks, runs the slow
conversion in the background (ui/tasks.py) and shows the recovery key once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk import cipher
from povdesk.errors import UserError
from povdesk.store import Store, encryption
from ui import messages
from ui.i18n import said, tr
from ui.recovery_dialog import RecoveryDialog
from ui.tasks import TaskManager
from ui.unlock_dialog import password_field

PLAIN_STYLE = "color: #b00000; font-weight: bold"


class NewPassphrase(QDialog):
    """A new passphrase typed twice; `passphrase` once accepted."""

    def __init__(self, title: str, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.passphrase = ""
        self.setWindowTitle(title)
        self.first = password_field()
        self.again = password_field()
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                tr("口令至少 {0} 个字符。请记住它：每次打开 povdesk 都要输入。").format(
                    cipher.MIN_PASSPHRASE
                ),
                wordWrap=True,
            )
        )
        form.addRow(tr("新口令"), self.first)
        form.addRow(tr("再输入一次新口令"), self.again)
        form.addRow(self.message)
        form.addRow(buttons)

    def accept(self) -> None:
        if self.first.text() != self.again.text():
            self.again.clear()
            self.message.setText(tr("两次输入的新口令不一致，请再输入一次。"))
            return
        try:
            cipher.check_passphrase(self.first.text())
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        self.passphrase = self.first.text()
        super().accept()


class EncryptionPage(QGroupBox):
    converted = Signal()  # the store was encrypted or decrypted

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("数据库加密"), parent)
        self.store = store
        self.tasks = tasks
        self.lang = lang
        self.db = Path(store.target)
        self.ask: NewPassphrase | None = None  # the open passphrase dialog (tests fill it)
        self.recovery: RecoveryDialog | None = None  # the recovery key, once shown
        self.state = QLabel(wordWrap=True)
        self.encrypt_button = QPushButton(tr("加密数据库…"))
        self.encrypt_button.clicked.connect(self.encrypt)
        self.change_button = QPushButton(tr("更改口令…"))
        self.change_button.clicked.connect(self.change_passphrase)
        self.decrypt_button = QPushButton(tr("解除加密…"))
        self.decrypt_button.clicked.connect(self.decrypt)
        self.message = QLabel(wordWrap=True)
        note = QLabel(
            tr(
                "加密后，没有口令或恢复密钥就无法读取数据库、附件和备份：笔记本电脑丢失或被盗，"
                "农户信息也不会泄露。每次打开 povdesk 需要输入口令。"
            ),
            wordWrap=True,
        )
        buttons = QHBoxLayout()
        for b in (self.encrypt_button, self.change_button, self.decrypt_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.show_state()

    def is_server(self) -> bool:
        return "://" in self.store.target

    def show_state(self, busy: bool = False) -> None:
        if self.is_server():
            self.state.setText(tr("县级服务器数据库的加密由服务器负责（见使用说明）。"))
            for b in (self.encrypt_button, self.change_button, self.decrypt_button):
                b.setEnabled(False)
            return
        encrypted = cipher.is_encrypted(self.db)
        key = cipher.known(self.db)
        if encrypted:
            said = tr("已加密")
            if key is not None:
                said += tr("（密钥编号：{0}）").format(cipher.key_id(key))
            self.state.setText(said)
            self.state.setStyleSheet("font-weight: bold")
        else:
            self.state.setText(tr("未加密：失窃的电脑可被读取"))
            self.state.setStyleSheet(PLAIN_STYLE)
        self.encrypt_button.setEnabled(not busy and not encrypted)
        self.change_button.setEnabled(not busy and encrypted)
        self.decrypt_button.setEnabled(not busy and encrypted)

    # -- encrypting ---------------------------------------------------------------------
    def encrypt(self) -> NewPassphrase:
        self.ask = NewPassphrase(tr("加密数据库"), self.lang, self)
        self.ask.accepted.connect(lambda: self._encrypt(self.ask.passphrase if self.ask else ""))
        self.ask.open()
        return self.ask

    def _encrypt(self, passphrase: str) -> None:
        def work() -> encryption.Encrypted:  # on the worker: seconds on a large store
            self.store.close()  # no connection of ours holds the plain file meanwhile
            try:
                return encryption.encrypt(self.db, passphrase)
            finally:
                self.store.reopen()

        self.show_state(busy=True)
        self.message.setText(tr("正在加密数据库、附件和备份，请稍候，不要关闭窗口……"))
        self.tasks.run(work, self._encrypted, self._failed, after=self.show_state)

    def _encrypted(self, done: encryption.Encrypted) -> None:
        self.show_state()
        self.message.setText(
            tr("数据库已加密；同时加密了之前的 {0} 份备份和 {1} 个附件。").format(
                done.backups, done.attachments
            )
        )
        self.converted.emit()
        if done.recovery_key:
            place = self.store.meta().get("name", "")  # the village's, or the county's
            self.recovery = RecoveryDialog(done.recovery_key, done.key_id, place, self.lang, self)
            self.recovery.open()

    # -- the passphrase -----------------------------------------------------------------
    def change_passphrase(self) -> NewPassphrase:
        self.ask = NewPassphrase(tr("更改口令"), self.lang, self)
        self.ask.accepted.connect(lambda: self._change(self.ask.passphrase if self.ask else ""))
        self.ask.open()
        return self.ask

    def _change(self, passphrase: str) -> None:
        try:
            encryption.change_passphrase(self.db, passphrase)
        except UserError as exc:
            self._failed(exc)
            return
        self.message.setText(tr("口令已更改。恢复密钥不变，仍然有效。"))

    # -- decrypting ---------------------------------------------------------------------
    def decrypt(self) -> None:
        question = tr(
            "解除加密后，数据库、附件和备份都将不再加密：笔记本电脑丢失或被盗时，"
            "任何人都能读取农户信息。原恢复密钥将作废。确定解除加密吗？"
        )
        if not messages.confirm(self, question):
            return

        def work() -> encryption.Decrypted:
            self.store.close()
            try:
                return encryption.decrypt(self.db)
            finally:
                self.store.reopen()

        self.show_state(busy=True)
        self.message.setText(tr("正在解除加密，请稍候，不要关闭窗口……"))
        self.tasks.run(work, self._decrypted, self._failed, after=self.show_state)

    def _decrypted(self, done: encryption.Decrypted) -> None:
        self.show_state()
        self.message.setText(
            tr("已解除加密；之前的 {0} 份备份和 {1} 个附件也已解密。").format(
                done.backups, done.attachments
            )
        )
        self.converted.emit()

    def _failed(self, exc: UserError) -> None:
        # (A bug goes to the crash dialog through ui/tasks.py; `after` restores the page.)
        self.message.setText(said(exc, self.lang))
