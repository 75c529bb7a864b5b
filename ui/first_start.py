"""First start, with no data yet: register this laptop's village, or open a demo
village to learn on. The demo lives in its own file beside the real one, so practice
never mixes with a village's real records."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk import cipher
from povdesk.codes import StoreRole
from povdesk.demo.generator import init_and_generate
from povdesk.errors import UserError
from povdesk.store import Store
from povdesk.store.building import building, is_new
from ui.i18n import said, tr
from ui.recovery_dialog import RecoveryDialog
from ui.unlock_dialog import password_field

DEMO_HOUSEHOLDS = 120


def demo_path(db: Path) -> Path:
    return db.with_name("demo-village.sqlite")


class FirstStart(QDialog):
    """`chosen` is the database to open once the dialog is accepted."""

    def __init__(self, db: Path, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.lang = lang
        self.chosen: Path | None = None
        self.recovery: RecoveryDialog | None = None  # shown after an encrypted start
        self.setWindowTitle(tr("欢迎使用 povdesk"))
        intro = QLabel(
            tr(
                "这台电脑上还没有数据。请登记本村（驻村工作队）或县扶贫办，或先打开一个演示村熟悉操作（演示数据单独保存，不会混入真实数据）。"
            ),
            wordWrap=True,
        )
        self.code = QLineEdit(placeholderText=tr("12 位村代码"))
        self.code.setMaxLength(12)
        self.name = QLineEdit()
        self.township = QLineEdit()
        self.county = QLineEdit()
        create = QPushButton(tr("登记本村并开始"))
        create.setDefault(True)
        create.clicked.connect(self.create_village)
        box = QGroupBox(tr("登记本村"))
        form = QFormLayout(box)
        form.addRow(tr("村代码"), self.code)
        form.addRow(tr("村名"), self.name)
        form.addRow(tr("乡（镇）"), self.township)
        form.addRow(tr("县（市、区）"), self.county)
        form.addRow(create)
        self.county_code = QLineEdit(placeholderText=tr("6 位县代码，如 422823"))
        self.county_code.setMaxLength(6)
        self.county_name = QLineEdit(placeholderText=tr("如 巴东县"))
        county = QPushButton(tr("登记县扶贫办并开始"))
        county.clicked.connect(self.create_county)
        county_box = QGroupBox(tr("县扶贫办（接收各村数据、审核退出）"))
        county_form = QFormLayout(county_box)
        county_form.addRow(tr("县代码"), self.county_code)
        county_form.addRow(tr("县名"), self.county_name)
        county_form.addRow(county)
        # Encryption covers the village's and the county's store alike; a stolen laptop
        # then shows nothing without the passphrase.
        self.encrypt = QCheckBox(tr("加密此数据库（推荐）"))
        self.encrypt.setChecked(True)
        self.passphrase = password_field()
        self.passphrase_again = password_field()
        self.encrypt.toggled.connect(self.passphrase.setEnabled)
        self.encrypt.toggled.connect(self.passphrase_again.setEnabled)
        secret_box = QGroupBox(tr("加密"))
        secret_form = QFormLayout(secret_box)
        secret_form.addRow(self.encrypt)
        secret_form.addRow(
            tr("口令（至少 {0} 个字符）").format(cipher.MIN_PASSPHRASE), self.passphrase
        )
        secret_form.addRow(tr("再输入一次口令"), self.passphrase_again)
        demo = QPushButton(tr("打开演示村"))
        demo.clicked.connect(self.open_demo)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        # Side by side: one above the other is taller than a 720-pixel screen at a
        # large font.
        boxes = QHBoxLayout()
        boxes.addWidget(box)
        boxes.addWidget(county_box)
        layout.addLayout(boxes)
        layout.addWidget(secret_box)
        layout.addWidget(demo)
        layout.addWidget(self.message)
        self.code.setFocus()
        # The wrapped intro makes Qt guess too small a height; start at what fits.
        self.resize(self.sizeHint())

    def create_village(self) -> None:
        self._create(
            StoreRole.VILLAGE,
            self.code.text().strip(),
            self.name.text().strip(),
            township=self.township.text().strip(),
            county=self.county.text().strip(),
        )

    def create_county(self) -> None:
        """A county office's store: it receives the villages' bundles (county window)."""
        self._create(
            StoreRole.COUNTY, self.county_code.text().strip(), self.county_name.text().strip()
        )

    def _create(self, role: StoreRole, code: str, name: str, **place: str) -> None:
        secret: str | None = None
        if self.encrypt.isChecked():
            if self.passphrase.text() != self.passphrase_again.text():
                self.message.setText(tr("两次输入的口令不一致，请再输入一次。"))
                return
            secret = self.passphrase.text()
        try:
            if secret is not None:
                cipher.check_passphrase(secret)
            made = self._build(role, code, name, secret, place)
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        self.chosen = self.db
        if made is None:
            self.accept()
            return
        recovery_key, key_id = made
        # The window opens only once the recovery key has been taken care of.
        self.recovery = RecoveryDialog(recovery_key, key_id, name, self.lang, self)
        self.recovery.accepted.connect(self.accept)
        self.recovery.open()

    def _build(
        self, role: StoreRole, code: str, name: str, secret: str | None, place: dict[str, str]
    ) -> tuple[str, str] | None:
        """Make the store; with a passphrase it is encrypted from the first byte, and the
        recovery key and key id are returned."""
        from povdesk.store import encryption

        if is_new(self.db):
            key: bytes | None = None
            recovery_key = ""
            if secret is not None:
                key, recovery_key = encryption.new_key_for(self.db, secret)
            with building(self.db, key=key) as path, Store(path, create=True) as store:
                store.villages.init_store(role, code, name, **place)
            return (recovery_key, cipher.key_id(key)) if key is not None else None
        # An existing, not yet initialised file (made by an older povdesk) is initialised
        # in place, then encrypted in place.
        with Store(self.db, create=True) as store:
            store.villages.init_store(role, code, name, **place)
        if secret is None:
            return None
        done = encryption.encrypt(self.db, secret)
        return done.recovery_key, done.key_id

    def open_demo(self) -> None:
        try:
            path = ensure_demo(self.db)
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        self.chosen = path
        self.accept()


def ensure_demo(db: Path) -> Path:
    """The demo village beside `db`, made on first use; its path."""
    path = demo_path(db)
    if not is_ready(path):
        # Built under a temporary name: closed half-way, no half-made village.
        with building(path) as tmp, Store(tmp, create=True) as store:
            init_and_generate(store, households=DEMO_HOUSEHOLDS, seed=1)
    return path


def is_ready(db: Path) -> bool:
    """A database that exists and has been set up (a role chosen)."""
    if not db.exists() or db.stat().st_size == 0:
        return False
    if cipher.is_encrypted(db):
        # Only a finished store is ever encrypted (built whole, or converted from a
        # ready one); reading its role would need the passphrase, asked next.
        return True
    with Store(db) as store:
        return store.role is not None
