"""The one place the window says a standard is missing (domain.md §8): once, at the top,
to whoever can enter it, instead of as a problem of every household."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from povdesk.rules.standards import StandardGap, notice
from ui.i18n import pick


class StandardsBanner(QLabel):
    """Hidden while every standard of the assessment year is set."""

    def __init__(self, lang: str = "zh") -> None:
        super().__init__(wordWrap=True)
        self.lang = lang
        self.setObjectName("standards_banner")
        self.setStyleSheet(
            "QLabel#standards_banner { background: #fff4d6; color: #6b4a00; padding: 6px; }"
        )
        self.hide()

    def show_gaps(self, gaps: tuple[StandardGap, ...], *, county: bool) -> None:
        said = notice(gaps, county=county)
        self.setVisible(said is not None)
        if said is not None:
            self.setText(pick(self.lang, *said))


def with_banner(banner: StandardsBanner, body: QWidget) -> QWidget:
    """A window's central widget: the banner above its body (tabs), edge to edge."""
    central = QWidget()
    column = QVBoxLayout(central)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(banner)
    column.addWidget(body, 1)
    return central
