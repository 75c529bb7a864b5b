"""The About box: which povdesk this is (version, git commit, build date; the same line
as `povdesk --version`) and what it ships with, each with its licence, as the licences
of the bundled fonts and libraries ask (resources/README.md lists the fonts' sources)."""

from __future__ import annotations

import importlib
import importlib.metadata
import platform
from dataclasses import dataclass

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from povdesk.version import build_info
from ui.i18n import tr


@dataclass(frozen=True)
class Part:
    name: str
    module: str  # asked for its version; "" when the part has none to ask
    licence: str


FONTS = (
    Part("Droid Sans Fallback（中文字体 / CJK font）", "", "Apache-2.0"),
    Part("DejaVu Sans（数字与字母 / digits and letters）", "", "Bitstream Vera Fonts licence"),
)
LIBRARIES = (
    Part("Python", "", "PSF-2.0"),
    Part("Qt", "", "LGPL-3.0"),
    Part("PySide6 (Qt for Python)", "PySide6", "LGPL-3.0"),
    Part("SQLite", "sqlite3", "Public domain"),
    Part("SQLAlchemy", "sqlalchemy", "MIT"),
    Part("SQLModel", "sqlmodel", "MIT"),
    Part("Alembic", "alembic", "MIT"),
    Part("pydantic", "pydantic", "MIT"),
    Part("platformdirs", "platformdirs", "MIT"),
    Part("pypinyin", "pypinyin", "MIT"),
    Part("openpyxl", "openpyxl", "MIT"),
    Part("ReportLab", "reportlab", "BSD-3-Clause"),
    Part("Pillow", "PIL", "MIT-CMU"),
    Part("psycopg (libpq: PostgreSQL Licence)", "psycopg", "LGPL-3.0"),
    Part("pyrage (age)", "pyrage", "MIT"),
    Part("cryptography (OpenSSL: Apache-2.0)", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
)


def part_version(part: Part) -> str:
    """The version the running program has loaded (an installed app has no package
    metadata to ask, so each module says its own)."""
    if part.name == "Python":
        return platform.python_version()
    if part.name == "Qt":
        return qVersion()
    if not part.module:
        return ""
    module = importlib.import_module(part.module)
    for attr in ("__version__", "sqlite_version", "Version", "VERSION"):
        found = getattr(module, attr, None)
        if isinstance(found, str):
            return found
    try:  # pyrage says it only in its package metadata (the spec copies it)
        return importlib.metadata.version(part.module)
    except importlib.metadata.PackageNotFoundError:
        return ""


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("关于 povdesk"))
        info = build_info()
        self.build = QLabel(
            tr("精准扶贫驻村工作台 povdesk\n版本：{0}\n提交：{1}\n构建日期：{2}").format(
                info.version, info.commit, info.date
            )
        )
        self.build.setToolTip(info.line())
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("组成部分"), tr("版本"), tr("许可证")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.rows = [(p.name, part_version(p), p.licence) for p in FONTS + LIBRARIES]
        for row, cells in enumerate(self.rows):
            self.table.insertRow(row)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        note = QLabel(
            tr("Qt 与 psycopg 按 LGPL-3.0 以独立的共享库随程序提供，可以替换。"),
            wordWrap=True,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.build)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(640, 560)
