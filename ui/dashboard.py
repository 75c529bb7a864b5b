"""The village at a glance: every number is a button that opens the list behind it.
The numbers come from the core's summary and the lists from its filters."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QVBoxLayout, QWidget

from povdesk.codes import Dimension, HouseholdStatus
from povdesk.services.checks import Summary
from povdesk.services.lists import PRESETS, HouseholdFilter

GROUP_LABELS = {
    "elderly": ("老年人", "Elderly"),
    "child": ("儿童", "Children"),
    "woman": ("妇女", "Women"),
    "disabled": ("残疾人", "Disabled"),
}


class Dashboard(QWidget):
    """Emits `chosen(filter, title)` when a number is clicked."""

    chosen = Signal(object, str)

    def __init__(self, lang: str = "zh") -> None:
        super().__init__()
        self.lang = lang
        self.buttons: dict[str, QPushButton] = {}
        self._layout = QVBoxLayout(self)

    def show_summary(self, s: Summary) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        self.buttons.clear()
        zh = self.lang == "zh"
        status = [
            (f"status_{k}", HouseholdStatus.parse(k).label(self.lang), v, HouseholdFilter(status=k))
            for k, v in s.by_status.items()
            if v
        ]
        exit_ = [
            (
                "ready",
                "达到退出标准" if zh else "Meet the exit standard",
                s.ready,
                HouseholdFilter(ready=True),
            ),
            (
                "proposed_not_ready",
                PRESETS["proposed_not_ready"].label(self.lang),
                s.proposed_not_ready,
                PRESETS["proposed_not_ready"].filter,
            ),
            (
                "false_exit",
                PRESETS["false_exit"].label(self.lang),
                s.false_exits,
                PRESETS["false_exit"].filter,
            ),
            (
                "overrides",
                PRESETS["overrides"].label(self.lang),
                s.overrides,
                PRESETS["overrides"].filter,
            ),
            (
                "overdue",
                PRESETS["overdue"].label(self.lang),
                s.overdue_measures,
                PRESETS["overdue"].filter,
            ),
        ]
        short = [
            (f"shortfall_{d}", Dimension.parse(d).label(self.lang), v, HouseholdFilter(shortfall=d))
            for d, v in s.shortfalls.items()
        ]
        groups = [
            (
                f"group_{g}",
                GROUP_LABELS[g][0 if zh else 1],
                s.key_groups.get(g, 0),
                HouseholdFilter(key_group=g),
            )
            for g in GROUP_LABELS
        ]
        for title, items in (
            ("按状态(户)" if zh else "By status (households)", status),
            ("退出与核查" if zh else "Exits and checks", exit_),
            ("短板(户)" if zh else "Shortfalls (households)", short),
            ("四类重点群体(户)" if zh else "Key groups (households)", groups),
        ):
            self._layout.addWidget(self._box(title, items))
        self._layout.addStretch(1)

    def _box(self, title: str, items: list[tuple[str, str, int, HouseholdFilter]]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for n, (key, label, value, flt) in enumerate(items):
            button = QPushButton(f"{label}:{value}")
            button.setFlat(True)
            button.clicked.connect(lambda _=False, f=flt, t=label: self.chosen.emit(f, t))
            self.buttons[key] = button
            grid.addWidget(button, n // 3, n % 3)
        return box
