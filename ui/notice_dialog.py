"""Before a 监测对象公示 is made: which notice (识别 or 风险消除), its first day and how many
days it is posted. The fewest days allowed and the refusal come from exports.pdf (the
same check the printout makes); a refusal is said in the dialog, which stays open."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from exports.pdf import Request, check, least_days
from povdesk.errors import UserError
from povdesk.store import Store
from ui.i18n import said, tr
from ui.monitoring_forms import date_edit, day_of

KIND = "monitor-notice"
# The variants as exports.pdf names them (Request.monitor).
VARIANTS = ("识别", "风险消除")


class MonitorNoticeDialog(QDialog):
    """`request()` is what to print once the dialog is accepted."""

    def __init__(
        self,
        store: Store,
        lang: str = "zh",
        parent: QWidget | None = None,
        *,
        variant: str = VARIANTS[0],
    ) -> None:
        super().__init__(parent)
        self.store, self.lang = store, lang
        self.setWindowTitle(tr("打印监测对象公示"))
        self.variant = QComboBox()
        self.variant.addItem(tr("监测对象公示（识别）"), VARIANTS[0])
        self.variant.addItem(tr("监测对象公示（风险消除）"), VARIANTS[1])
        self.variant.setCurrentIndex(max(self.variant.findData(variant), 0))
        self.start = date_edit()
        self.days = QSpinBox()
        # Below the least allowed may be typed: the refusal then says what the least is.
        self.days.setRange(1, 365)
        self.days.setValue(least_days(store, KIND))
        self.days.setSuffix(tr(" 天"))
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        # A message about a value since corrected only misleads.
        self.variant.currentIndexChanged.connect(self.message.clear)
        self.start.dateChanged.connect(self.message.clear)
        self.days.valueChanged.connect(self.message.clear)
        form = QFormLayout()
        form.addRow(tr("公示类型"), self.variant)
        form.addRow(tr("公示开始日期"), self.start)
        form.addRow(tr("公示天数"), self.days)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("生成公示"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def request(self) -> Request:
        return Request(
            KIND,
            monitor=str(self.variant.currentData()),
            start=day_of(self.start),
            days=self.days.value(),
        )

    def accept(self) -> None:
        try:
            check(self.store, self.request())
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        super().accept()
