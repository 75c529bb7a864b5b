"""Record a visit: a short guided form. The checklist as found that day can update the
household's assessments (the team decides, by the tick box); photos taken that day are
stored as the household's attachments, linked to the visit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import AttachmentKind, ChecklistItem, CheckStatus, VisitPurpose
from povdesk.errors import UserError
from povdesk.fields import spec
from povdesk.models import VisitData
from povdesk.store import Store
from ui import files
from ui.attachments import icon_for, icon_list, read_files
from ui.dialogs import HouseholdDialog
from ui.i18n import tr


class VisitForm(HouseholdDialog):
    """Emits `saved(visit_id)`; stays open with an inline message when saving fails."""

    saved = Signal(str)

    def __init__(
        self,
        store: Store,
        household_id: str,
        cadre_id: str | None,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        hh = store.households.get(household_id)
        self.setWindowTitle(tr("入户走访") + " " + hh.number)

        def label(name: str) -> str:
            return spec(VisitData, name).label(lang)

        self.when = QDateTimeEdit(QDateTime.currentDateTime(), calendarPopup=True)
        self.cadres = QListWidget()
        for c in store.cadres.all(active_only=True):
            item = QListWidgetItem(c.name)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setCheckState(
                Qt.CheckState.Checked if c.id == cadre_id else Qt.CheckState.Unchecked
            )
            self.cadres.addItem(item)
        self.purposes = {p.value: QCheckBox(p.label(lang)) for p in VisitPurpose}
        purpose_row = QGridLayout()  # two rows: seven purposes in one overflow 1280 pixels
        for n, box in enumerate(self.purposes.values()):
            purpose_row.addWidget(box, n // 4, n % 4)
        self.checklist: dict[str, QComboBox] = {}
        check_form = QFormLayout()
        for check in ChecklistItem:
            combo = QComboBox()
            for status in (CheckStatus.UNKNOWN, CheckStatus.MET, CheckStatus.UNMET):
                combo.addItem(status.label(lang), status.value)
            self.checklist[check.value] = combo
            check_form.addRow(check.label(lang), combo)
        self.apply = QCheckBox(tr("用当日核查结果更新该户核查状态"))
        self.apply.setChecked(True)
        self.findings = QPlainTextEdit()
        self.actions_done = QPlainTextEdit()
        self.next_steps = QPlainTextEdit()
        self.photo_paths: list[Path] = []
        self.photos = icon_list(48)
        self.photos.setMaximumHeight(90)
        add_photos = QPushButton(tr("添加照片…"))
        add_photos.clicked.connect(self.add_photos)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photos, 1)
        photo_row.addWidget(add_photos, 0, Qt.AlignmentFlag.AlignTop)
        self.visit_id: str | None = None  # once saved, Save only retries photos left over

        form = QFormLayout()
        form.addRow(label("at"), self.when)
        form.addRow(label("cadre_ids"), self.cadres)
        form.addRow(label("purposes"), purpose_row)
        form.addRow(label("checklist"), check_form)
        form.addRow("", self.apply)
        form.addRow(label("findings"), self.findings)
        form.addRow(label("actions"), self.actions_done)
        form.addRow(label("next_steps"), self.next_steps)
        form.addRow(tr("照片"), photo_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)  # Esc closes, as for every dialog
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(self.save)
        body = QWidget()
        body.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scrolled(body), 1)  # fits a 768-pixel screen at a large font
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(760, 680)

    def ask_paths(self) -> list[Path]:
        """Which photos to add (tests replace this; the only file dialog here)."""
        names, _ = files.get_open_file_names(
            self, tr("添加照片…"), "", tr("照片 (*.jpg *.jpeg *.png *.heic);;所有文件 (*)")
        )
        return [Path(n) for n in names]

    def add_photos(self) -> None:
        for path in self.ask_paths():
            if path in self.photo_paths:
                continue
            try:  # a preview only: the file is read again, with errors told, on Save
                data: bytes | None = path.read_bytes()
            except OSError:
                data = None
            self.photos.addItem(QListWidgetItem(icon_for(self, data, 48), path.name))
            self.photo_paths.append(path)

    def values(self) -> dict[str, object]:
        cadre_ids = [
            self.cadres.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.cadres.count())
            if self.cadres.item(i).checkState() == Qt.CheckState.Checked
        ]
        at = self.when.dateTime().toPython()
        assert isinstance(at, dt.datetime)
        return {
            "at": at,  # naive wall-clock time: the store takes it as local time
            "cadre_ids": cadre_ids,
            "purposes": [code for code, box in self.purposes.items() if box.isChecked()],
            "checklist": {k: c.currentData() for k, c in self.checklist.items()},
            "findings": self.findings.toPlainText().strip(),
            "actions": self.actions_done.toPlainText().strip(),
            "next_steps": self.next_steps.toPlainText().strip(),
        }

    def is_dirty(self) -> bool:
        """Words typed or photos picked and not stored: Esc asks first."""
        texts = (self.findings, self.actions_done, self.next_steps)
        return bool(self.photo_paths) or any(t.toPlainText().strip() for t in texts)

    def save(self) -> None:
        if self.save_pending():
            self.accept()

    def save_pending(self) -> bool:
        """Photos are read (and size-checked) before anything is stored, so a missing or
        too large one stops the save with nothing written. Their files then go into the
        content-hash store first: a full disk stops there, leaving only unreferenced files
        (harmless, no row points at them). Only then the visit, then one row per photo:
        what can still fail after the visit is a database error, and then Save retries
        just the photos, never a second visit."""
        try:
            files = read_files(self.photo_paths)
            for _path, data in files:
                self.store.files.put(data)
            if self.visit_id is None:
                visit = self.store.visits.record(
                    self.household_id, self.values(), apply_checklist=self.apply.isChecked()
                )
                self.visit_id = visit.id
            while files:
                path, data = files[0]
                self.store.attachments.add(
                    self.household_id,
                    data,
                    filename=path.name,
                    visit_id=self.visit_id,
                    kind=AttachmentKind.PHOTO.value,
                    taken_on=self.when.date().toPython(),
                )
                files.pop(0)
                self.photo_paths.remove(path)
                self.photos.takeItem(0)
        except UserError as exc:
            self.show_error(exc)
            if self.visit_id is not None:  # the visit itself is in: tell the views now
                self.message.setText(tr("走访已保存，照片未全部保存：") + self.message.text())
                self.changed.emit()
            return False
        self.saved.emit(self.visit_id)
        return True
