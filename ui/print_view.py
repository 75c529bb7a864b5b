"""Print preview: a PDF made by exports.pdf, shown with QtPdf's viewer, printed on a
printer (each page rendered through QPdfDocument onto the QPrinter) or saved as a file.
The document itself is made by `exports`; nothing here decides what is on the paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from exports.files import write_atomic
from povdesk.errors import UserError
from ui import files, messages
from ui.i18n import tr


class PrintView(QDialog):
    """Shows `pdf` (bytes, or a path to a PDF file); Esc closes it."""

    def __init__(
        self,
        pdf: bytes | Path,
        *,
        name: str = "povdesk.pdf",
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.name = name
        self.data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
        self.setWindowTitle(tr("打印预览"))
        # The buffer must outlive the document that reads from it.
        self.buffer = QBuffer(self)
        self.buffer.setData(QByteArray(self.data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self.buffer)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.count = QLabel(tr("共 {0} 页").format(self.document.pageCount()))
        self.document.pageCountChanged.connect(
            lambda n: self.count.setText(tr("共 {0} 页").format(n))
        )
        self.print_button = QPushButton(tr("打印"))
        self.save_button = QPushButton(tr("另存为 PDF"))
        close = QPushButton(tr("关闭"))
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_as)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count)
        buttons.addStretch(1)
        for b in (self.print_button, self.save_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_dialog)
        self.resize(900, 700)  # a 768-pixel-high laptop screen, less the task bar

    # -- saving -------------------------------------------------------------------------
    def ask_path(self) -> Path | None:
        """Where to save (tests replace this; it is the only file dialog here)."""
        path, _ = files.get_save_file_name(
            self,
            tr("另存为 PDF"),
            str(files.documents_folder() / self.name),
            tr("PDF 文件 (*.pdf)"),
        )
        return Path(path) if path else None

    def save_as(self) -> Path | None:
        path = self.ask_path()
        if path is None:
            return None
        try:
            write_atomic(path, self.data)  # a full USB stick leaves no half PDF behind
        except UserError as exc:
            messages.user_error(self, exc)
            return None
        return path

    # -- printing -----------------------------------------------------------------------
    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Each page rendered at the printer's resolution and scaled to its page; returns
        the number of pages sent."""
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        sent = 0
        try:
            dpi = printer.resolution()
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                size = self.document.pagePointSize(page)
                pixels = QSize(int(size.width() * dpi / 72), int(size.height() * dpi / 72))
                image = self.document.render(page, pixels)
                target = painter.viewport()
                scaled = pixels.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                sent += 1
        finally:
            painter.end()
        return sent
