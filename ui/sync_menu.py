"""The window's sync menu: export a bundle, import bundles, resolve conflicts. The
dialogs live in ui/sync_export.py, ui/sync_import.py and ui/conflicts.py; this wires
them to the window and keeps each household's sync state for the household page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QMenu, QVBoxLayout, QWidget

from povdesk.errors import UserError
from povdesk.store import Store
from povdesk.sync.state import State, household_sync_state
from ui.conflicts import ConflictScreen
from ui.i18n import tr
from ui.keys_dialog import KeysDialog
from ui.sync_export import ExportDialog
from ui.sync_import import ImportDialog
from ui.sync_state import household_label
from ui.tasks import TaskManager


class SyncMenu:
    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        parent: QWidget,
        lang: str,
        reload: Callable[[], None],
        failed: Callable[[UserError], None],
    ) -> None:
        """`reload()` is called after an import or a resolution changed the store;
        `failed(exc)` shows a user's error from background work the window's way."""
        self.store = store
        self.tasks = tasks
        self.parent = parent
        self.lang = lang
        self.reload = reload
        self.failed = failed
        self.states: dict[str, State] = {}

    def menu(self) -> QMenu:
        menu = QMenu(tr("同步"), self.parent)
        menu.addAction(tr("导出同步包…")).triggered.connect(self.export)
        menu.addAction(tr("导入同步包…")).triggered.connect(self.import_)
        menu.addAction(tr("处理冲突…")).triggered.connect(self.conflicts)
        menu.addSeparator()
        menu.addAction(tr("密钥与信任…")).triggered.connect(self.keys)
        return menu

    def keys(self) -> KeysDialog:
        dialog = KeysDialog(self.store, self.lang, self.parent)
        dialog.open()
        return dialog

    def export(self) -> ExportDialog:
        dialog = ExportDialog(self.store, self.tasks, self.lang, self.parent)
        dialog.exported.connect(lambda _result: self.reload())
        dialog.open()
        return dialog

    def import_(self) -> ImportDialog:
        dialog = ImportDialog(self.store, self.tasks, self.lang, self.parent)
        dialog.imported.connect(lambda _reports: self.reload())
        dialog.open()
        return dialog

    def conflicts(self) -> QDialog:
        dialog = QDialog(self.parent)
        dialog.setWindowTitle(tr("处理冲突"))
        screen = ConflictScreen(self.store, self.lang, dialog)
        screen.resolved.connect(lambda _id: self.reload())
        QVBoxLayout(dialog).addWidget(screen)
        dialog.resize(900, 560)
        dialog.open()
        return dialog

    # -- per household -------------------------------------------------------------------
    def load_states(self, done: Callable[[], None]) -> None:
        """Each household's sync state, read off the GUI thread once per list load."""

        def keep(states: dict[str, State]) -> None:
            self.states = states
            done()

        self.tasks.run(lambda: household_sync_state(self.store), keep, self.failed)

    def label(self, household_id: str) -> str:
        return household_label(self.states, household_id) if self.states else ""
