"""Export a sync bundle to a folder or USB stick (issue 5): choose the recipient and the
folder, see what goes (from `exports.bundle.preview`), then write it off the GUI thread.
The writer writes atomically, so an error here never leaves a half-written bundle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exports.bundle.preview import ExportPreview, peers, preview_export
from exports.bundle.writer import Exported, export
from povdesk.codes import StoreRole
from povdesk.errors import UserError
from povdesk.store import Store
from povdesk.sync.review import KINDS
from ui import files
from ui.i18n import pick, said, tr
from ui.settings_dialog import app_settings
from ui.sync_state import size_text
from ui.tasks import TaskManager

LAST_FOLDER = "sync/last_folder"


class ExportDialog(QDialog):
    """`exported(Exported)` after a bundle is written; errors stay inline."""

    exported = Signal(object)

    def __init__(
        self, store: Store, tasks: TaskManager, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.lang = store, tasks, lang
        self.preview: ExportPreview | None = None
        self.last_export: Exported | None = None
        self.busy = False
        self.setWindowTitle(tr("导出同步包"))
        self.peer = QComboBox()
        for p in peers(store):
            self.peer.addItem(f"{p.name}（{p.area_code}）", p.store_id)
        self.folder = QLineEdit(str(app_settings().value(LAST_FOLDER, "") or ""))
        self.folder.setPlaceholderText(tr("选择文件夹或U盘"))
        browse = QPushButton(tr("选择…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("发给"), self.peer)
        form.addRow(tr("保存到"), row)
        self.summary = QLabel(wordWrap=True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the writer reports no steps: a busy bar, honestly
        self.progress.hide()
        self.outcome = QLabel(wordWrap=True)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b00000")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(
            tr("导出"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.peer.currentIndexChanged.connect(lambda _: self.refresh_summary())
        if self.peer.count() == 0:
            county = store.role is StoreRole.COUNTY
            self.message.setText(
                tr(
                    "还没有信任村里的公钥，无法导出。请在“同步 › 密钥与信任…”中点"
                    "“信任对方公钥文件…”，选择村里给的公钥文件，并与村里核对指纹。"
                )
                if county
                else tr(
                    "还没有信任县里的公钥，无法导出。请在“同步 › 密钥与信任…”中点"
                    "“信任对方公钥文件…”，选择县里给的公钥文件，并与县里核对指纹。"
                )
            )
        self._update_buttons()
        self.refresh_summary()

    # -- replaceable in tests ------------------------------------------------------
    def choose_folder(self) -> str:
        """The folder the user picks ("" when cancelled)."""
        return files.get_existing_directory(self, tr("选择保存同步包的文件夹"), self.folder.text())

    # -- the summary ----------------------------------------------------------------
    def refresh_summary(self) -> None:
        to = self.peer.currentData()
        if to is None:
            return
        self.preview = None
        self.summary.setText(tr("正在统计要导出的内容…"))
        self._set_busy(True)
        self.tasks.run(
            lambda: preview_export(self.store, to),
            self._previewed,
            self._failed,
            after=self._ended,
        )

    def _previewed(self, preview: object) -> None:
        assert isinstance(preview, ExportPreview)
        self._set_busy(False)
        self.preview = preview
        self.summary.setText(self.summary_text(preview))
        self._update_buttons()

    def summary_text(self, p: ExportPreview) -> str:
        lines = [tr("第 {0} 号同步包，发给 {1}").format(p.seq, p.peer.label)]
        if p.empty:
            lines.append(tr("自上次导出以来没有新的改动；仍可导出，以把回执带给对方。"))
        for entity, c in p.kinds.items():
            word = KINDS.get(entity, (entity, entity))
            lines.append(
                tr("{0}：{1} 条记录，{2} 条删除").format(
                    pick(self.lang, *word), c["rows"], c["deleted"]
                )
            )
        lines.append(tr("改动涉及 {0} 户").format(p.households))
        lines.append(tr("附件 {0} 个，共 {1}").format(p.files, size_text(p.file_bytes)))
        if p.resolutions:
            lines.append(tr("已处理的冲突 {0} 处").format(p.resolutions))
        return "\n".join(lines)

    # -- exporting ------------------------------------------------------------------
    def _browse(self) -> None:
        chosen = self.choose_folder()
        if chosen:
            self.folder.setText(chosen)
            self._update_buttons()

    def start_export(self) -> None:
        to = self.peer.currentData()
        folder = Path(self.folder.text().strip()).expanduser()
        if to is None or self.busy:
            return
        if not self.folder.text().strip() or not folder.is_dir():
            self.message.setText(tr("请选择一个存在的文件夹（例如U盘）。"))
            return
        app_settings().setValue(LAST_FOLDER, str(folder))
        self.message.clear()
        self.outcome.clear()
        self._set_busy(True)
        self.tasks.run(
            lambda: export(self.store, folder, to=to),
            self._exported,
            self._failed,
            after=self._ended,
        )

    def _exported(self, done: object) -> None:
        assert isinstance(done, Exported)
        self._set_busy(False)
        self.last_export = done
        self.outcome.setText(
            tr("已导出：{0}\n第 {1} 号，{2}，发给 {3}").format(
                done.path.name, done.seq, size_text(done.size), done.peer.label
            )
        )
        self.exported.emit(done)
        self.refresh_summary()  # the next bundle's number and contents

    def _ended(self) -> None:
        self._set_busy(False)

    def _failed(self, exc: UserError) -> None:
        self.message.setText(said(exc, self.lang))
        self._update_buttons()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.peer.currentData() is not None and not self.busy
        self.export_button.setEnabled(ready and self.preview is not None)
