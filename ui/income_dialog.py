"""A household's yearly income by component, with the per-capita result against the
year's poverty line and the 70% reference shown while the cadre types (the core
computes it; this only shows it)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import IncomeData
from povdesk.money import yuan
from povdesk.rules.income import Standing
from povdesk.store import Store
from ui import messages
from ui.dialogs import HouseholdDialog
from ui.field_form import FieldForm
from ui.i18n import tr

NOT_HERE = frozenset({"household_id", "year"})


class IncomeDialog(HouseholdDialog):
    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        number = store.households.get(household_id).number
        self.setWindowTitle((tr("收入 ")) + number)
        self.year = QSpinBox(minimum=2000, maximum=2100)
        # The national system records last year's income (上年度收入).
        self.year.setValue(dt.date.today().year - 1)
        self.form = FieldForm([s for s in specs(IncomeData) if s.name not in NOT_HERE], lang)
        self.verdict = QLabel(wordWrap=True)
        self.verdict.setObjectName("income_verdict")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)
        top = QFormLayout()
        top.addRow(tr("收入年度"), self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scrolled(self.form), 1)
        layout.addWidget(self.verdict)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self._year_changed)
        self.form.edited.connect(self.update_result)
        self.watch(self.form)
        self.load_year()
        self.resize(560, 640)

    def _year_changed(self) -> None:
        """Another year: what was typed for the shown one is saved or dropped only when
        the cadre says so."""
        if self.is_dirty():
            answer = messages.ask_save(self)
            if answer == "cancel" or (answer == "save" and not self._save_year(self.loaded)):
                self.year.blockSignals(True)
                self.year.setValue(self.loaded)
                self.year.blockSignals(False)
                return
        self.load_year()

    def load_year(self) -> None:
        year = self.loaded = self.year.value()
        found = [i for i in self.store.incomes.of(self.household_id) if i.year == year]
        self.form.set_values(found[0] if found else IncomeData(household_id="", year=year))
        self.baseline = self.form.values()
        self.message.clear()
        self.update_result()

    def values(self) -> dict[str, object]:
        return {k: (v or 0) for k, v in self.form.values().items()}

    def update_result(self) -> None:
        try:
            s = self.store.incomes.standing(self.household_id, self.year.value(), self.values())
        except UserError as exc:
            self.show_error(exc)
            return
        self.verdict.setText(describe(s, self.lang))

    def is_dirty(self) -> bool:
        try:
            return self.form.values() != self.baseline
        except UserError:
            return True

    def save_pending(self) -> bool:
        return self._save_year(self.loaded)

    def _save_year(self, year: int) -> bool:
        try:
            self.store.incomes.set(self.household_id, year, self.values())
        except UserError as exc:
            self.show_error(exc)
            return False
        self.baseline = self.form.values()
        self.message.clear()
        self.changed.emit()
        return True

    def save(self) -> None:
        self.save_pending()


def describe(s: Standing, lang: str) -> str:
    if s.per_capita is None:
        return tr("户内无在册人口，无法计算人均收入")
    parts = [
        tr("家庭纯收入 {0} 元，{1} 人，人均纯收入 {2} 元").format(
            yuan(s.net), s.size, yuan(s.per_capita)
        )
    ]
    if s.line is None:
        parts.append(tr("{0} 年扶贫标准未设置").format(s.year))
    elif s.above_line:
        parts.append(tr("✔ 高于 {0} 年扶贫标准 {1} 元").format(s.year, yuan(s.line)))
    else:
        parts.append(tr("✘ 未超过 {0} 年扶贫标准 {1} 元").format(s.year, yuan(s.line)))
    if s.reference is not None:
        seventy = s.reference * 7 // 10
        if s.seventy:
            parts.append(tr("✔ 达到参考收入的 70%（{0} 元）").format(yuan(seventy)))
        else:
            parts.append(tr("✘ 未达到参考收入的 70%（{0} 元）").format(yuan(seventy)))
    return tr("；").join(parts)
