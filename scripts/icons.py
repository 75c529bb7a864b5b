"""Render resources/icons/povdesk.svg to the PNG sizes the desktop entry uses and to the
Windows .ico (Qt's own SVG renderer and image writers; no other tool).

    python scripts/icons.py     # writes resources/icons/povdesk-{48,128,256}.png, povdesk.ico
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (48, 128, 256)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    svg = ICONS / "povdesk.svg"
    for size in SIZES:
        if not render(svg, size).save(str(ICONS / f"povdesk-{size}.png")):
            raise SystemExit(f"could not write the {size} px icon")
    if not render(svg, 256).save(str(ICONS / "povdesk.ico")):
        raise SystemExit("could not write povdesk.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
