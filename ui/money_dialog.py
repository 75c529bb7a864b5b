"""A household's assistance measures and its fund ledger. Measures can be added and
edited; the ledger only takes new entries and reversing entries (红字冲销), never an edit."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import FundSource, MeasureCategory, MeasureStatus, MonitorType
from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import FundEntryData, MeasureData
from povdesk.money import to_fen, yuan
from povdesk.rules.measures import is_overdue
from povdesk.rules.monitoring import OPEN_STATES
from povdesk.store import Store
from ui.dialogs import HouseholdDialog
from ui.field_form import FieldForm
from ui.i18n import tr

MEASURE_FIELDS = (
    "year",
    "category",
    "content",
    "cost",
    "fund_source",
    "responsible_unit",
    "start",
    "due",
    "done",
    "status",
    "evidence",
    "acknowledged",
    "acknowledged_on",
)

OVERDUE = QColor("#ffd6d6")


class MoneyDialog(HouseholdDialog):
    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        self.setWindowTitle(tr("帮扶措施与资金"))
        self.measures: list[MeasureData] = []
        self.entries: list[FundEntryData] = []

        # measures
        self.measure_table = self.record_table()
        # A household with an open monitoring record may name it and the risk a measure
        # answers (the guard counts the measures taken for the record).
        records = store.monitoring.records(household_id)
        self.open_record = next((r for r in reversed(records) if r.state in OPEN_STATES), None)
        wanted = MEASURE_FIELDS + (("risk",) if self.open_record else ())
        self.measure_form = FieldForm([s for s in specs(MeasureData) if s.name in wanted], lang)
        self.for_record = QComboBox()
        self.for_record.addItem("", None)
        if self.open_record is not None:
            r = self.open_record
            kind = MonitorType.parse(r.type).label(lang)
            self.for_record.addItem(f"{kind} {r.lead_date.isoformat()}", r.id)
            self.measure_form.add_row(tr("针对监测记录"), self.for_record)
        add_measure = QPushButton(tr("新增措施"))
        save_measure = QPushButton(tr("保存措施"))
        add_measure.clicked.connect(self.add_measure)
        save_measure.clicked.connect(self.save_measure)
        self.measure_table.currentCellChanged.connect(lambda *_: self._show_measure())
        row = QHBoxLayout()
        row.addWidget(add_measure)
        row.addWidget(save_measure)
        measures = QWidget()
        mlayout = QVBoxLayout(measures)
        mlayout.addWidget(self.measure_table, 1)
        mlayout.addWidget(self.scrolled(self.measure_form), 1)
        mlayout.addLayout(row)

        # ledger
        self.ledger = self.record_table()
        self.amount = QLineEdit(placeholderText=tr("元"))
        self.source = QComboBox()
        for s in FundSource:
            self.source.addItem(s.label(lang), s.value)
        self.for_measure = QComboBox()
        self.voucher = QLineEdit()
        self.reason = QLineEdit(placeholderText=tr("冲销原因"))
        record = QPushButton(tr("记一笔支出"))
        reverse = QPushButton(tr("冲销所选"))
        record.clicked.connect(self.record_payment)
        reverse.clicked.connect(self.reverse_selected)
        form = QFormLayout()
        form.addRow(tr("金额（元）"), self.amount)
        form.addRow(tr("资金来源"), self.source)
        form.addRow(tr("对应措施"), self.for_measure)
        form.addRow(tr("凭证号"), self.voucher)
        form.addRow("", record)
        form.addRow(tr("冲销原因"), self.reason)
        form.addRow("", reverse)
        ledger = QWidget()
        llayout = QVBoxLayout(ledger)
        llayout.addWidget(self.ledger, 1)
        llayout.addLayout(form)

        tabs = QTabWidget()
        tabs.addTab(measures, tr("帮扶措施"))
        tabs.addTab(ledger, tr("资金台账"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.measure_form.set_values(MeasureData.model_construct(household_id=household_id))
        self.reload()
        self.resize(900, 640)

    # -- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        self.measures = self.store.measures.of(self.household_id)
        self.entries = self.store.funds.entries(self.household_id)
        today = dt.date.today()
        heads = [
            tr("类别"),
            tr("内容"),
            tr("金额（元）"),
            tr("状态"),
            tr("计划完成"),
            tr("户主确认"),
        ]
        t = self.measure_table
        t.setColumnCount(len(heads))
        t.setHorizontalHeaderLabels(heads)
        t.setRowCount(len(self.measures))
        for r, m in enumerate(self.measures):
            overdue = is_overdue(m, today)
            cells = (
                MeasureCategory.parse(m.category).label(self.lang),
                m.content,
                yuan(m.cost),
                MeasureStatus.parse(m.status).label(self.lang),
                m.due.isoformat() if m.due else "",
                (tr("是")) if m.acknowledged else "",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if overdue:  # overdue measures stand out
                    item.setBackground(QBrush(OVERDUE))
                t.setItem(r, c, item)
        self.for_measure.clear()
        self.for_measure.addItem("", None)
        for m in self.measures:
            self.for_measure.addItem(m.content or MeasureCategory.parse(m.category).zh, m.id)
        lheads = [tr("日期"), tr("金额（元）"), tr("来源"), tr("凭证号"), tr("摘要")]
        self.ledger.setColumnCount(len(lheads))
        self.ledger.setHorizontalHeaderLabels(lheads)
        self.ledger.setRowCount(len(self.entries) + 1)
        for r, e in enumerate(self.entries):
            entry = (
                e.date.isoformat(),
                yuan(e.amount),
                FundSource.parse(e.source).label(self.lang),
                e.voucher,
                e.note,
            )
            for c, text in enumerate(entry):
                self.ledger.setItem(r, c, QTableWidgetItem(text))
        total = sum(e.amount for e in self.entries)
        self.ledger.setItem(len(self.entries), 0, QTableWidgetItem(tr("合计")))
        self.ledger.setItem(len(self.entries), 1, QTableWidgetItem(yuan(total)))

    def _show_measure(self) -> None:
        row = self.measure_table.currentRow()
        if 0 <= row < len(self.measures):
            m = self.measures[row]
            self.measure_form.set_values(m)
            if m.monitoring_id and self.for_record.findData(m.monitoring_id) < 0:
                # An earlier, closed record: kept as it is, not unlinked by a save.
                self.for_record.addItem(tr("以前的监测记录"), m.monitoring_id)
            self.for_record.setCurrentIndex(max(self.for_record.findData(m.monitoring_id), 0))

    def _measure_values(self) -> dict[str, object]:
        values = self.measure_form.values()
        if self.open_record is not None:
            values["monitoring_id"] = self.for_record.currentData()
        return values

    # -- changes ---------------------------------------------------------------------
    def _done(self) -> None:
        self.message.clear()
        self.reload()
        self.changed.emit()

    def _fail(self, exc: UserError) -> None:
        self.show_error(exc)

    def add_measure(self) -> None:
        try:
            self.store.measures.add(self.household_id, self._measure_values())
        except UserError as exc:
            self.show_error(exc)
            return
        self._done()

    def save_measure(self) -> None:
        row = self.measure_table.currentRow()
        if not 0 <= row < len(self.measures):
            return
        current = self.measures[row]
        try:
            values = self._measure_values()  # a bad amount raises here
            changed = {k: v for k, v in values.items() if v != getattr(current, k)}
            if changed:
                self.store.measures.update(current.id, changed)
        except UserError as exc:
            self.show_error(exc)
            return
        self._done()

    def record_payment(self) -> None:
        try:
            self.store.funds.record(
                {
                    "household_id": self.household_id,
                    "measure_id": self.for_measure.currentData(),
                    "amount": to_fen(self.amount.text()),
                    "source": self.source.currentData(),
                    "voucher": self.voucher.text().strip(),
                }
            )
        except UserError as exc:
            self.show_error(exc)
            return
        self.amount.clear()
        self.voucher.clear()
        self._done()

    def reverse_selected(self) -> None:
        row = self.ledger.currentRow()
        if not 0 <= row < len(self.entries):
            return
        try:
            self.store.funds.reverse(self.entries[row].id, self.reason.text())
        except UserError as exc:
            self.show_error(exc)
            return
        self.reason.clear()
        self._done()
