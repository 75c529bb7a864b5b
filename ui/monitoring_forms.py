"""The monitoring forms of a household (domain.md §7): a new lead, the signed consent,
one procedure step. Each only gathers what is typed and hands it to `store.monitoring`,
which decides; what it refuses is shown in place, in the window's language, and nothing
is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import LeadSource, MonitorStep, MonitorType, RiskType, StepOutcome
from povdesk.errors import UserError
from povdesk.money import to_fen
from povdesk.services.members import HARDSHIPS
from povdesk.store import Store
from ui.dialogs import HouseholdDialog
from ui.i18n import tr


def date_edit(day: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    d = day or dt.date.today()
    edit.setDate(QDate(d.year, d.month, d.day))
    return edit


def day_of(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


def codes_combo(codes: Iterable, lang: str, current: str | None = None) -> QComboBox:  # type: ignore[type-arg]
    combo = QComboBox()
    for c in codes:
        combo.addItem(c.label(lang), c.value)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class MonitoringForm(HouseholdDialog):
    """Save and Close buttons, the inline message, Ctrl+S; a subclass fills `form` and
    writes in `write()`."""

    def __init__(
        self, store: Store, household_id: str, lang: str, parent: QWidget | None, title: str
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        number = store.households.get(household_id).number
        self.setWindowTitle(f"{title} {number}")
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def write(self) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        try:
            self.write()
        except UserError as exc:
            self.show_error(exc)
            return False
        self.message.clear()
        self.changed.emit()
        self.accept()
        return True


class LeadForm(MonitoringForm):
    """添加监测线索: type, risks, where the lead came from, when and by whom."""

    def __init__(
        self,
        store: Store,
        household_id: str,
        lang: str = "zh",
        parent: QWidget | None = None,
        *,
        kind: str | None = None,
        risks: Iterable[str] = (),
        by: str = "",
    ) -> None:
        super().__init__(store, household_id, lang, parent, tr("添加监测线索"))
        self.kind = codes_combo(MonitorType, lang, kind)
        self.risks = QListWidget()
        wanted = set(risks)
        for r in RiskType:
            item = QListWidgetItem(r.label(lang))
            item.setData(Qt.ItemDataRole.UserRole, r.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if r.value in wanted else Qt.CheckState.Unchecked
            )
            self.risks.addItem(item)
        self.risks.setMaximumHeight(170)
        self.source = codes_combo(LeadSource, lang, LeadSource.VISIT.value)
        self.date = date_edit()
        self.by = QLineEdit(by)
        self.note = QLineEdit()
        self.form.addRow(tr("监测对象类型"), self.kind)
        self.form.addRow(tr("风险类型（空格勾选）"), self.risks)
        self.form.addRow(tr("线索来源"), self.source)
        self.form.addRow(tr("发现日期"), self.date)
        self.form.addRow(tr("发现人"), self.by)
        self.form.addRow(tr("备注"), self.note)

    def chosen_risks(self) -> list[str]:
        return [
            str(self.risks.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.risks.count())
            if self.risks.item(i).checkState() == Qt.CheckState.Checked
        ]

    def write(self) -> None:
        self.store.monitoring.add_lead(
            self.household_id,
            type=self.kind.currentData(),
            risks=self.chosen_risks(),
            source=self.source.currentData(),
            on=day_of(self.date),
            by=self.by.text(),
            note=self.note.text(),
        )


class ConsentForm(MonitoringForm):
    """农户授权承诺书: the day it was signed, and the scanned page if there is one."""

    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent, tr("农户授权承诺"))
        self.date = date_edit()
        self.scan: Path | None = None
        self.scan_label = QLabel(tr("未选择"))
        choose = QPushButton(tr("选择扫描件…"))
        choose.clicked.connect(self.choose_scan)
        row = QHBoxLayout()
        row.addWidget(self.scan_label, 1)
        row.addWidget(choose)
        self.form.addRow(tr("签字日期"), self.date)
        self.form.addRow(tr("扫描件"), row)

    def choose_scan(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("选择扫描件"), "", tr("扫描件 (*.pdf *.jpg *.jpeg *.png)")
        )
        if name:
            self.set_scan(Path(name))

    def set_scan(self, path: Path) -> None:
        self.scan = path
        self.scan_label.setText(path.name)

    def write(self) -> None:
        self.store.monitoring.consent(
            self.household_id,
            day_of(self.date),
            scan=self.scan,
            filename=self.scan.name if self.scan else "",
        )


class EventForm(MonitoringForm):
    """登记突发事件: a serious illness, a disaster or an accident (the candidate scan
    reads these for a year). A disaster may concern the whole household."""

    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent, tr("登记突发事件"))
        kinds = sorted(HARDSHIPS, key=lambda k: k.value)
        self.kind = codes_combo(kinds, lang, kinds[0].value)
        self.member = QComboBox()
        self.member.addItem(tr("全家（不指定成员）"), None)
        for m in store.members.of(household_id, present_only=True):
            self.member.addItem(m.name, m.id)
        self.date = date_edit()
        self.note = QLineEdit()
        self.form.addRow(tr("事件"), self.kind)
        self.form.addRow(tr("成员"), self.member)
        self.form.addRow(tr("日期"), self.date)
        self.form.addRow(tr("说明"), self.note)

    def write(self) -> None:
        self.store.members.hardship(
            self.household_id,
            self.kind.currentData(),
            day_of(self.date),
            member_id=self.member.currentData(),
            note=self.note.text(),
        )


class StepForm(MonitoringForm):
    """One procedure step of the household's open record. The notice's end date shows
    only for 村级公示, the per-capita income only for 入户核实."""

    def __init__(
        self,
        store: Store,
        household_id: str,
        lang: str = "zh",
        parent: QWidget | None = None,
        *,
        actor: str = "",
        step: str | None = None,
    ) -> None:
        super().__init__(store, household_id, lang, parent, tr("监测办理步骤"))
        self.step = codes_combo(MonitorStep, lang, step)
        self.date = date_edit()
        self.actor = QLineEdit(actor)
        self.outcome = codes_combo(StepOutcome, lang)
        self.notice_end = date_edit(dt.date.today() + dt.timedelta(days=5))
        self.income = QLineEdit(placeholderText=tr("元"))
        self.note = QLineEdit()
        self.form.addRow(tr("步骤"), self.step)
        self.form.addRow(tr("日期"), self.date)
        self.form.addRow(tr("经办人"), self.actor)
        self.form.addRow(tr("结果"), self.outcome)
        self.form.addRow(tr("公示截止日期"), self.notice_end)
        self.form.addRow(tr("核实人均纯收入（元）"), self.income)
        self.form.addRow(tr("备注"), self.note)
        self.step.currentIndexChanged.connect(lambda _=0: self._step_changed())
        self._step_changed()

    def _step_changed(self) -> None:
        code = self.step.currentData()
        for widget, shown in (
            (self.notice_end, code == MonitorStep.VILLAGE_NOTICE.value),
            (self.income, code == MonitorStep.HOME_CHECK.value),
        ):
            self.form.setRowVisible(widget, shown)

    def write(self) -> None:
        code = self.step.currentData()
        income = self.income.text().strip()
        self.store.monitoring.step(
            self.household_id,
            code,
            on=day_of(self.date),
            actor=self.actor.text(),
            outcome=self.outcome.currentData(),
            notice_end=day_of(self.notice_end)
            if code == MonitorStep.VILLAGE_NOTICE.value
            else None,
            per_capita_income=to_fen(income)
            if income and code == MonitorStep.HOME_CHECK.value
            else None,
            note=self.note.text(),
        )
