"""Settings: the village's details, its cadres, the poverty line and reference incomes
(tables in the store, editable, as domain.md asks), the ID masking pattern, and the look
of the app (language, font size, kept per computer). Store settings are saved together
in one transaction; a cadre is saved when its own form is."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.fields import spec, specs
from povdesk.models import CadreData, VillageData
from povdesk.money import to_fen, yuan
from povdesk.services.config import Settings
from povdesk.store import Store
from ui.backup_page import BackupPage
from ui.cadre_form import CadreForm
from ui.encryption_page import EncryptionPage
from ui.field_form import FieldForm
from ui.i18n import said, tr
from ui.tasks import TaskManager

FONT_SIZES = (10, 11, 12, 14, 16)  # points; the larger ones for older eyes
VILLAGE_NOT_HERE = frozenset({"code", "groups"})  # identity; a list typed as one line
CADRE_COLUMNS = ("name", "unit", "post", "phone", "team_member", "active")
EXAMPLE_ID = "420323198001011234"


def app_settings() -> QSettings:
    return QSettings("povdesk", "povdesk")


class SettingsDialog(QDialog):
    changed = Signal()

    def __init__(
        self,
        store: Store,
        lang: str = "zh",
        parent: QWidget | None = None,
        *,
        tasks: TaskManager | None = None,
    ) -> None:
        """`tasks`: the window's background worker (encrypting runs there, after any
        write the window has queued); a dialog on its own makes one."""
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self.setWindowTitle(tr("设置"))
        self.village = store.villages.home()
        self.tabs = QTabWidget()
        if self.village is not None:
            self.tabs.addTab(self._village_page(), tr("本村"))
        self.tabs.addTab(self._cadre_page(), tr("干部"))
        self.lines = QTableWidget(0, 3)
        self.lines.setHorizontalHeaderLabels([tr("年度"), tr("扶贫标准（元/人·年）"), tr("说明")])
        self.ranges = QTableWidget(0, 3)
        self.ranges.setHorizontalHeaderLabels([tr("年度"), tr("监测范围（元/人·年）"), tr("说明")])
        self.refs = QTableWidget(0, 4)
        self.refs.setHorizontalHeaderLabels(
            [tr("年度"), tr("地区代码"), tr("农村居民人均可支配收入（元）"), tr("地区")]
        )
        self.tabs.addTab(
            self._table_page(self.lines, tr("添加年度")),
            tr("扶贫标准"),
        )
        self.tabs.addTab(
            self._table_page(self.ranges, tr("添加年度")),
            tr("监测范围"),
        )
        self.tabs.addTab(
            self._table_page(self.refs, tr("添加")),
            tr("参考收入"),
        )
        self.tabs.addTab(self._privacy_page(), tr("隐私与界面"))
        # Encryption sits above the backups it also covers (the README and the command
        # line point cadres to 设置 › 备份与恢复 for both).
        self.encryption = EncryptionPage(store, tasks or TaskManager(self), lang, self)
        self.backups = BackupPage(store, lang, self)
        backups_tab = QWidget()
        column = QVBoxLayout(backups_tab)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.encryption)
        column.addWidget(self.backups, 1)
        self.tabs.addTab(backups_tab, tr("备份与恢复"))
        self.backups.restored.connect(self._restored)
        # Converting re-encrypts the backups (and makes one first): list them anew.
        self.encryption.converted.connect(self.backups.load)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.load()
        self.resize(760, 560)

    def _restored(self) -> None:
        """The store now holds the backup: what this dialog loaded is stale, never saved."""
        self.changed.emit()
        self.reject()

    # -- pages ---------------------------------------------------------------------------
    def _village_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        code = self.village.code if self.village else ""
        layout.addWidget(QLabel((tr("村代码：")) + code))
        self.village_form = FieldForm(
            [s for s in specs(VillageData) if s.name not in VILLAGE_NOT_HERE], self.lang
        )
        self.groups = QLineEdit(placeholderText=tr("用逗号分隔，例如：一组，二组"))
        self.village_form.add_row(spec_label(VillageData, "groups", self.lang), self.groups)
        layout.addWidget(self.village_form)
        layout.addStretch(1)
        return page

    def _cadre_page(self) -> QWidget:
        page = QWidget()
        self.cadres = QTableWidget(0, len(CADRE_COLUMNS))
        self.cadres.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.cadres.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.cadres.setHorizontalHeaderLabels(
            [spec_label(CadreData, c, self.lang) for c in CADRE_COLUMNS]
        )
        self.cadres.doubleClicked.connect(self.edit_cadre)
        add = QPushButton(tr("添加干部…"))
        add.clicked.connect(lambda: self._cadre_form(None))
        edit = QPushButton(tr("编辑…"))
        edit.clicked.connect(self.edit_cadre)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(edit)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.cadres)
        layout.addLayout(row)
        note = tr("干部在其表单中保存即生效")
        layout.addWidget(QLabel(note))
        self.cadre_ids: list[str] = []
        return page

    @staticmethod
    def _table_page(table: QTableWidget, add_text: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(table)
        add = QPushButton(add_text)
        add.clicked.connect(lambda: table.insertRow(table.rowCount()))
        layout.addWidget(add)
        return page

    def _privacy_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.mask_start = QSpinBox(minimum=0, maximum=10)
        self.mask_end = QSpinBox(minimum=0, maximum=10)
        self.mask_example = QLabel()
        self.mask_start.valueChanged.connect(self._show_mask)
        self.mask_end.valueChanged.connect(self._show_mask)
        form.addRow(tr("证件号显示前几位"), self.mask_start)
        form.addRow(tr("证件号显示后几位"), self.mask_end)
        form.addRow(tr("公示、打印示例"), self.mask_example)
        self.language = QComboBox()
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.font_size = QSpinBox(minimum=FONT_SIZES[0], maximum=FONT_SIZES[-1])
        form.addRow(tr("界面语言（重启后生效）"), self.language)
        form.addRow(tr("字号"), self.font_size)
        return page

    def _show_mask(self) -> None:
        from povdesk.rules.idcard import mask

        start, end = self.mask_start.value(), self.mask_end.value()
        self.mask_example.setText(mask(EXAMPLE_ID, start, end))

    # -- cadres --------------------------------------------------------------------------
    def load_cadres(self) -> None:
        cadres = self.store.cadres.all()
        self.cadre_ids = [c.id for c in cadres]
        self.cadres.setRowCount(len(cadres))
        yes, no = tr("是"), tr("否")
        for r, c in enumerate(cadres):
            for col, name in enumerate(CADRE_COLUMNS):
                value = getattr(c, name)
                text = (yes if value else no) if isinstance(value, bool) else str(value or "")
                self.cadres.setItem(r, col, QTableWidgetItem(text))

    def edit_cadre(self) -> None:
        row = self.cadres.currentRow()
        if 0 <= row < len(self.cadre_ids):
            self._cadre_form(self.cadre_ids[row])

    def _cadre_form(self, cadre_id: str | None) -> CadreForm:
        form = CadreForm(self.store, self.lang, self, cadre_id=cadre_id)
        form.added.connect(lambda _id: self.load_cadres())
        form.added.connect(lambda _id: self.changed.emit())
        form.open()
        return form

    # -- load and save -------------------------------------------------------------------
    def load(self) -> None:
        if self.village is not None:
            self.village_form.set_values(self.village)
            self.groups.setText(",".join(self.village.groups))
        self.load_cadres()
        lines = self.store.config.poverty_line_rows()
        fill(self.lines, [(str(x.year), yuan(x.amount), x.note) for x in lines])
        ranges = self.store.config.monitoring_range_rows()
        fill(self.ranges, [(str(x.year), yuan(x.amount), x.note) for x in ranges])
        fill(
            self.refs,
            [
                (str(x.year), x.area_code, yuan(x.amount), x.area_name)
                for x in self.store.config.reference_income_rows()
            ],
        )
        start, end = self.store.config.id_mask()
        self.mask_start.setValue(start)
        self.mask_end.setValue(end)
        self._show_mask()
        settings = app_settings()
        self.language.setCurrentIndex(
            max(self.language.findData(settings.value("language", "zh")), 0)
        )
        self.font_size.setValue(int(str(settings.value("font_size", 11))))

    def collected(self) -> Settings:
        """What the tabs hold, in the store's types; a bad cell raises UserError."""
        lines = [
            (_year(year), to_fen(amount), note)
            for year, amount, note in rows(self.lines)
            if year or amount
        ]
        ranges = [
            (_year(year), to_fen(amount), note)
            for year, amount, note in rows(self.ranges)
            if year or amount
        ]
        refs = [
            (_year(year), area, to_fen(amount), name)
            for year, area, amount, name in rows(self.refs)
            if year or amount
        ]
        village: dict[str, object] = {}
        if self.village is not None:
            village = dict(self.village_form.values())
            text = self.groups.text().replace(",", ",").replace("、", ",")
            village["groups"] = [g.strip() for g in text.split(",") if g.strip()]
        return Settings(
            poverty_lines=lines,
            monitoring_ranges=ranges,
            reference_incomes=refs,
            village_id=self.village.id if self.village else None,
            village=village,
            id_mask=(self.mask_start.value(), self.mask_end.value()),
        )

    def save(self) -> None:
        try:
            self.store.config.save_settings(self.collected())
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        settings = app_settings()
        settings.setValue("language", self.language.currentData())
        settings.setValue("font_size", self.font_size.value())
        self.changed.emit()
        self.accept()


def spec_label(model: type, name: str, lang: str) -> str:
    return spec(model, name).label(lang)


def fill(table: QTableWidget, data: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(data))
    for r, values in enumerate(data):
        for c, text in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(text))


def rows(table: QTableWidget) -> list[tuple[str, ...]]:
    return [
        tuple(_cell(table, r, c) for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def _cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text().strip() if item is not None else ""


def _year(text: str) -> int:
    if not text.isdigit():
        raise UserError(f"年度格式不对：{text!r}", f"Not a year: {text!r}", code="invalid")
    return int(text)
