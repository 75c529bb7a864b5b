"""First start, with no data yet: register this laptop's village, or open a demo
village to learn on. The demo lives in its own file beside the real one, so practice
never mixes with a village's real records."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import StoreRole
from povdesk.demo.generator import init_and_generate
from povdesk.errors import UserError
from povdesk.store import Store

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
        zh = lang == "zh"
        self.setWindowTitle("欢迎使用 povdesk" if zh else "Welcome to povdesk")
        intro = QLabel(
            "这台电脑上还没有数据。请登记本村,或先打开一个演示村熟悉操作"
            "(演示数据单独保存,不会混入真实数据)。"
            if zh
            else "There is no data on this computer yet. Register your village, or open "
            "a demo village to practise (kept in a separate file, never mixed with real data).",
            wordWrap=True,
        )
        self.code = QLineEdit(placeholderText="12 位村代码" if zh else "12-digit village code")
        self.code.setMaxLength(12)
        self.name = QLineEdit()
        self.township = QLineEdit()
        self.county = QLineEdit()
        create = QPushButton("登记本村并开始" if zh else "Register the village and start")
        create.setDefault(True)
        create.clicked.connect(self.create_village)
        box = QGroupBox("登记本村" if zh else "Register your village")
        form = QFormLayout(box)
        form.addRow("村代码" if zh else "Village code", self.code)
        form.addRow("村名" if zh else "Village name", self.name)
        form.addRow("乡(镇)" if zh else "Township", self.township)
        form.addRow("县(市、区)" if zh else "County", self.county)
        form.addRow(create)
        demo = QPushButton("打开演示村" if zh else "Open a demo village")
        demo.clicked.connect(self.open_demo)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(box)
        layout.addWidget(demo)
        layout.addWidget(self.message)
        self.code.setFocus()

    def create_village(self) -> None:
        try:
            with Store(self.db, create=True) as store:
                store.villages.init_store(
                    StoreRole.VILLAGE,
                    self.code.text().strip(),
                    self.name.text().strip(),
                    township=self.township.text().strip(),
                    county=self.county.text().strip(),
                )
        except UserError as exc:
            self.message.setText(exc.zh if self.lang == "zh" else exc.en)
            return
        self.chosen = self.db
        self.accept()

    def open_demo(self) -> None:
        path = demo_path(self.db)
        try:
            if not is_ready(path):
                with Store(path, create=True) as store:
                    init_and_generate(store, households=DEMO_HOUSEHOLDS, seed=1)
        except UserError as exc:
            self.message.setText(exc.zh if self.lang == "zh" else exc.en)
            return
        self.chosen = path
        self.accept()


def is_ready(db: Path) -> bool:
    """A database that exists and has been set up (a role chosen)."""
    if not db.exists() or db.stat().st_size == 0:
        return False
    with Store(db) as store:
        return store.role is not None
