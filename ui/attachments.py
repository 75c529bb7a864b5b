"""A household's photos and other attachments: thumbnails, add, open, save a copy, remove.

The files themselves live by content hash beside the database (povdesk.store.files);
this window only shows them and passes the user's files to store.attachments."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import AttachmentKind
from povdesk.errors import UserError, os_reason_zh, read_file
from povdesk.fields import spec
from povdesk.models import AttachmentData
from povdesk.services import work
from povdesk.store import Store
from ui import files
from ui.dialogs import HouseholdDialog
from ui.i18n import tr

ID = Qt.ItemDataRole.UserRole


def thumbnail(data: bytes, size: int = 96) -> QImage | None:
    """The image scaled to fit size×size (aspect kept, phone rotation applied), or None
    when Qt cannot read the bytes as an image."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # phones store portrait photos sideways plus an EXIF tag
    if not reader.canRead():
        return None
    full = reader.size()
    if full.isValid():  # decode at the small size: a 12-megapixel photo need not be unpacked
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if max(image.width(), image.height()) == size:
        return image
    keep, smooth = Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    return image.scaled(size, size, keep, smooth)


def read_files(paths: list[Path]) -> list[tuple[Path, bytes]]:
    """Every file read and its size checked before anything is stored, so a bad one among
    several leaves nothing half-added (the service checks the same limit one by one)."""
    out = []
    for path in paths:
        data = read_file(path, code="bad_file")
        if len(data) > work.MAX_ATTACHMENT:
            raise UserError(
                f"附件超过 50 MB：{path.name}",
                f"The attachment is larger than 50 MB: {path.name}",
                code="too_large",
            )
        out.append((path, data))
    return out


