"""Proposing an exit, truthfully: the core's exit guard decides; a refusal is shown inline
with its reasons, and an override needs a written reason by the cadre now working."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from povdesk.codes import HouseholdStatus
from povdesk.errors import ExitBlocked, UserError
from povdesk.services.status import Override
from povdesk.store import Store
from ui.i18n import pick, tr


class ExitPanel(QWidget):
    """Emits `changed()` after a status was recorded."""

    changed = Signal()

    def __init__(self, store: Store, cadre_id: Callable[[], str | None], lang: str = "zh") -> None:
        super().__init__()
        self.store = store
        self.cadre_id = cadre_id
        # Asks who is working when nobody is chosen (the main window sets its own).
        self.need_cadre: Callable[[], bool] = lambda: self.cadre_id() is not None
        self.lang = lang
        self.household_id: str | None = None
        self.shown_after_change: str | None = None
        self.propose = QPushButton(tr("申报拟退出"))
        self.message = QLabel(wordWrap=True)
        self.reason = QLineEdit(placeholderText=tr("书面放行理由（至少10个字）"))
        self.override = QPushButton(tr("书面放行并申报"))
        row = QHBoxLayout()
        row.addWidget(self.propose)
        row.addWidget(self.reason, 1)
        row.addWidget(self.override)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.propose.clicked.connect(lambda: self._change(None))
        self.override.clicked.connect(self._override)
        self._blocked(False)

    def show_household(self, household_id: str | None) -> None:
        # The confirmation of a change stays while its household is shown again.
        # (None: the page waits for the check after a reload; it is not another household.)
        if household_id is not None and household_id != self.shown_after_change:
            self.message.clear()
            self.shown_after_change = None
        self.household_id = household_id
        self._blocked(False)
        status = self.store.households.get(household_id).status if household_id else None
        # A household never registered poor (一般农户) has no exit to propose.
        self.setVisible(status != HouseholdStatus.NON_POOR.value)
        self.propose.setEnabled(
            status in (HouseholdStatus.POOR.value, HouseholdStatus.RETURNED.value)
        )

    def _blocked(self, on: bool) -> None:
        self.reason.setVisible(on)
        self.override.setVisible(on)

    def _override(self) -> None:
        cadre = self.cadre_id() if self.need_cadre() else None
        if cadre is None:
            self._say(
                "请先在上方选择当前操作的干部。",
                "Choose who is working first (top bar).",
                error=True,
            )
            return
        self._change(Override(cadre, self.reason.text()))

    def _change(self, override: Override | None) -> None:
        if self.household_id is None or not self.need_cadre():
            return
        try:
            self.store.status.change(
                self.household_id, HouseholdStatus.PROPOSED, reason="工作队申报", override=override
            )
        except ExitBlocked as exc:
            # A missing standard is entered, not overridden: no reason box for it.
            self._blocked(exc.overridable)
            self._say(
                "不能申报退出：\n· " + "\n· ".join(z for z, _ in exc.reasons),
                "Exit refused:\n· " + "\n· ".join(e for _, e in exc.reasons),
                error=True,
            )
            return
        except UserError as exc:
            self._say(exc.zh, exc.en, error=True)
            return
        self._blocked(False)
        self.reason.clear()
        household = self.store.households.get(self.household_id)
        zh = (
            f"已申报拟退出：{household.number}。下一步：入户核实，户主签字认可，"
            "村内公示不少于 7 天，再报乡镇审核、县里认定。"
        )
        en = (
            f"Proposed for exit: {household.number}. Next: verify at the home, the head "
            "signs, a village notice of at least 7 days, then township review and county "
            "certification."
        )
        self._say(zh, en, error=False)
        self.propose.setEnabled(False)
        self.shown_after_change = self.household_id
        self.changed.emit()

    def _say(self, zh: str, en: str, *, error: bool) -> None:
        self.message.setStyleSheet("color: #b00000" if error else "color: #006000")
        self.message.setText(pick(self.lang, zh, en))
