"""Proposing risk elimination (风险消除), truthfully: the core's guard speaks first, with
every reason it gives. A refusal that may be overridden offers the override, which needs
a cadre named from the list and a written reason; one that may not (a missing range, a
household with no labour capacity at all) shows only its reasons. The guard and the
length of the reason are the service's to judge, not this dialog's."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.rules.elimination import EliminationVerdict
from povdesk.services.status import Override
from povdesk.store import Store
from ui.dialogs import HouseholdDialog
from ui.i18n import pick, tr
from ui.monitoring_forms import date_edit, day_of


class EliminationDialog(HouseholdDialog):
    def __init__(
        self,
        store: Store,
        household_id: str,
        lang: str = "zh",
        parent: QWidget | None = None,
        *,
        actor: str = "",
        cadre_id: str | None = None,
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        self.actor = actor
        number = store.households.get(household_id).number
        self.setWindowTitle(tr("提出风险消除") + f" {number}")
        self.verdict_label = QLabel(wordWrap=True)
        self.reasons = QListWidget()
        self.date = date_edit()
        self.cadre = QComboBox()
        for c in store.cadres.all(active_only=True):
            self.cadre.addItem(c.name, c.id)
        if cadre_id is not None:
            self.cadre.setCurrentIndex(max(self.cadre.findData(cadre_id), 0))
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(tr("书面放行理由（至少10个字）"))
        self.reason.setTabChangesFocus(True)  # Tab leaves the box: the keyboard gets out
        self.reason.setMaximumHeight(90)
        self.propose = QPushButton(tr("提出风险消除"))
        self.override = QPushButton(tr("书面放行并提出"))
        self.propose.clicked.connect(lambda: self._propose(None))
        self.override.clicked.connect(self._override)
        self.override_box = QWidget()
        form = QFormLayout(self.override_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("放行干部"), self.cadre)
        form.addRow(tr("放行理由"), self.reason)
        form.addRow("", self.override)
        date_form = QFormLayout()
        date_form.addRow(tr("评议日期"), self.date)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.reasons, 1)
        layout.addLayout(date_form)
        layout.addWidget(self.propose)
        layout.addWidget(self.override_box)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.verdict: EliminationVerdict | None = None
        self.recorded = False
        self.show_verdict()
        self.resize(640, 480)

    def show_verdict(self) -> None:
        """The guard's verdict today, and what it leaves the cadre to do."""
        self.reasons.clear()
        try:
            v = self.verdict = self.store.monitoring.verdict(self.household_id)
        except UserError as exc:
            self.verdict = None
            self.show_error(exc)
            for w in (self.propose, self.override_box, self.date):
                w.setEnabled(False)
            self.override_box.hide()
            return
        for f in v.blocking:
            self.reasons.addItem(pick(self.lang, f.zh, f.en))
        if v.allowed:
            text = tr("风险消除条件均已满足，可以提出。")
            if v.overridden:
                text = tr("以下原因已有书面放行，可以提出。")
        elif v.overridable:
            text = tr("不能提出风险消除，原因如下；确有实情的，可由干部书面放行。")
        else:
            text = tr("不能提出风险消除，原因如下；这些原因不能书面放行。")
        self.verdict_label.setText(text)
        self.propose.setVisible(v.allowed)
        self.override_box.setVisible(not v.allowed and v.overridable)
        self.date.setEnabled(v.allowed or v.overridable)

    def _override(self) -> None:
        cadre = self.cadre.currentData()
        if cadre is None:
            self.message.setText(
                pick(self.lang, "请先登记干部。", "Register a cadre first (Settings).")
            )
            return
        self._propose(Override(str(cadre), self.reason.toPlainText()))

    def _propose(self, override: Override | None) -> None:
        try:
            self.store.monitoring.propose_elimination(
                self.household_id, on=day_of(self.date), actor=self.actor, override=override
            )
        except UserError as exc:
            self.show_error(exc)
            return
        self.recorded = True
        self.changed.emit()
        self.accept()