def icon_list(size: int) -> QListWidget:
    """Thumbnails in a grid, each with its name (and caption) under it."""
    view = QListWidget()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setWordWrap(True)
    view.setIconSize(QSize(size, size))
    view.setGridSize(QSize(size + size // 3, size + size // 2))
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setMovement(QListView.Movement.Static)
    return view


def icon_for(widget: QWidget, data: bytes | None, size: int) -> QIcon:
    image = thumbnail(data, size) if data is not None else None
    if image is None:
        return widget.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
    return QIcon(QPixmap.fromImage(image))


@functools.cache
def _open_folder() -> Path:
    """One private (0700) folder per run for files opened in other programs, removed at
    exit, not when the dialog closes: the viewer may still be reading the file."""
    folder = Path(tempfile.mkdtemp(prefix="povdesk-open-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


class AttachmentsDialog(HouseholdDialog):
    """Emits `changed` after any file is added or removed."""

    def __init__(
        self, store: Store, household_id: str, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(store, household_id, lang, parent)
        self.setWindowTitle(tr("照片与附件") + " " + store.households.get(household_id).number)
        self.list = icon_list(96)
        self.list.itemSelectionChanged.connect(self._selected)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.kind = QComboBox()
        for kind in AttachmentKind:
            self.kind.addItem(kind.label(lang), kind.value)
        self.caption = QLineEdit()
        form = QFormLayout()
        form.addRow(spec(AttachmentData, "kind").label(lang), self.kind)
        form.addRow(spec(AttachmentData, "caption").label(lang), self.caption)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.add_button = buttons.addButton(tr("添加照片或文件…"), role)
        self.open_button = buttons.addButton(tr("打开"), role)
        self.save_button = buttons.addButton(tr("另存为…"), role)
        self.remove_button = buttons.addButton(tr("删除"), role)
        self.add_button.clicked.connect(self.add_files)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.rejected.connect(self.reject)  # Close and Esc
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(640, 520)
        self.reload()

    # -- what is shown ------------------------------------------------------------------
    def reload(self) -> None:
        self.list.clear()
        for a in sorted(self.store.attachments.of(self.household_id), key=lambda a: a.updated_at):
            text = a.filename + (f"\n{a.caption}" if a.caption else "")
            # no need to read a PDF only to learn it is no picture
            data = self._bytes(a, quiet=True) if a.mime.startswith("image/") else None
            item = QListWidgetItem(icon_for(self, data, 96), text)
            item.setData(ID, a.id)
            item.setToolTip(f"{AttachmentKind.parse(a.kind).label(self.lang)} · {a.size:,} B")
            self.list.addItem(item)
        self._selected()

    def selected(self) -> AttachmentData | None:
        items = self.list.selectedItems()
        if not items:
            return None
        wanted = items[0].data(ID)
        return next(
            (a for a in self.store.attachments.of(self.household_id) if a.id == wanted), None
        )

    def _selected(self) -> None:
        some = bool(self.list.selectedItems())
        for b in (self.open_button, self.save_button, self.remove_button):
            b.setEnabled(some)

    # -- adding -------------------------------------------------------------------------
    def ask_paths(self) -> list[Path]:
        """Which files to add (tests replace this; one of the two file dialogs here)."""
        names, _ = files.get_open_file_names(
            self, tr("添加照片或文件…"), "", tr("照片 (*.jpg *.jpeg *.png *.heic);;所有文件 (*)")
        )
        return [Path(n) for n in names]

    def add_files(self) -> None:
        paths = self.ask_paths()
        if not paths:
            return
        self.message.clear()
        try:
            files = read_files(paths)
            # Content-hash files first: a full disk stops here with no row written, and
            # what is left behind is only unreferenced files, never a row without its file.
            for _path, data in files:
                self.store.files.put(data)
            for path, data in files:
                self.store.attachments.add(
                    self.household_id,
                    data,
                    filename=path.name,
                    kind=self.kind.currentData(),
                    caption=self.caption.text().strip(),
                )
        except UserError as exc:
            self.show_error(exc)
            return
        self.caption.clear()
        self.reload()
        self.changed.emit()

    # -- using one ----------------------------------------------------------------------
    def _bytes(self, a: AttachmentData, quiet: bool = False) -> bytes | None:
        """The file, or None with the reason said (`quiet`: the list shows a plain icon)."""
        try:
            return self.store.attachments.read(a.id)
        except UserError as exc:
            if not quiet:
                self.show_error(exc)
        except OSError:  # the .files folder lost it (copied without, cleaned up)
            if not quiet:
                zh, en = "找不到附件文件", "The attachment's file is missing"
                self.show_error(
                    UserError(f"{zh}：{a.filename}", f"{en}: {a.filename}", code="missing")
                )
        return None

    def open_selected(self) -> None:
        self.message.clear()
        a = self.selected()
        data = self._bytes(a) if a is not None else None
        if a is None or data is None:
            return
        folder = _open_folder() / a.id
        folder.mkdir(exist_ok=True)
        path = folder / (Path(a.filename).name or "attachment")  # a synced name has no dirs
        if self._write(path, data):
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        """Show the file in the system's program for it (tests replace this)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def ask_save_path(self, name: str) -> Path | None:
        """Where to save a copy (tests replace this; the other file dialog here)."""
        path, _ = files.get_save_file_name(self, tr("另存为…"), name)
        return Path(path) if path else None

    def save_selected(self) -> Path | None:
        self.message.clear()
        a = self.selected()
        data = self._bytes(a) if a is not None else None
        if a is None or data is None:
            return None
        path = self.ask_save_path(a.filename)
        return path if path is not None and self._write(path, data) else None

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.write_bytes(data)
        except OSError as exc:
            zh, en = f"无法写入文件 {path}", f"Cannot write the file {path}"
            self.show_error(UserError(f"{zh}：{os_reason_zh(exc)}", f"{en}: {exc.strerror}"))
            return False
        return True

    def confirm_remove(self, a: AttachmentData) -> bool:
        """Ask before removing (tests replace this)."""
        answer = QMessageBox.question(self, tr("删除"), tr("删除附件 {0}？").format(a.filename))
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        a = self.selected()
        if a is None or not self.confirm_remove(a):
            return
        try:
            self.store.attachments.remove(a.id)  # the record goes; the audit keeps it
        except UserError as exc:
            self.show_error(exc)
            return
        self.reload()
        self.changed.emit()
