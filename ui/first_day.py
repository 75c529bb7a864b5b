"""What an empty village shows instead of an empty list: the three ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.i18n import tr


class FirstDay(QWidget):
    """Shown while the village has no household; each button says what it starts."""

    import_roster = Signal()
    new_household = Signal()
    open_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(tr("本村还没有农户。请选择下一步："))
        title.setStyleSheet("font-size: 16pt; font-weight: bold")
        steps = (
            (
                tr("导入花名册…"),
                tr("已有国扶系统或工作队的花名册（Excel 或 CSV）：先检查，确认后一次导入。"),
                self.import_roster,
            ),
            (
                tr("新增农户…"),
                tr("逐户登记：先填户的基本信息，再添加家庭成员。"),
                self.new_household,
            ),
            (
                tr("打开演示村…"),
                tr("先用一个虚构的演示村熟悉操作；演示数据单独保存，不会混入本村数据。"),
                self.open_demo,
            ),
        )
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        self.buttons: list[QPushButton] = []
        for text, hint, signal in steps:
            button = QPushButton(text)
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance("导入花名册…") * 3)
            button.clicked.connect(signal.emit)
            label = QLabel(hint, wordWrap=True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addSpacing(12)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons.append(button)
        layout.addStretch(2)
