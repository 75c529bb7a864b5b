"""Forms built from the field declarations (povdesk.fields): one widget per declared
field, labelled and typed by its declaration, so no label is written twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from povdesk.fields import FieldSpec
from ui.i18n import pick, tr

UNSET = "unset"  # a tri-state answer not given yet (e.g. 饮水是否安全 not recorded)
# Yuan with at most two decimals, thousands separators (, or ，) and 元 allowed: the
# money kind reads all of these (povdesk.kinds); a sign only where the field allows it.
MONEY = "[\\d,\uff0c]{0,17}(\\.\\d{0,2})?\u5143?"
FIRST_DATE = QDate(1880, 1, 1)  # the oldest birth date an ID number may carry


CHOICES_PER_ROW = 3


class FieldForm(QWidget):
    """`set_values(data)` fills it, `values()` reads it back in the store's types;
    `edited` fires on every change, so a form can check and compute as the user types."""

    edited = Signal()

    def __init__(self, fields: Iterable[FieldSpec], lang: str = "zh") -> None:
        super().__init__()
        self.lang = lang
        self.fields = list(fields)
        self.widgets: dict[str, QWidget] = {}
        layout = self._layout = QFormLayout(self)
        for f in self.fields:
            widget = self._widget(f)
            self._notify(widget)
            self.widgets[f.name] = widget
            unit = pick(lang, "（{0}）", " ({0})").format(f.unit) if f.unit else ""
            label = f.label(lang) + unit
            layout.addRow(label, widget)

    def add_row(self, label: str, widget: QWidget) -> None:
        """A row that is not a declared field (e.g. a list typed as one line)."""
        self._layout.addRow(label, widget)

    def _notify(self, widget: QWidget) -> None:
        if isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.edited)
        elif isinstance(widget, QDoubleSpinBox | QSpinBox):
            widget.valueChanged.connect(self.edited)
        elif isinstance(widget, QDateEdit):
            widget.dateChanged.connect(self.edited)
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.edited)
        else:
            for check in widget.findChildren(QCheckBox):
                check.toggled.connect(self.edited)

    def _widget(self, f: FieldSpec) -> QWidget:
        if f.kind == "code" and f.codes is not None:
            combo = QComboBox()
            if f.optional:  # only a field that may stay unrecorded offers an empty choice
                combo.addItem("", None)
            for member in f.codes:
                combo.addItem(member.label(self.lang), member.value)
            return combo
        if f.kind == "codes" and f.codes is not None:
            box = QWidget()
            grid = QGridLayout(box)  # rows of three: 14 causes fit a 1280-pixel screen
            grid.setContentsMargins(0, 0, 0, 0)
            for n, member in enumerate(f.codes):
                check = QCheckBox(member.label(self.lang))
                check.setProperty("code", member.value)
                grid.addWidget(check, n // CHOICES_PER_ROW, n % CHOICES_PER_ROW)
            return box
        if f.kind == "bool":
            combo = QComboBox()  # yes, no, and "not recorded" where that is allowed
            yes, no, unset = tr("是"), tr("否"), tr("未填")
            if f.optional:
                combo.addItem(unset, UNSET)
            combo.addItem(no, False)
            combo.addItem(yes, True)
            return combo
        if f.kind in ("float", "int"):
            spin: QDoubleSpinBox | QSpinBox = (
                QDoubleSpinBox(decimals=2, maximum=1_000_000.0)
                if f.kind == "float"
                else QSpinBox(maximum=100_000)
            )
            if f.optional:  # the lowest value reads "not recorded" and means None
                spin.setMinimum(-1)
                spin.setSpecialValueText(tr("未填"))
                spin.setValue(spin.minimum())  # type: ignore[arg-type]  # starts empty, not 0
            return spin
        if f.kind == "money":
            amount = QLineEdit(placeholderText=tr("元"))
            # Yuan with at most two decimals: a wrong key is refused as it is typed.
            rule = ("-?" if f.negative else "") + MONEY
            amount.setValidator(QRegularExpressionValidator(QRegularExpression(rule), amount))
            return amount
        if f.kind == "date":
            edit = QDateEdit()
            edit.setCalendarPopup(True)
            edit.setMinimumDate(FIRST_DATE)
            if f.optional:  # the first date reads "not recorded" and means None
                edit.setSpecialValueText(tr("未填"))
                edit.setDate(edit.minimumDate())  # a new record starts empty
            return edit
        return QLineEdit()

    def set_values(self, data: Any) -> None:
        for f in self.fields:
            widget, value = self.widgets[f.name], getattr(data, f.name)
            if isinstance(widget, QComboBox):
                wanted = UNSET if (f.kind == "bool" and value is None) else value
                index = widget.findData(wanted)
                widget.setCurrentIndex(max(index, 0))
            elif isinstance(widget, QDoubleSpinBox):
                widget.setValue(widget.minimum() if value is None else float(value))
            elif isinstance(widget, QSpinBox):
                widget.setValue(widget.minimum() if value is None else int(value))
            elif isinstance(widget, QDateEdit):
                if isinstance(value, dt.date):
                    widget.setDate(QDate(value.year, value.month, value.day))
                else:
                    widget.setDate(widget.minimumDate())
            elif isinstance(widget, QLineEdit):
                if f.kind == "money":  # blank reads as zero and is quicker to type over
                    widget.setText(f.display(value) if value else "")
                else:
                    widget.setText("" if value is None else str(value))
            else:
                for check in widget.findChildren(QCheckBox):
                    check.setChecked(check.property("code") in (value or []))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.widgets[f.name]
            if isinstance(widget, QComboBox):
                data = widget.currentData()
                out[f.name] = None if data == UNSET else data
            elif isinstance(widget, QDoubleSpinBox | QSpinBox):
                unset = f.optional and widget.value() == widget.minimum()
                out[f.name] = None if unset else widget.value()
            elif isinstance(widget, QDateEdit):
                value = widget.date().toPython()
                unset = f.optional and widget.date() == widget.minimumDate()
                out[f.name] = value if isinstance(value, dt.date) and not unset else None
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                # Read as the field's kind reads it everywhere (povdesk.kinds): money typed
                # in yuan is kept in fen; a bad amount raises a UserError naming the field.
                out[f.name] = f.parse(text or "0") if f.kind == "money" else text
            else:
                out[f.name] = [
                    c.property("code") for c in widget.findChildren(QCheckBox) if c.isChecked()
                ]
        return out
