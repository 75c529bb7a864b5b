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
from ui.dialogs import HouseholdDialog
from ui.field_form import FieldForm

NOT_HERE = frozenset({"household_id", "year"})


class IncomeDialog(HouseholdDialog):
    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        zh = lang == "zh"
        number = store.households.get(household_id).number
        self.setWindowTitle(("收入 " if zh else "Income ") + number)
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
        top.addRow("收入年度" if zh else "Income year", self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.scrolled(self.form), 1)
        layout.addWidget(self.verdict)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.year.valueChanged.connect(self.load_year)
        self.form.edited.connect(self.update_result)
        self.load_year()
        self.resize(560, 640)

    def load_year(self) -> None:
        year = self.year.value()
        found = [i for i in self.store.incomes.of(self.household_id) if i.year == year]
        self.form.set_values(found[0] if found else IncomeData(household_id="", year=year))
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

    def save(self) -> None:
        try:
            self.store.incomes.set(self.household_id, self.year.value(), self.values())
        except UserError as exc:
            self.show_error(exc)
            return
        self.message.clear()
        self.changed.emit()


def describe(s: Standing, lang: str) -> str:
    zh = lang == "zh"
    if s.per_capita is None:
        return (
            "户内无在册人口,无法计算人均收入" if zh else "No member present: no per-capita figure"
        )
    parts = [
        f"家庭纯收入 {yuan(s.net)} 元,{s.size} 人,人均纯收入 {yuan(s.per_capita)} 元"
        if zh
        else f"Net income {yuan(s.net)} yuan, {s.size} people, {yuan(s.per_capita)} per person"
    ]
    if s.line is None:
        parts.append(f"{s.year} 年扶贫标准未设置" if zh else f"No poverty line set for {s.year}")
    elif s.above_line:
        parts.append(
            f"✔ 高于 {s.year} 年扶贫标准 {yuan(s.line)} 元"
            if zh
            else f"✔ above the {s.year} line of {yuan(s.line)}"
        )
    else:
        parts.append(
            f"✘ 未超过 {s.year} 年扶贫标准 {yuan(s.line)} 元"
            if zh
            else f"✘ not above the {s.year} line of {yuan(s.line)}"
        )
    if s.reference is not None:
        seventy = s.reference * 7 // 10
        ok = "✔ 达到" if s.seventy else "✘ 未达到"
        parts.append(
            f"{ok}参考收入的 70%({yuan(seventy)} 元)"
            if zh
            else ("✔ reaches" if s.seventy else "✘ below") + f" 70% of reference ({yuan(seventy)})"
        )
    return ";".join(parts) if zh else "; ".join(parts)
