"""What the main window's buttons and tool bar do to a household: each opens its form
or dialog over the window, after asking who is working. What a form saves reaches the
window through the store's change notices (ui/notices.py), not from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QWidget

from povdesk.store import Store
from ui.attachments import AttachmentsDialog
from ui.elimination_dialog import EliminationDialog
from ui.household_form import HouseholdForm
from ui.income_dialog import IncomeDialog
from ui.members_dialog import MembersDialog
from ui.money_dialog import MoneyDialog
from ui.monitoring_forms import ConsentForm, EventForm, LeadForm, StepForm
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
        dialog.open()

    def edit_household(self) -> HouseholdForm | None:
        hid = self._target()
        if hid is None:
            return None
        form = HouseholdForm(self.store, hid, self.lang, self.owner)
        form.open()
        return form

    def edit_income(self) -> IncomeDialog | None:
        hid = self._target()
        if hid is None:
            return None
        dialog = IncomeDialog(self.store, hid, self.lang, self.owner)
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
        dialog.open()
        return dialog

    def edit_money(self) -> MoneyDialog | None:
        hid = self._target()
        if hid is None:
            return None
        dialog = MoneyDialog(self.store, hid, self.lang, self.owner)
        dialog.open()
        return dialog

    def record_visit(self) -> VisitForm | None:
        hid = self._target()
        if hid is None:
            return None
        form = VisitForm(self.store, hid, self.worker.current_cadre(), self.lang, self.owner)
        form.open()
        return form

    # -- monitoring (ui/monitoring_forms.py, ui/elimination_dialog.py) ----------------
    def _cadre_name(self) -> str:
        cadre = self.worker.current_cadre()
        return self.store.cadres.get(cadre).name if cadre else ""

    def add_lead(
        self, household_id: str | None = None, kind: str | None = None, risks: Iterable[str] = ()
    ) -> LeadForm | None:
        """A lead for the selected household, or for `household_id` (a candidate of the
        监测 tab, with its suggested type and risks)."""
        hid = household_id or self.current_id()
        if hid is None or not self.worker.need_cadre():
            return None
        form = LeadForm(
            self.store, hid, self.lang, self.owner, kind=kind, risks=risks, by=self._cadre_name()
        )
        form.open()
        return form

    def record_consent(self) -> ConsentForm | None:
        hid = self._target()
        if hid is None:
            return None
        form = ConsentForm(self.store, hid, self.lang, self.owner)
        form.open()
        return form

    def record_event(self) -> EventForm | None:
        hid = self._target()
        if hid is None:
            return None
        form = EventForm(self.store, hid, self.lang, self.owner)
        form.open()
        return form

    def record_step(self) -> StepForm | None:
        hid = self._target()
        if hid is None:
            return None
        form = StepForm(self.store, hid, self.lang, self.owner, actor=self._cadre_name())
        form.open()
        return form

    def propose_elimination(self) -> EliminationDialog | None:
        hid = self._target()
        if hid is None:
            return None
        dialog = EliminationDialog(
            self.store,
            hid,
            self.lang,
            self.owner,
            actor=self._cadre_name(),
            cadre_id=self.worker.current_cadre(),
        )
        dialog.open()
        return dialog
