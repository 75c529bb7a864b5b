"""The 监测 tab of the village window (防止返贫动态监测, domain.md §7): the households the
warnings point at, with their reasons; the monitoring objects by type and state; the
leads left undecided past their deadline. Everything comes from `store.monitoring`,
read off the GUI thread (ui/tasks.py): the candidate scan reads every household's file.
Double-click or Enter on a row opens the household in the 农户 tab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import MonitorState, MonitorStep, MonitorType, RiskType
from povdesk.errors import UserError
from povdesk.rules.candidates import Candidate
from povdesk.services.monitoring import MonitoringRow
from povdesk.store import Store
from ui.i18n import pick, said, tr
from ui.tasks import Cancelled, Task, TaskManager

CANDIDATES, OBJECTS, OVERDUE = 0, 1, 2


@dataclass(frozen=True)
class MonitoringLists:
    """What the tab shows, read on the worker in one go."""

    candidates: list[Candidate]
    rows: list[MonitoringRow]

    @classmethod
    def load(cls, store: Store, task: Task | None = None) -> MonitoringLists:
        """`task`: a newer scan cancels this one; it stops at the next candidate the
        service's chunks give."""
        ctx = store.monitoring.context()
        found: list[Candidate] = []
        for c in store.monitoring.candidates(ctx=ctx):
            found.append(c)
            if task is not None and task.cancelled():
                raise Cancelled
        return cls(found, store.monitoring.rows(ctx=ctx))


def label(codes: type, code: str | None, lang: str) -> str:
    """A code's label, or the code itself when it is not (or no longer) in the list."""
    if not code:
        return ""
    found = codes.lookup(code)  # type: ignore[attr-defined]
    return found.label(lang) if found is not None else code


def risks_text(risks: tuple[str, ...] | list[str], lang: str) -> str:
    return pick(lang, "、", ", ").join(label(RiskType, r, lang) for r in risks)


def table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    return t


def fill(t: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    """`rows`: (household id, cells); the id rides on the first cell."""
    t.setRowCount(len(rows))
    for r, (hid, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c == 0:
                item.setData(Qt.ItemDataRole.UserRole, hid)
            t.setItem(r, c, item)
    t.resizeColumnsToContents()
    if rows:
        t.selectRow(0)


def chosen_id(t: QTableWidget) -> str | None:
    row = t.currentRow()
    item = t.item(row, 0) if row >= 0 else None
    return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))


