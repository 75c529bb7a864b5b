"""Opening an encrypted store: its passphrase, or (forgotten) the printed recovery key and
a new passphrase. The key file and its checks are povdesk.cipher's; a wrong entry is
said plainly here and may be typed again, and 取消 opens nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from povdesk import cipher
from povdesk.errors import UserError
from ui.i18n import said, tr


def password_field() -> QLineEdit:
    return QLineEdit(echoMode=QLineEdit.EchoMode.Password)


def needs_unlock(db: str | Path) -> bool:
    """An encrypted store file whose key this process does not hold yet."""
    if "://" in str(db):
        return False
    path = Path(db)
    return cipher.is_encrypted(path) and cipher.known(path) is None


def ensure_unlocked(db: str | Path, lang: str = "zh", parent: QWidget | None = None) -> bool:
    """True when `db` can be opened: plain, already unlocked, or unlocked now by the
    user; False when the user cancelled."""
    if not needs_unlock(db):
        return True
    try:  # a script's POVDESK_PASSPHRASE, as the command line takes it
        if cipher.unlock_from_env(Path(db)) is not None:
            return True
    except UserError:
        pass  # a wrong one in the environment: the person at the window is asked
    return UnlockDialog(Path(db), lang, parent).exec() == QDialog.DialogCode.Accepted


class UnlockDialog(QDialog):
    """`reset` is True once the passphrase was replaced through the recovery key."""

    def __init__(self, db: Path, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self.reset = False
        self.setWindowTitle(tr("打开加密的数据库"))
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._passphrase_page())
        self.pages.addWidget(self._recovery_page())
        buttons = QDialogButtonBox()
        self.open_button = buttons.addButton(tr("打开"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("数据库：{0}").format(db), wordWrap=True))
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        self.passphrase = password_field()
        self.passphrase.textEdited.connect(self.message.clear)
        self.forgot = QPushButton(tr("忘记口令？"))
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(self.use_recovery_key)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(tr("此数据库已加密，请输入口令：")))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.forgot)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        self.recovery = QLineEdit(placeholderText=tr("48 位数字，可带空格或横线"))
        # Room for the whole key as printed: 8 groups of 6 digits and their dashes.
        digits = self.recovery.fontMetrics().horizontalAdvance("000000-" * 8)
        self.recovery.setMinimumWidth(digits + 16)
        self.new_passphrase = password_field()
        self.new_again = password_field()
        back = QPushButton(tr("返回输入口令"))
        back.setFlat(True)
        back.clicked.connect(self.use_passphrase)
        form = QFormLayout(page)
        form.addRow(
            QLabel(
                tr("请输入打印的恢复密钥，并设置新口令（至少 {0} 个字符）。").format(
                    cipher.MIN_PASSPHRASE
                ),
                wordWrap=True,
            )
        )
        form.addRow(tr("恢复密钥"), self.recovery)
        form.addRow(tr("新口令"), self.new_passphrase)
        form.addRow(tr("再输入一次新口令"), self.new_again)
        form.addRow(back)
        return page

    # -- switching ----------------------------------------------------------------------
    def use_recovery_key(self) -> None:
        self.pages.setCurrentIndex(1)
        self.message.clear()
        self.open_button.setText(tr("重设口令并打开"))
        self.recovery.setFocus()

    def use_passphrase(self) -> None:
        self.pages.setCurrentIndex(0)
        self.message.clear()
        self.open_button.setText(tr("打开"))
        self.passphrase.setFocus()

    # -- unlocking ----------------------------------------------------------------------
    def accept(self) -> None:
        problem = self._typed_problem()
        if problem:
            self.message.setText(problem)
            return
        try:
            if self.pages.currentIndex() == 0:
                self._with_passphrase()
            else:
                self._with_recovery_key()
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        super().accept()

    def _typed_problem(self) -> str | None:
        """What is missing or mistyped before any key is tried."""
        if self.pages.currentIndex() == 0:
            return None if self.passphrase.text() else tr("请输入口令。")
        if not self.recovery.text().strip():
            return tr("请输入恢复密钥。")
        if self.new_passphrase.text() != self.new_again.text():
            self.new_again.clear()
            return tr("两次输入的新口令不一致，请再输入一次。")
        return None

    def _with_passphrase(self) -> None:
        try:
            cipher.unlock(self.db, passphrase=self.passphrase.text())
        except UserError:
            self.passphrase.clear()  # typed again from scratch, as at a login
            self.passphrase.setFocus()
            raise

    def _with_recovery_key(self) -> None:
        from povdesk.store import encryption

        new = self.new_passphrase.text()
        # Both checked before the key is unlocked: nothing changes on a typo.
        cipher.check_passphrase(new)
        recovery = cipher.normal_recovery_key(self.recovery.text())
        cipher.unlock(self.db, recovery=recovery)
        encryption.change_passphrase(self.db, new)
        self.reset = True
