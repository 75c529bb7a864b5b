"""Settings: the poverty line and reference incomes (tables in the store, editable, as
domain.md asks), and the look of the app (language, font size) kept per computer."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.money import to_fen, yuan
from povdesk.store import Store

FONT_SIZES = (10, 11, 12, 14, 16)  # points; the larger ones for older eyes


def app_settings() -> QSettings:
    return QSettings("povdesk", "povdesk")


class SettingsDialog(QDialog):
    changed = Signal()

    def __init__(self, store: Store, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.lang = lang
        zh = lang == "zh"
        self.setWindowTitle("设置" if zh else "Settings")
        self.lines = QTableWidget(0, 3)
        self.lines.setHorizontalHeaderLabels(
            ["年度", "扶贫标准(元/人·年)", "说明"]
            if zh
            else ["Year", "Poverty line (yuan per person per year)", "Note"]
        )
        add_line = QPushButton("添加年度" if zh else "Add a year")
        add_line.clicked.connect(lambda: self._add_row(self.lines))
        self.refs = QTableWidget(0, 4)
        self.refs.setHorizontalHeaderLabels(
            ["年度", "地区代码", "农村居民人均可支配收入(元)", "地区"]
            if zh
            else ["Year", "Area code", "Rural per-capita income (yuan)", "Area"]
        )
        add_ref = QPushButton("添加" if zh else "Add")
        add_ref.clicked.connect(lambda: self._add_row(self.refs))
        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.font_size = QSpinBox(minimum=FONT_SIZES[0], maximum=FONT_SIZES[-1])
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")

        tabs = QTabWidget()
        tabs.addTab(self._page(self.lines, add_line), "扶贫标准" if zh else "Poverty line")
        tabs.addTab(self._page(self.refs, add_ref), "参考收入" if zh else "Reference incomes")
        look = QWidget()
        form = QFormLayout(look)
        form.addRow("界面语言(重启后生效)" if zh else "Language (after a restart)", self.language)
        form.addRow("字号" if zh else "Font size", self.font_size)
        tabs.addTab(look, "界面" if zh else "Display")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.load()
        self.resize(720, 520)

    @staticmethod
    def _page(table: QTableWidget, add: QPushButton) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(table)
        layout.addWidget(add)
        return page

    @staticmethod
    def _add_row(table: QTableWidget) -> None:
        table.insertRow(table.rowCount())

    def load(self) -> None:
        lines = self.store.config.poverty_line_rows()
        self.lines.setRowCount(len(lines))
        for r, line in enumerate(lines):
            for c, text in enumerate((str(line.year), yuan(line.amount), line.note)):
                self.lines.setItem(r, c, QTableWidgetItem(text))
        refs = self.store.config.reference_income_rows()
        self.refs.setRowCount(len(refs))
        for r, ref in enumerate(refs):
            for c, text in enumerate(
                (str(ref.year), ref.area_code, yuan(ref.amount), ref.area_name)
            ):
                self.refs.setItem(r, c, QTableWidgetItem(text))
        settings = app_settings()
        self.language.setCurrentIndex(
            max(self.language.findData(settings.value("language", "zh")), 0)
        )
        self.font_size.setValue(int(str(settings.value("font_size", 11))))

    def save(self) -> None:
        try:
            for r in range(self.lines.rowCount()):
                year, amount, note = (_cell(self.lines, r, c) for c in range(3))
                if year or amount:
                    self.store.config.set_poverty_line(_year(year), to_fen(amount), note)
            for r in range(self.refs.rowCount()):
                year, area, amount, name = (_cell(self.refs, r, c) for c in range(4))
                if year or amount:
                    self.store.config.set_reference_income(_year(year), area, to_fen(amount), name)
        except UserError as exc:
            self.message.setText(exc.zh if self.lang == "zh" else exc.en)
            return
        settings = app_settings()
        settings.setValue("language", self.language.currentData())
        settings.setValue("font_size", self.font_size.value())
        self.changed.emit()
        self.accept()


def _cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text().strip() if item is not None else ""


def _year(text: str) -> int:
    if not text.isdigit():
        raise UserError(f"年度格式不对:{text!r}", f"Not a year: {text!r}", code="invalid")
    return int(text)
