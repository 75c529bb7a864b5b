"""The recovery key, shown once when a store is encrypted: saved as a PDF (to a USB stick,
to print) or printed, and the dialog stays until the cadre says it has been printed or
written down and handed to the township or county. Without the key a forgotten passphrase
loses the village's data, so closing early is not offered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exports.pdf.recovery import groups, recovery_sheet, render
from povdesk.errors import UserError
from ui import files, messages
from ui.i18n import tr
from ui.print_view import PrintView


class RecoveryDialog(QDialog):
    def __init__(
        self,
        recovery_key: str,
        key_id: str,
        village: str,
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        self.key_id = key_id
        self.village = village
        self.lang = lang
        self.made_at = dt.date.today().isoformat()
        self.saved: Path | None = None  # the last PDF written (tests read it)
        self.preview: PrintView | None = None
        self.setWindowTitle(tr("数据库恢复密钥"))
        intro = QLabel(
            tr(
                "数据库已加密。下面是恢复密钥，只显示这一次：忘记口令时，只有用它才能打开数据库。"
                "请保存为 PDF 并打印，交乡镇或县里保管，不要和电脑放在一起。"
            ),
            wordWrap=True,
        )
        parts = groups(recovery_key)
        self.key = QLabel("  ".join(parts[:4]) + "\n" + "  ".join(parts[4:]))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(max(self.font().pointSize(), 10) + 6)
        self.key.setFont(font)
        self.key.setStyleSheet("padding: 8px; border: 1px solid #888")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_id_label = QLabel(tr("密钥编号：{0}").format(key_id))
        self.save_button = QPushButton(tr("保存为 PDF…（请存到U盘并打印）"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(tr("打印…"))
        self.print_button.clicked.connect(self.print_sheet)
        self.done_box = QCheckBox(tr("我已打印或抄写恢复密钥，并交乡镇或县里保管"))
        self.close_button = QPushButton(tr("完成"))
        self.close_button.setEnabled(False)
        self.done_box.toggled.connect(self.close_button.setEnabled)
        self.close_button.clicked.connect(self.accept)
        self.message = QLabel(wordWrap=True)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        end = QHBoxLayout()
        end.addWidget(self.done_box, 1)
        end.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.key)
        layout.addWidget(self.key_id_label)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addLayout(end)

    def reject(self) -> None:
        """Esc and the title bar's close button: only once the box is ticked."""
        if self.done_box.isChecked():
            super().reject()
        else:
            self.message.setText(tr("请先保存或打印恢复密钥，并勾选下面的确认框。"))

    def _sheet(self) -> dict[str, str]:
        return {
            "village": self.village,
            "recovery_key": self.recovery_key,
            "key_id": self.key_id,
            "made_at": self.made_at,
        }

    def ask_path(self) -> Path | None:
        """Where to save the sheet (tests replace this)."""
        name = files.default_name(self.village, tr("数据库恢复密钥"), suffix=".pdf")
        return files.ask_save(self, tr("保存恢复密钥"), name, tr("PDF 文件 (*.pdf)"))

    def save_pdf(self) -> Path | None:
        path = self.ask_path()
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            recovery_sheet(path, **self._sheet())
        except UserError as exc:
            messages.user_error(self, exc)
            return None
        self.saved = path
        self.message.setText(
            tr("已保存：{0}。请打印出来交乡镇或县里保管；不要把这份文件留在这台电脑上。").format(
                path
            )
        )
        return path

    def print_sheet(self) -> PrintView:
        """The sheet in the print preview, from which it is printed."""
        name = files.default_name(self.village, tr("数据库恢复密钥"), suffix=".pdf")
        self.preview = PrintView(render(**self._sheet()), name=name, lang=self.lang, parent=self)
        self.preview.open()
        return self.preview
