"""The household list's Qt model: ids plus a lazily filled row cache (Anki's browser
model). The view asks for a row; if it is not cached, a block of rows around it is
fetched from the row source at once, so scrolling 100,000 households stays smooth."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from povdesk.fields import spec
from povdesk.models import HouseholdData
from ui.i18n import pick

Row = tuple[str, ...]
RowSource = Callable[[Sequence[str]], dict[str, Row]]
Index = QModelIndex | QPersistentModelIndex

BLOCK = 200  # rows fetched at a time when the view reaches an uncached one
# Rows kept at most: scrolling through 100,000 households must not end up holding them
# all (about 70 MB); past this the cache starts again from the rows being looked at.
CACHE_ROWS = 20_000


class Col(IntEnum):
    """The list's columns in their order on screen, declared once: the headings below,
    the rows and the sorting of ui/village_view.py and the window name them by these."""

    NUMBER = 0  # 户编号
    HEAD = 1  # 户主: where a search that matched another member names that member
    GROUP = 2
    CATEGORY = 3
    STATUS = 4
    SIZE = 5
    READY = 6  # filled in by the background check, as the two after it
    BLOCKING = 7
    PRIORITY = 8


# A column's heading is a declared field's (its label comes from the declaration) or a
# computed value's own zh/en title.
HEADINGS: dict[Col, str | tuple[str, str]] = {
    Col.NUMBER: "number",
    Col.HEAD: ("户主", "Head"),
    Col.GROUP: "group",
    Col.CATEGORY: "category",
    Col.STATUS: "status",
    Col.SIZE: ("人数", "Size"),
    Col.READY: ("可退出", "Ready"),
    Col.BLOCKING: ("阻止项", "Blocking"),
    Col.PRIORITY: ("优先度", "Priority"),
}


def headers(lang: str) -> list[str]:
    return [
        spec(HouseholdData, c).label(lang) if isinstance(c, str) else pick(lang, *c)
        for c in (HEADINGS[col] for col in Col)
    ]


class HouseholdTableModel(QAbstractTableModel):
    def __init__(self, source: RowSource, lang: str = "zh") -> None:
        super().__init__()
        self._source = source
        self._headers = headers(lang)
        self._ids: list[str] = []
        self._cache: dict[str, Row] = {}
        # Who a row was found through, when a search matched a member, not the head.
        self._matched: Callable[[str], str | None] | None = None
        self._notes: dict[str, str | None] = {}
        self._found_through = pick(lang, "{0}（成员 {1}）", "{0} (member {1})")

    # -- what is shown -------------------------------------------------------------------
    def show_ids(
        self, ids: Sequence[str], matched: Callable[[str], str | None] | None = None
    ) -> None:
        """Show these households in this order (a search, a filter, a sort);
        `matched(id)` names the member a search found the row through (or None)."""
        self.beginResetModel()
        self._ids = list(ids)
        self._matched = matched
        self._notes = {}
        self.endResetModel()

    def reset_source(self, source: RowSource) -> None:
        """New data (after a change or a reload): the cache is dropped, ids kept."""
        self.beginResetModel()
        self._source = source
        self._cache.clear()
        self.endResetModel()

    def id_at(self, row: int) -> str:
        return self._ids[row]

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        shown = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        if not index.isValid() or role not in shown:
            return None
        row = self._row(index.row())
        if row is None:
            return None
        text = row[index.column()]
        if index.column() == Col.HEAD and self._matched is not None:
            member = self._note(self._ids[index.row()])
            if member:
                text = self._found_through.format(text, member)
        return text  # the tooltip shows what an elided cell cut off

    def _note(self, household_id: str) -> str | None:
        if household_id not in self._notes:
            assert self._matched is not None
            self._notes[household_id] = self._matched(household_id)
        return self._notes[household_id]

    def _row(self, n: int) -> Row | None:
        if not 0 <= n < len(self._ids):
            return None
        hid = self._ids[n]
        if hid not in self._cache:
            if len(self._cache) + BLOCK > CACHE_ROWS:
                self._cache.clear()
            start = max(0, n - BLOCK // 2)
            wanted = [i for i in self._ids[start : start + BLOCK] if i not in self._cache]
            self._cache.update(self._source(wanted))
        return self._cache.get(hid)
