"""The print menus of the main window: one household's papers, the village's papers, and
the papers of every household in the list shown. All go the same way: the PDF is made
off the GUI thread with progress and cancel (ui/batch_print.py), then shown in the
preview, from which it is printed or saved. A 监测对象公示 first asks its variant, first
day and days (ui/notice_dialog.py); the households a notice leaves out are named to the
cadre after it is made."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from exports.pdf import KINDS, PER_HOUSEHOLD, Request
from exports.pdf.notice import LeftOut
from povdesk.errors import UserError
from povdesk.store import Store
from ui import files, messages
from ui.batch_print import BatchPrint, with_progress
from ui.i18n import pick, tr
from ui.notice_dialog import KIND, VARIANTS, MonitorNoticeDialog
from ui.print_view import PrintView
from ui.tasks import TaskManager

VILLAGE_KINDS = ("notice", "roster")


class Printing:
    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        parent: QWidget,
        lang: str,
        current: Callable[[], str | None],
        listed: Callable[[], list[str]],
    ) -> None:
        """`current()`: the selected household; `listed()`: the households in the list."""
        self.store = store
        self.tasks = tasks
        self.parent = parent
        self.lang = lang
        self.current = current
        self.listed = listed
        self.preview: PrintView | None = None  # the last preview (tests read it)
        self.job: BatchPrint | None = None
        self.notice_dialog: MonitorNoticeDialog | None = None  # the last one (tests fill it)
        # The cadre a printout names (asked for when none is chosen); None: cancelled.
        self.printed_by: Callable[[], str | None] = lambda: store.actor

    def household_menu(self) -> QMenu:
        menu = QMenu(self.parent)
        for kind in PER_HOUSEHOLD:
            action = menu.addAction(KINDS[kind])
            action.triggered.connect(lambda _=False, k=kind: self.household(k))
        return menu

    def village_menu(self) -> QMenu:
        menu = QMenu(tr("打印"), self.parent)
        for kind in VILLAGE_KINDS:
            action = menu.addAction(KINDS[kind])
            action.triggered.connect(lambda _=False, k=kind: self.run(k, ()))
        action = menu.addAction(tr("监测对象公示…"))
        action.triggered.connect(lambda _=False: self.monitor_notice())
        menu.addSeparator()
        for kind in PER_HOUSEHOLD:
            text = tr("当前清单各户的{0}…").format(KINDS[kind])
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, k=kind: self.run(k, tuple(self.listed())))
        return menu

    def household(self, kind: str) -> None:
        hid = self.current()
        if hid is not None:
            self.run(kind, (hid,))

    def monitor_notice(self, variant: str = VARIANTS[0]) -> MonitorNoticeDialog:
        """Asks which 监测对象公示, from when and for how long; made once accepted."""
        dialog = MonitorNoticeDialog(self.store, self.lang, self.parent, variant=variant)
        dialog.accepted.connect(lambda: self.run(KIND, (), dialog.request()))
        self.notice_dialog = dialog
        dialog.open()
        return dialog

    def run(
        self, kind: str, households: tuple[str, ...], request: Request | None = None
    ) -> BatchPrint | None:
        """`request`: a notice's variant, start and days (`kind` and `households` are
        then its own)."""
        if kind in PER_HOUSEHOLD and not households:
            return None  # an empty list: nothing to print, and never "the whole village"
        who = self.printed_by()
        if who is None:
            return None
        job = BatchPrint(
            self.store, list(households), kind, self.tasks, self.parent, who, request=request
        )
        progress = with_progress(job, self.parent, self.lang)
        job.finished.connect(lambda pdf: self._show(kind, pdf, households))
        job.finished.connect(lambda _pdf: self._left_out(job.left_out))
        job.failed.connect(self._failed)
        self.job = job
        job.start()
        progress.setValue(0)
        return job

    def _show(self, kind: str, pdf: object, households: tuple[str, ...] = ()) -> None:
        assert isinstance(pdf, bytes)
        self.preview = PrintView(
            pdf, name=self.file_name(kind, households), lang=self.lang, parent=self.parent
        )
        self.preview.open()

    def file_name(self, kind: str, households: tuple[str, ...]) -> str:
        """The name "save as" proposes: whose paper it is, which paper, which day, e.g.
        4228231072050004潘文清扶贫手册-20261205.pdf, or 青龙村公示-20261205.pdf."""
        if len(households) == 1:
            file = self.store.households.file(households[0])
            owner = file.household.number + (file.head.name if file.head else "")
        else:
            home = self.store.villages.home()
            owner = home.name if home else ""
        return files.default_name(owner, KINDS[kind], suffix=".pdf")

    def _left_out(self, left: list[LeftOut]) -> None:
        """The households a notice did not announce, and why: for the cadre, never on
        the board (the notice's foot only counts them)."""
        if not left:
            return
        colon = pick(self.lang, "：", ": ")
        lines = [f"{x.number}{colon}{pick(self.lang, x.zh, x.en)}" for x in left]
        head = tr("以下 {0} 户未列入本次公示：").format(len(left))
        messages.info(self.parent, "\n".join([head, *lines]))

    def _failed(self, exc: UserError) -> None:
        messages.user_error(self.parent, exc)  # a bug never comes here: ui/tasks.py
