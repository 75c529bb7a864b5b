"""The conflict review screen (issue 5): every open conflict field by field, both values,
and a choice of the local value, the remote one or a typed one. Typed values are checked
by the core (`povdesk.sync.review.typed_value`); every choice is written through
`povdesk.sync.conflicts.resolve`, an audited edit that travels in the next bundle."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from povdesk.errors import UserError
from povdesk.store import Store
from povdesk.sync import conflicts
from povdesk.sync.review import OpenConflict, open_conflicts, resolve_typed, show
from ui.i18n import said, tr


class ConflictScreen(QWidget):
    """`resolved(conflict id)` after each choice is saved; `reload()` after an import."""

    resolved = Signal(int)

    def __init__(self, store: Store, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.lang = store, lang
        self.items: list[OpenConflict] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr("户编号"), tr("记录类别"), tr("字段"), tr("本地的值"), tr("对方的值")]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._selected)
        self.empty = QLabel(tr("没有待处理的冲突。"))
        self.local_button = QPushButton(tr("采用本地的值"))
        self.remote_button = QPushButton(tr("采用对方的值"))
        self.typed = QLineEdit(placeholderText=tr("或输入正确的值"))
        self.typed_button = QPushButton(tr("采用输入的值"))
        self.local_button.clicked.connect(lambda: self.choose("local"))
        self.remote_button.clicked.connect(lambda: self.choose("remote"))
        self.typed_button.clicked.connect(self.choose_typed)
        self.typed.returnPressed.connect(self.choose_typed)
        self.base = QLabel(wordWrap=True)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        actions = QHBoxLayout()
        for w in (self.local_button, self.remote_button, self.typed):
            actions.addWidget(w)
        actions.addWidget(self.typed_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("两边都改过的字段：选择保留哪个值，或输入正确的值。")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.base)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        self.reload()

    def reload(self) -> None:
        self.items = open_conflicts(self.store)
        self.table.setRowCount(len(self.items))
        for row, c in enumerate(self.items):
            cells = (
                c.household,
                c.kind(self.lang),
                c.label(self.lang),
                c.show("local", self.lang),
                c.show("remote", self.lang),
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not self.items)
        self.table.setVisible(bool(self.items))
        if self.items:
            self.table.selectRow(0)
        self._selected()

    def current(self) -> OpenConflict | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()]

    def choose(self, side: str) -> None:
        c = self.current()
        if c is not None:
            self._save(c, lambda: conflicts.resolve(self.store, c.id, c.choice(side)))

    def choose_typed(self) -> None:
        c = self.current()
        if c is not None and not c.deletion:
            text = self.typed.text()
            self._save(c, lambda: resolve_typed(self.store, c.id, text))

    def _save(self, c: OpenConflict, write) -> None:  # type: ignore[no-untyped-def]
        try:
            write()
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        self.message.clear()
        self.typed.clear()
        self.reload()
        self.resolved.emit(c.id)

    def _selected(self) -> None:
        c = self.current()
        for w in (self.local_button, self.remote_button):
            w.setEnabled(c is not None)
        typing = c is not None and not c.deletion
        self.typed.setEnabled(typing)
        self.typed_button.setEnabled(typing)
        self.message.clear()
        if c is None:
            self.base.clear()
        elif c.deletion:
            self.base.setText(tr("对方删除了这条记录，而本地改过它：保留还是删除？"))
        else:
            was = show(c.entity, c.field, c.base, self.lang)
            self.base.setText(tr("双方上次一致的值：{0}").format(was))
