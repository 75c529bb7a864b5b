"""Keys and trust, once at set-up: this store's fingerprint to read out, its public key
file to hand over, and trusting the other side's key file after comparing fingerprints
(what `povdesk key show|export` and `povdesk trust` do, for people who do not use a
command line). The keys themselves are made and kept by exports/bundle/keys.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exports.bundle import keys
from povdesk.errors import UserError
from povdesk.store import Store
from povdesk.sync import ledger
from ui import files
from ui.i18n import said, tr


class KeysDialog(QDialog):
    def __init__(self, store: Store, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.setWindowTitle(tr("密钥与信任"))
        me = keys.identity(store)
        self.fingerprint = QLabel(me.fingerprint)
        self.fingerprint.setObjectName("fingerprint")
        font = self.fingerprint.font()
        font.setPointSize(font.pointSize() + 4)
        self.fingerprint.setFont(font)
        export = QPushButton(tr("导出本库公钥文件…"))
        export.clicked.connect(self.export_key)
        own = QGroupBox(tr("本库"))
        form = QFormLayout(own)
        form.addRow(tr("名称"), QLabel(f"{me.name} ({me.area_code})"))
        form.addRow(tr("指纹（请读给对方核对）"), self.fingerprint)
        form.addRow(export)

        self.peers = QListWidget()
        self.expect = QLineEdit(placeholderText=tr("对方读出的指纹，如 3F2A-91C0-77D1-0B4E"))
        trust = QPushButton(tr("信任对方公钥文件…"))
        trust.clicked.connect(self.trust_key)
        others = QGroupBox(tr("已信任的对方"))
        box = QVBoxLayout(others)
        box.addWidget(self.peers)
        box.addWidget(self.expect)
        box.addWidget(trust)

        self.message = QLabel(wordWrap=True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(others, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.reload()
        self.resize(560, 480)

    def reload(self) -> None:
        with self.store.read() as conn:
            found = ledger.peers(conn)
        self.peers.clear()
        for p in found:
            self.peers.addItem(f"{p.label}  {p.fingerprint}")

    # -- the file dialogs (tests replace these) ----------------------------------------------
    def ask_save_path(self) -> Path | None:
        path, _ = files.get_save_file_name(
            self, tr("导出本库公钥文件…"), "povdesk.pvkey", "povdesk (*.pvkey)"
        )
        return Path(path) if path else None

    def ask_open_path(self) -> Path | None:
        path, _ = files.get_open_file_name(self, tr("信任对方公钥文件…"), "", "povdesk (*.pvkey)")
        return Path(path) if path else None

    # -- actions -------------------------------------------------------------------------
    def export_key(self) -> Path | None:
        path = self.ask_save_path()
        if path is None:
            return None
        try:
            keys.write_public(self.store, path)
        except UserError as exc:
            self._say(said(exc, self.lang), error=True)
            return None
        self._say(tr("公钥已写入 {0}").format(path), error=False)
        return path

    def trust_key(self) -> None:
        path = self.ask_open_path()
        if path is None:
            return
        expect = self.expect.text().strip()
        if not expect:
            # Trusting a key nobody compared is how a forged bundle gets in.
            self._say(tr("请先填写对方读出的指纹，核对一致才能信任。"), error=True)
            return
        try:
            peer = keys.trust(self.store, path, expect=expect)
        except UserError as exc:
            self._say(said(exc, self.lang), error=True)
            return
        self.expect.clear()
        self.reload()
        self._say(tr("已信任 {0}").format(peer.label), error=False)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setStyleSheet("color: #b00000" if error else "color: #006000")
        self.message.setText(text)
