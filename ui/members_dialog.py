"""A household's members: add someone (birth, marriage, moving in), edit a record, or
record someone leaving (death, marriage out, moving away). Nobody is ever deleted."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import LifeEventKind
from povdesk.errors import UserError
from povdesk.fields import specs
from povdesk.models import MemberData
from povdesk.rules import idcard
from povdesk.services.members import ARRIVALS, DEPARTURES
from povdesk.store import Store
from ui.dialogs import HouseholdDialog
from ui.field_form import FieldForm
from ui.i18n import said, tr

NOT_HERE = frozenset({"presence"})  # set by life events only
COLUMNS = ("name", "sex", "birth_date", "relation", "school_status", "labour")


class MembersDialog(HouseholdDialog):
    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        self.setWindowTitle(tr("家庭成员"))
        self.table = self.record_table()
        self.form = FieldForm([s for s in specs(MemberData) if s.name not in NOT_HERE], lang)
        self.watch(self.form)
        # The ID number is checked as it is typed (GB 11643: length, date, check digit),
        # and a valid one fills in the birth date and sex it carries.
        self.id_hint = QLabel(wordWrap=True)
        id_edit = self.form.widgets["id_number"]
        assert isinstance(id_edit, QLineEdit)
        id_edit.textEdited.connect(self._id_typed)
        # Three jobs, three boxes, so each button says plainly what it does: correct the
        # selected member's record; add someone (a birth, a marriage, moving in) with
        # the details typed in the form; record someone leaving, or going on in another
        # household.
        self.arrival_box = QComboBox()
        self.arrive_on = QDateEdit(QDate.currentDate())
        self.arrive_on.setCalendarPopup(True)
        self.kind_box = QComboBox()  # departures
        self.on = QDateEdit(QDate.currentDate())
        self.on.setCalendarPopup(True)
        self.note = QLineEdit()
        self.add = QPushButton(tr("按上面填写的信息新增成员"))
        self.save = QPushButton(tr("保存对所选成员的修改"))
        self.leave = QPushButton(tr("记录所选成员离开"))
        # 分户 / 合户: the selected member goes on in another household (by its 户编号).
        self.other = QLineEdit(placeholderText=tr("目标户编号"))
        self.move_kind = QComboBox()
        for kind in (LifeEventKind.SPLIT, LifeEventKind.MERGE):
            self.move_kind.addItem(kind.label(lang), kind.value)
        self.move_button = QPushButton(tr("所选成员迁入该户"))
        self.move_button.clicked.connect(self._move)
        self.add.clicked.connect(self._add)
        self.save.clicked.connect(self._save)
        self.leave.clicked.connect(self._leave)
        record = QGroupBox(tr("成员信息（选中上表中的成员后修改）"))
        record_box = QVBoxLayout(record)
        record_box.addWidget(self.scrolled(self.form), 1)
        record_box.addWidget(self.id_hint)
        record_box.addWidget(self.save)
        arrival = QGroupBox(tr("新增成员（出生、婚入、迁入）"))
        arrive = QFormLayout(arrival)
        arrive.addRow(tr("方式"), self.arrival_box)
        arrive.addRow(tr("日期"), self.arrive_on)
        arrive.addRow(self.add)
        departure = QGroupBox(tr("生活事件：离开、分户、合户"))
        events = QFormLayout(departure)
        events.addRow(tr("事件"), self.kind_box)
        events.addRow(tr("日期"), self.on)
        events.addRow(tr("说明"), self.note)
        events.addRow(self.leave)
        events.addRow(tr("分户/合户"), self.move_kind)
        events.addRow(tr("目标户编号"), self.other)
        events.addRow(self.move_button)
        side = QVBoxLayout()
        side.addWidget(arrival)
        side.addWidget(departure)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(record, 3)
        middle.addLayout(side, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(middle, 3)
        layout.addWidget(self.message)
        layout.addWidget(close)
        for kind in LifeEventKind:  # in the code list's order, not a set's
            if kind in ARRIVALS:
                self.arrival_box.addItem(kind.label(lang), kind.value)
            elif kind in DEPARTURES:
                self.kind_box.addItem(kind.label(lang), kind.value)
        self.table.currentCellChanged.connect(lambda *_: self._show_selected())
        self.members: list[MemberData] = []
        self.reload()
        # The form takes three fifths of the width; no sideways scrolling at the font
        # chosen, and never wider than a 1280-pixel screen.
        self.resize(min(1260, max(960, self.form.sizeHint().width() * 5 // 3 + 160)), 660)

    def _id_typed(self, text: str) -> None:
        text = text.strip()
        if len(text) < 15:  # still typing: nothing to say yet
            self.id_hint.clear()
            return
        try:
            info = idcard.parse(text)
        except idcard.IdNumberError as exc:
            self.id_hint.setStyleSheet("color: #b00000")
            self.id_hint.setText(said(exc, self.lang))
            return
        self.id_hint.setStyleSheet("color: #006000")
        self.id_hint.setText(tr("证件号码有效"))
        birth = self.form.widgets["birth_date"]
        sex = self.form.widgets["sex"]
        if isinstance(birth, QDateEdit):
            d = info.birth_date
            birth.setDate(QDate(d.year, d.month, d.day))
        if isinstance(sex, QComboBox):
            sex.setCurrentIndex(max(sex.findData(info.sex), 0))

    def reload(self) -> None:
        self.members = self.store.members.of(self.household_id, present_only=True)
        cols = [s for s in specs(MemberData) if s.name in COLUMNS]
        self.table.setColumnCount(len(cols))
        self.table.setHorizontalHeaderLabels([s.label(self.lang) for s in cols])
        self.table.setRowCount(len(self.members))
        for r, m in enumerate(self.members):
            for c, s in enumerate(cols):
                value = getattr(m, s.name)
                found = s.codes.lookup(value) if s.codes is not None and value else None
                text = found.label(self.lang) if found else ("" if value is None else str(value))
                self.table.setItem(r, c, QTableWidgetItem(text))
        if self.members:
            self.table.selectRow(0)
            self._show_selected()

    def selected(self) -> MemberData | None:
        row = self.table.currentRow()
        return self.members[row] if 0 <= row < len(self.members) else None

    def _show_selected(self) -> None:
        member = self.selected()
        if member is not None:
            self.form.set_values(member)

    def _kind(self) -> LifeEventKind:
        return LifeEventKind.parse(self.kind_box.currentData())

    def _run(self, action: str) -> None:
        self.message.clear()
        try:
            on = self.on.date().toPython()
            assert isinstance(on, dt.date)
            member = self.selected()
            if action == "add":
                arrived = self.arrive_on.date().toPython()
                assert isinstance(arrived, dt.date)
                kind = LifeEventKind.parse(self.arrival_box.currentData())
                self.store.members.arrive(self.household_id, kind, self._entered(), arrived, "")
            elif member is None:
                return
            elif action == "save":
                changed = {k: v for k, v in self._entered().items() if v != getattr(member, k)}
                if changed:
                    self.store.members.update(member.id, changed)
            elif action == "move":
                other = self.store.households.get(self.other.text().strip())
                kind = LifeEventKind.parse(self.move_kind.currentData())
                self.store.members.move([member.id], other.id, kind, on, self.note.text())
            else:
                self.store.members.leave(member.id, self._kind(), on, self.note.text())
        except UserError as exc:
            self.show_error(exc)
            return
        self.reload()
        self.changed.emit()

    def _entered(self) -> dict[str, object]:
        values = self.form.values()
        values.pop("household_id", None)
        return values

    @staticmethod
    def _row(*widgets: QWidget) -> QWidget:
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        for w in widgets:
            line.addWidget(w)
        return box

    def _move(self) -> None:
        self._run("move")

    def _add(self) -> None:
        self._run("add")

    def _save(self) -> None:
        self._run("save")

    def _leave(self) -> None:
        self._run("leave")