class MonitoringTab(QWidget):
    """`open_household(id)`: a row was opened; `loaded(lists)`: fresh numbers for the
    overview; `add_lead(candidate)`: the window opens the lead form for it;
    `print_notice()`: the window asks which 监测对象公示 to print."""

    open_household = Signal(str)
    loaded = Signal(object)
    add_lead = Signal(object)
    print_notice = Signal()

    def __init__(self, store: Store, tasks: TaskManager, lang: str = "zh") -> None:
        super().__init__()
        self.store, self.tasks, self.lang = store, tasks, lang
        self.lists: MonitoringLists | None = None
        self.failed: Callable[[UserError], None] = lambda exc: self.status.setText(
            said(exc, self.lang)
        )
        self._generation = 0
        self._task: Task | None = None
        self.status = QLabel()
        self.sections = QTabWidget()

        # (a) candidates
        self.candidates = table([tr("户编号"), tr("户主"), tr("建议类型"), tr("预警原因")])
        self.lead_button = QPushButton(tr("添加为监测线索…"))
        self.lead_button.setShortcut(QKeySequence("Ctrl+L"))
        self.lead_button.clicked.connect(self._add_lead)
        first = QWidget()
        box = QVBoxLayout(first)
        box.addWidget(self.candidates, 1)
        row = QHBoxLayout()
        row.addWidget(self.lead_button)
        row.addStretch(1)
        box.addLayout(row)
        self.sections.addTab(first, tr("预警对象"))

        # (b) monitoring objects, by type and state
        heads = [tr("户编号"), tr("户主"), tr("类型"), tr("风险"), tr("状态"), tr("下一步")]
        self.objects = table(heads)
        self.type_filter = QComboBox()
        self.type_filter.addItem(tr("全部类型"), None)
        for kind in MonitorType:
            self.type_filter.addItem(kind.label(lang), kind.value)
        self.state_filter = QComboBox()
        self.state_filter.addItem(tr("全部状态"), None)
        for s in MonitorState:
            self.state_filter.addItem(s.label(lang), s.value)
        for combo in (self.type_filter, self.state_filter):
            combo.currentIndexChanged.connect(lambda _=0: self._show_objects())
        second = QWidget()
        box = QVBoxLayout(second)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("类型")))
        row.addWidget(self.type_filter)
        row.addWidget(QLabel(tr("状态")))
        row.addWidget(self.state_filter)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.objects, 1)
        self.sections.addTab(second, tr("监测对象"))

        # (c) leads undecided past their deadline
        self.overdue = table(heads)
        self.sections.addTab(self.overdue, tr("逾期未办"))

        self.print_button = QPushButton(tr("打印公示…"))
        self.print_button.clicked.connect(self.print_notice.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.sections, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.status, 1)
        foot.addWidget(self.print_button)
        layout.addLayout(foot)
        for t in (self.candidates, self.objects, self.overdue):
            t.activated.connect(lambda _index, t=t: self._open(t))
            # Enter opens the row as a double-click does (activated depends on the style).
            enter = QShortcut(QKeySequence(Qt.Key.Key_Return), t)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(lambda t=t: self._open(t))
            t.doubleClicked.connect(lambda _index, t=t: self._open(t))

    # -- loading -----------------------------------------------------------------------
    def load(self) -> None:
        """Read the three lists again on the worker. An older read still running is
        cancelled (a scan reads every household; edits come faster than that in a large
        village), and ignored if it comes back all the same."""
        if self._task is not None:
            self._task.cancel()
        self._generation += 1
        generation = self._generation
        self.status.setText(tr("正在扫描监测预警…"))
        self._task = self.tasks.start(
            lambda task: MonitoringLists.load(self.store, task),
            lambda lists: self._loaded(lists, generation),
            self.failed,
            after=lambda: self._finished(generation),
        )

    def _finished(self, generation: int) -> None:
        if generation == self._generation:
            self._task = None

    def _loaded(self, lists: MonitoringLists, generation: int) -> None:
        if generation != self._generation:
            return
        self.lists = lists
        self.status.clear()
        fill(
            self.candidates,
            [
                (
                    c.household_id,
                    [
                        c.number,
                        c.head,
                        label(MonitorType, c.type, self.lang),
                        "；".join(pick(self.lang, f.zh, f.en) for f in c.reasons),
                    ],
                )
                for c in lists.candidates
            ],
        )
        self.lead_button.setEnabled(bool(lists.candidates))
        self._show_objects()
        fill(self.overdue, [self._cells(r) for r in lists.rows if r.overdue])
        self.loaded.emit(lists)

    def _cells(self, r: MonitoringRow) -> tuple[str, list[str]]:
        rec = r.record
        return (
            rec.household_id,
            [
                r.number,
                r.head,
                label(MonitorType, rec.type, self.lang),
                risks_text(rec.risks, self.lang),
                label(MonitorState, rec.state, self.lang),
                label(MonitorStep, r.next_step, self.lang),
            ],
        )

    def _show_objects(self) -> None:
        if self.lists is None:
            return
        kind, state = self.type_filter.currentData(), self.state_filter.currentData()
        fill(
            self.objects,
            [
                self._cells(r)
                for r in self.lists.rows
                if (kind is None or r.record.type == kind)
                and (state is None or r.record.state == state)
            ],
        )

    # -- choosing ----------------------------------------------------------------------
    def show_section(
        self, section: int, *, kind: str | None = None, state: str | None = None
    ) -> None:
        """Drill-down from the overview: a section, and for the objects a type or state."""
        if section == OBJECTS:
            for combo, value in ((self.type_filter, kind), (self.state_filter, state)):
                combo.setCurrentIndex(max(combo.findData(value), 0))
        self.sections.setCurrentIndex(section)

    def _open(self, t: QTableWidget) -> None:
        hid = chosen_id(t)
        if hid is not None:
            self.open_household.emit(hid)

    def _add_lead(self) -> None:
        hid = chosen_id(self.candidates)
        if self.lists is None or hid is None:
            return
        found = next((c for c in self.lists.candidates if c.household_id == hid), None)
        if found is not None:
            self.add_lead.emit(found)
