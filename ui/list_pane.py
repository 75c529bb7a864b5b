"""The household list of the main window: search, the ready-made lists, the filter bar,
the table and its order. It shows a `VillageView` (computed off the GUI thread) and
says when the household in view changes; the window places its pieces and decides what
follows."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QLineEdit, QStatusBar, QTableView

from povdesk.services.lists import PRESETS, HouseholdFilter, combine
from ui.filter_bar import FilterBar
from ui.households_model import Col, HouseholdTableModel
from ui.i18n import tr
from ui.village_view import VillageView

CHOSEN = "__overview__"  # the preset combo's item for a list opened from the overview


class ListPane(QObject):
    """`current_changed()` once the list has repainted after the selection moved (a
    keystroke's list first, the household's page a moment later); `refreshed(total,
    listed)` after each refresh, with the village's and the list's number of households."""

    current_changed = Signal()
    refreshed = Signal(int, int)

    def __init__(self, lang: str, status: QStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.status = status
        self.view: VillageView | None = None
        self.sort_column: int | None = None  # None: 户编号 order (or search relevance)
        self.sort_descending = False
        self.chosen: HouseholdFilter | None = None  # a list opened from the overview

        self.search = QLineEdit(placeholderText=tr("搜索：姓名、拼音首字母、户编号、证件号、电话"))
        self.search.setClearButtonEnabled(True)
        self.preset = QComboBox()
        self.preset.addItem(tr("全部农户"), "")
        for p in PRESETS.values():
            self.preset.addItem(p.label(lang), p.name)
        self.count = QLabel()
        # The list's own filters, added to the ready-made list chosen above.
        self.filters = FilterBar(lang)
        self.filters.changed.connect(self.refresh)

        self.model = HouseholdTableModel(lambda ids: {}, lang)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # Every column in view at 1366 pixels: 户编号 measured from the font (fitting to
        # contents would read every row), the others share the rest, eliding long text
        # (the tooltip shows it whole) rather than scrolling sideways.
        digits = self.table.fontMetrics().horizontalAdvance("0" * 18)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(Col.NUMBER, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(Col.NUMBER, digits)
        self.table.setWordWrap(False)

        # Typing refreshes after a short pause, not on every keystroke.
        self.debounce = QTimer(self, singleShot=True, interval=150)
        self.debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.debounce.start)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        # The page follows the selection after the list has repainted.
        self._page_timer = QTimer(self, singleShot=True, interval=0)
        self._page_timer.timeout.connect(self.current_changed)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._page_timer.start())
        columns.setSortIndicatorShown(True)
        columns.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        columns.sectionClicked.connect(self.sort_by)

    # -- what is listed ------------------------------------------------------------------
    def show(self, view: VillageView, keep: str | None = None) -> None:
        """`view`'s households, staying on `keep` (or the household selected now)."""
        self.view = view
        # The reset below forgets the selection.
        keep = keep or self.current_id()
        self.model.reset_source(lambda ids: view.rows(ids, self.lang))
        self.refresh(keep)

    def current_filter(self) -> HouseholdFilter:
        """The ready-made list (or the overview's) with the filter bar's conditions."""
        name = self.preset.currentData()
        if name == CHOSEN:
            base = self.chosen or HouseholdFilter()
        else:
            base = PRESETS[name].filter if name else HouseholdFilter()
        return combine(base, self.filters.filter())

    def choose(self, flt: HouseholdFilter, title: str) -> None:
        """List exactly the households behind a number of the overview (the filter bar
        and the search are cleared); the caller refreshes."""
        self.chosen = flt
        self.filters.blockSignals(True)
        self.filters.clear()
        self.filters.blockSignals(False)
        # Shown as the combo's last item, so picking any other list (or 全部) leaves it.
        self.preset.blockSignals(True)
        last = self.preset.count() - 1
        if self.preset.itemData(last) == CHOSEN:
            self.preset.removeItem(last)
        self.preset.addItem((tr("概况：")) + title, CHOSEN)
        self.preset.setCurrentIndex(self.preset.count() - 1)
        self.preset.blockSignals(False)
        self.search.clear()

    def _preset_changed(self) -> None:
        if self.preset.currentData() == CHOSEN:
            return
        self.chosen = None
        self.status.clearMessage()
        self.refresh()

    def sort_by(self, column: int) -> None:
        """A header click sorts by that column; a second click turns the order round."""
        if self.sort_column == column:
            self.sort_descending = not self.sort_descending
        else:
            self.sort_column, self.sort_descending = column, False
        order = (
            Qt.SortOrder.DescendingOrder if self.sort_descending else Qt.SortOrder.AscendingOrder
        )
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.refresh()

    def listed_ids(self) -> list[str]:
        """The households of the list as shown (search, filter and order)."""
        return [self.model.id_at(r) for r in range(self.model.rowCount())]

    def current_id(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.model.id_at(row) if 0 <= row < self.model.rowCount() else None

    def refresh(self, keep: str | None = None) -> None:
        if self.view is None:
            return
        keep = keep or self.current_id()
        ids = self.view.ids(self.search.text(), self.current_filter())
        if self.sort_column is not None:
            ids = self.view.sorted(ids, self.sort_column, self.sort_descending)
        query, view = self.search.text(), self.view
        found_through = (lambda hid: view.matched_member(hid, query)) if query.strip() else None
        self.model.show_ids(ids, found_through)
        total = len(self.view.order)
        self.count.setText(tr("{0} / {1} 户").format(len(ids), total))
        if ids:
            # Stay on the household the user was looking at, if it is still listed.
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        else:
            self.table.clearSelection()
            self.table.setCurrentIndex(self.model.index(-1, -1))
        self.refreshed.emit(total, len(ids))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
