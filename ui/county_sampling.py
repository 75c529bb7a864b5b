"""The county's 抽查 tab: draw a reproducible sample of every village's exited households
(`povdesk.county.sampling`: the same seed over the same households, the same draw), see
the households drawn per village, and every earlier draw."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from povdesk.county import sampling
from povdesk.county.sampling import Drawn
from povdesk.errors import UserError
from povdesk.store import Store
from ui.county_tables import fill, table
from ui.i18n import said, tr
from ui.tasks import TaskManager


class SamplingTab(QWidget):
    """`drawn(list[Drawn])` after a draw is recorded."""

    drawn = Signal(object)

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        failed: Callable[[UserError], None],
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.failed, self.lang = store, tasks, failed, lang
        self.last: list[Drawn] = []
        self.busy = False
        self.percent = QSpinBox(minimum=sampling.MIN_PERCENT, maximum=100)
        self.percent.setValue(sampling.MIN_PERCENT)
        self.percent.setSuffix("%")
        # The day's date is a seed anyone can repeat; the user may type another.
        self.seed = QLineEdit(dt.date.today().isoformat())
        # Whom to draw from: the exits, the risk eliminations (domain.md §7), or both.
        self.pool = QComboBox()
        for value, words in (
            (sampling.EXITED, tr("已脱贫户")),
            (sampling.ELIMINATED, tr("风险消除户")),
            (sampling.BOTH, tr("已脱贫户和风险消除户")),
        ):
            self.pool.addItem(words, value)
        self.draw_button = QPushButton(tr("抽取"))
        self.draw_button.clicked.connect(self.draw)
        form = QFormLayout()
        form.addRow(tr("抽查比例（至少 {0}%）").format(sampling.MIN_PERCENT), self.percent)
        form.addRow(tr("随机种子（同种子同结果）"), self.seed)
        form.addRow(tr("抽查范围"), self.pool)
        row = QHBoxLayout()
        row.addLayout(form)
        row.addWidget(self.draw_button)
        row.addStretch(1)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        self.result = table(
            [tr("村代码"), tr("村名"), tr("可抽户数"), tr("抽取户数"), tr("户编号")]
        )
        self.past = table([tr("次"), tr("时间"), tr("抽取人"), tr("种子"), tr("比例"), tr("户数")])
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(tr("本次抽取")))
        layout.addWidget(self.result, 2)
        layout.addWidget(QLabel(tr("历次抽查")))
        layout.addWidget(self.past, 1)

    def reload(self) -> None:
        self.tasks.run(lambda: sampling.draws(self.store), self._past, self.failed)

    def _past(self, rows: object) -> None:
        assert isinstance(rows, list)
        fill(
            self.past,
            [
                [r["draw"], r["at"][:19], r["by"], r["seed"], f"{r['percent']}%", r["households"]]
                for r in rows
            ],
        )

    def draw(self) -> None:
        if self.busy:
            return
        percent, seed = self.percent.value(), self.seed.text()
        pool = str(self.pool.currentData())
        self.busy = True
        self.draw_button.setEnabled(False)
        self.message.clear()
        self.tasks.run(
            lambda: sampling.draw(self.store, percent, seed, pool=pool),
            self._drawn,
            self._refused,
            after=self._idle,
        )

    def _drawn(self, drawn: object) -> None:
        assert isinstance(drawn, list)
        self.last = drawn
        fill(
            self.result,
            [
                [
                    d.village_code,
                    d.village,
                    d.exited,
                    len(d.households),
                    " ".join(n for _, n in d.households),
                ]
                for d in drawn
            ],
        )
        if not drawn:
            self.message.setText(tr("还没有已脱贫户，无可抽查。"))
        self.reload()
        self.drawn.emit(drawn)

    def _refused(self, exc: UserError) -> None:
        self.message.setText(said(exc, self.lang))

    def _idle(self) -> None:
        self.busy = False
        self.draw_button.setEnabled(True)
