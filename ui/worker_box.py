"""Who is working, chosen in the main window's tool bar: every change is attributed to
this cadre in the audit log and every printout names them (ui/cadre_prompt.py says
why), never the computer's login."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from povdesk.store import Store
from ui.cadre_form import CadreForm
from ui.cadre_prompt import CadrePrompt
from ui.i18n import tr

ADD_CADRE = "__add_cadre__"  # the combo's last item opens the cadre form


class WorkerBox(QComboBox):
    def __init__(self, store: Store, lang: str, owner: QWidget) -> None:
        """`owner`: the window the cadre form and the question open over."""
        super().__init__()
        self.store, self.lang, self.owner = store, lang, owner
        self._account = store.actor  # the computer account, until a cadre is chosen
        self.fill()
        self.currentIndexChanged.connect(self._changed)

    def fill(self, select: str | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(tr("请选择操作人"), None)
        for c in self.store.cadres.all(active_only=True):
            self.addItem(c.name, c.id)
        self.addItem(tr("添加干部…"), ADD_CADRE)
        self.setCurrentIndex(max(self.findData(select), 0) if select else 0)
        self.blockSignals(False)
        self._changed()

    def current_cadre(self) -> str | None:
        data = self.currentData()
        return str(data) if data and data != ADD_CADRE else None

    def _changed(self) -> None:
        if self.currentData() == ADD_CADRE:
            self.add_cadre()
            return
        cadre = self.current_cadre()
        self.store.actor = f"{self.currentText()}（{cadre[:8]}）" if cadre else self._account

    def need_cadre(self) -> bool:
        """True when a cadre is working; if none is chosen, ask for one first (every
        change and printout is signed by a cadre, never by the computer's login)."""
        if self.current_cadre() is not None:
            return True
        chosen = CadrePrompt.ask(self.owner, self.store, self.lang)
        if chosen is not None:
            self.fill(select=chosen)
        return self.current_cadre() is not None

    def printed_by(self) -> str | None:
        """The name a printout carries: the cadre working (asked for if none)."""
        return self.currentText() if self.need_cadre() else None

    def add_cadre(self) -> CadreForm:
        form = CadreForm(self.store, self.lang, self.owner)
        form.added.connect(lambda cadre_id: self.fill(select=cadre_id))
        form.rejected.connect(lambda: self.setCurrentIndex(0))
        form.open()
        return form
