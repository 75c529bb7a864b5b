"""The household pane of the main window: the selected household's page, the buttons
that act on it, and the exit panel. What the buttons do is ui/household_actions.py's."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QVBoxLayout, QWidget

from povdesk.rules.facts import RuleContext
from povdesk.services.checks import HouseholdCheck
from povdesk.store import Store
from ui.exit_panel import ExitPanel
from ui.household_page import HouseholdPage
from ui.i18n import tr


class HouseholdPane(QWidget):
    def __init__(
        self,
        store: Store,
        lang: str,
        current_cadre: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.detail = HouseholdPage(store, lang)
        self.exit_panel = ExitPanel(store, current_cadre, lang)
        self.visit_button = QPushButton(tr("记录走访…"))
        self.edit_button = QPushButton(tr("编辑基本信息…"))
        self.members_button = QPushButton(tr("家庭成员…"))
        self.money_button = QPushButton(tr("措施与资金…"))
        self.income_button = QPushButton(tr("收入…"))
        self.print_button = QPushButton(tr("打印…"))  # its menu is the window's Printing's
        self.files_button = QPushButton(tr("照片与附件…"))
        # The monitoring forms (ui/monitoring_forms.py) behind one button: five more
        # buttons would not fit the pane at 1366 pixels. The window connects the actions.
        self.monitor_button = QPushButton(tr("防返贫监测…"))
        self.monitor_menu = QMenu(self.monitor_button)
        self.lead_action = self.monitor_menu.addAction(tr("添加监测线索…"))
        self.consent_action = self.monitor_menu.addAction(tr("农户授权承诺…"))
        self.step_action = self.monitor_menu.addAction(tr("办理步骤…"))
        self.eliminate_action = self.monitor_menu.addAction(tr("提出风险消除…"))
        self.event_action = self.monitor_menu.addAction(tr("登记突发事件…"))
        self.monitor_button.setMenu(self.monitor_menu)
        side = QVBoxLayout(self)
        side.setContentsMargins(0, 0, 0, 0)
        # Two rows: seven buttons in one would widen the window past a 1366-pixel screen.
        record = QHBoxLayout()
        for b in (self.edit_button, self.members_button, self.income_button, self.money_button):
            record.addWidget(b)
        work = QHBoxLayout()
        for b in (self.visit_button, self.files_button, self.monitor_button, self.print_button):
            work.addWidget(b)
        side.addWidget(self.detail, 1)
        side.addLayout(record)
        side.addLayout(work)
        side.addWidget(self.exit_panel)
        self.enable(None)

    def show_household(
        self,
        household_id: str | None,
        check: HouseholdCheck | None,
        ctx: RuleContext | None,
        sync_label: str = "",
    ) -> None:
        """`household_id` None: nothing selected; `check` None: not checked yet (the page
        follows with the checks)."""
        self.enable(household_id)
        if household_id is None:
            return
        if check is None:
            self.detail.setPlainText(tr("正在核查…"))
            self.exit_panel.show_household(None)
            return
        self.detail.show_household(household_id, check, ctx, sync_label)
        self.exit_panel.show_household(household_id)

    def clear(self) -> None:
        """The list is empty: no page, no exit panel, no household to act on."""
        self.detail.clear()
        self.exit_panel.show_household(None)
        self.enable(None)

    def enable(self, household_id: str | None) -> None:
        """Buttons that act on one household work only while one is selected."""
        for button in (
            self.visit_button,
            self.edit_button,
            self.members_button,
            self.money_button,
            self.income_button,
            self.print_button,
            self.files_button,
            self.monitor_button,
        ):
            button.setEnabled(household_id is not None)
