"""What the main window's buttons and tool bar do to a household: each opens its form
or dialog over the window, after asking who is working, and says when something was
saved so the window can show it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from povdesk.store import Store
from ui.attachments import AttachmentsDialog
from ui.household_form import HouseholdForm
from ui.income_dialog import IncomeDialog
from ui.members_dialog import MembersDialog
from ui.money_dialog import MoneyDialog
from ui.visit_form import VisitForm
from ui.worker_box import WorkerBox


class HouseholdActions:
    def __init__(
        self,
        store: Store,
        lang: str,
        owner: QWidget,
        worker: WorkerBox,
        current_id: Callable[[], str | None],
    ) -> None:
        """`current_id()`: the household selected in the list. The window sets the
        callbacks below to show what changed."""
        self.store, self.lang, self.owner, self.worker = store, lang, owner, worker
        self.current_id = current_id
        # A household's data changed (its findings may have); the window checks again.
        self.changed: Callable[[], None] = lambda: None
        # A household was registered: the window lists and selects it.
        self.registered: Callable[[str], None] = lambda household_id: None
        # Photos or files changed: no finding does, only the household's page.
        self.files_changed: Callable[[], None] = lambda: None

    def _target(self) -> str | None:
        """The selected household, once a cadre is working (None: nothing to do)."""
        hid = self.current_id()
        if hid is None or not self.worker.need_cadre():
            return None
        return hid

    def new_household(self) -> HouseholdForm | None:
        """Register a household, then go straight on to its members (a household is
        registered with its head)."""
        if not self.worker.need_cadre():
            return None
        form = HouseholdForm(self.store, None, self.lang, self.owner)
        form.saved.connect(self._registered)
        form.open()
        return form

    def _registered(self, household_id: str) -> None:
        self.registered(household_id)
        dialog = MembersDialog(self.store, household_id, self.lang, self.owner)
        dialog.changed.connect(lambda: self.changed())
        dialog.open()

    def edit_household(self) -> HouseholdForm | None:
        hid = self._target()
        if hid is None:
            return None
        form = HouseholdForm(self.store, hid, self.lang, self.owner)
        form.saved.connect(lambda _id: self.changed())
        form.open()
        return form

    def edit_income(self) -> IncomeDialog | None:
        hid = self._target()
        if hid is None:
            return None
        dialog = IncomeDialog(self.store, hid, self.lang, self.owner)
        dialog.changed.connect(lambda: self.changed())
        dialog.open()
        return dialog

    def edit_attachments(self) -> AttachmentsDialog | None:
        hid = self._target()
        if hid is None:
            return None
        dialog = AttachmentsDialog(self.store, hid, self.lang, self.owner)
        dialog.changed.connect(lambda: self.files_changed())
        dialog.open()
        return dialog

    def edit_members(self) -> MembersDialog | None:
        hid = self._target()
        if hid is None:
            return None
        dialog = MembersDialog(self.store, hid, self.lang, self.owner)
        dialog.changed.connect(lambda: self.changed())
        dialog.open()
        return dialog

    def edit_money(self) -> MoneyDialog | None:
        hid = self._target()
        if hid is None:
            return None
        dialog = MoneyDialog(self.store, hid, self.lang, self.owner)
        dialog.changed.connect(lambda: self.changed())
        dialog.open()
        return dialog

    def record_visit(self) -> VisitForm | None:
        hid = self._target()
        if hid is None:
            return None
        form = VisitForm(self.store, hid, self.worker.current_cadre(), self.lang, self.owner)
        form.saved.connect(lambda _id: self.changed())
        form.open()
        return form
