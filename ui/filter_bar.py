"""The list's filters, one control each: village group, category, status, readiness, a
shortfall dimension, a key group, overdue measures, and "no visit in N days". They add
to the ready-made list chosen above; the core's HouseholdFilter does the filtering."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from povdesk.codes import EXIT_DIMENSIONS, HouseholdCategory, HouseholdStatus
from povdesk.services.lists import KEY_GROUPS, HouseholdFilter
from ui.dashboard import GROUP_LABELS
from ui.i18n import pick, tr

SHORTFALLS = EXIT_DIMENSIONS  # declared once, in the core


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.group = self._combo(tr("全部小组"), [])
        self.category = self._combo(
            tr("全部属性"), [(c.label(lang), c.value) for c in HouseholdCategory]
        )
        self.status = self._combo(
            tr("全部状态"), [(s.label(lang), s.value) for s in HouseholdStatus]
        )
        self.ready = self._combo(tr("可否退出"), [(tr("可退出"), True), (tr("不可退出"), False)])
        self.shortfall = self._combo(tr("全部短板"), [(d.label(lang), d.value) for d in SHORTFALLS])
        self.key_group = self._combo(
            tr("全部人群"), [(pick(lang, *GROUP_LABELS[g]), g) for g in KEY_GROUPS]
        )
        self.overdue = QCheckBox(tr("措施逾期"))
        self.overdue.toggled.connect(self.changed)
        self.no_visit = QSpinBox(minimum=0, maximum=3650, suffix=tr(" 天"))
        self.no_visit.setSpecialValueText(tr("不限"))
        self.no_visit.valueChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for w in (self.group, self.category, self.status, self.ready, self.shortfall):
            layout.addWidget(w)
        layout.addWidget(self.key_group)
        layout.addWidget(self.overdue)
        layout.addWidget(QLabel(tr("未走访")))
        layout.addWidget(self.no_visit)
        layout.addStretch(1)

    def _combo(self, anything: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(anything, None)
        for text, value in items:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(self.changed)
        return combo

    def set_groups(self, groups: list[str]) -> None:
        """The village's groups (from its record), keeping the current choice."""
        chosen = self.group.currentData()
        self.group.blockSignals(True)
        while self.group.count() > 1:
            self.group.removeItem(1)
        for g in groups:
            self.group.addItem(g, g)
        self.group.setCurrentIndex(max(self.group.findData(chosen), 0))
        self.group.blockSignals(False)

    def filter(self) -> HouseholdFilter:
        days = self.no_visit.value()
        return HouseholdFilter(
            group=self.group.currentData(),
            category=self.category.currentData(),
            status=self.status.currentData(),
            ready=self.ready.currentData(),
            shortfall=self.shortfall.currentData(),
            key_group=self.key_group.currentData(),
            overdue=self.overdue.isChecked(),
            no_visit_days=days or None,
        )

    def clear(self) -> None:
        for w in (self.group, self.category, self.status, self.ready, self.shortfall):
            w.setCurrentIndex(0)
        self.key_group.setCurrentIndex(0)
        self.overdue.setChecked(False)
        self.no_visit.setValue(0)
