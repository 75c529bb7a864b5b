"""The household page of the main window: the core's household file and check laid out
by ui/detail.py, with the photos' thumbnails and the sync state. Thumbnails are cached
by content hash, so moving through the list does not decode the same photo again."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from povdesk.rules.facts import RuleContext
from povdesk.services.checks import HouseholdCheck
from povdesk.store import Store
from ui.attachments import thumbnail
from ui.detail import household_html
from ui.i18n import tr
from ui.monitoring_history import monitoring_html

THUMB = 96


class HouseholdPage(QTextBrowser):
    def __init__(self, store: Store, lang: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.lang = lang
        self._thumbs: dict[str, QImage | None] = {}  # sha256 -> thumbnail (None: no image)

    def show_household(
        self,
        household_id: str,
        check: HouseholdCheck,
        ctx: RuleContext | None,
        sync_label: str = "",
    ) -> None:
        file = self.store.households.file(household_id)
        attachments = self.store.attachments.of(household_id)
        doc = self.document()
        for a in attachments:
            if a.sha256 not in self._thumbs:
                try:
                    self._thumbs[a.sha256] = thumbnail(self.store.attachments.read(a.id), THUMB)
                except (OSError, ValueError):  # a file missing beside the database
                    self._thumbs[a.sha256] = None
            image = self._thumbs[a.sha256]
            if image is not None:
                doc.addResource(
                    QTextDocument.ResourceType.ImageResource, QUrl(f"att:{a.id}"), image
                )
        shown = [
            a
            for a in attachments
            if self._thumbs.get(a.sha256) is not None or not a.mime.startswith("image/")
        ]
        html = household_html(file, check, self.lang, ctx, shown)
        html += monitoring_html(self.store, household_id, self.lang)
        if sync_label:
            html += f"<p><i>{tr('同步：')}{sync_label}</i></p>"
        self.setHtml(html)
