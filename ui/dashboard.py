"""The village at a glance: every number is a button that opens the list behind it
(buttons, so the keyboard reaches them), with charts where a picture says it better; a
bar of a chart opens its list too. The numbers come from the core's summary, ledger and
visit queries, the lists from its filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import (
    Dimension,
    FundSource,
    HouseholdStatus,
    MeasureCategory,
    MonitorState,
    MonitorType,
)
from povdesk.money import yuan
from povdesk.services.checks import Summary
from povdesk.services.lists import PRESETS, HouseholdFilter
from povdesk.store import Store
from ui.i18n import pick, tr
from ui.monitoring_tab import CANDIDATES, OBJECTS, OVERDUE, MonitoringLists

SEVENTY = HouseholdFilter(finding=frozenset({"below_70_percent"}))
CHART_HEIGHT = 230  # three charts side by side still fit a 1366×768 screen


@dataclass(frozen=True)
class Activity:
    """Money and visits for the overview, read off the GUI thread."""

    funds_by_source: dict[str, int]
    funds_by_category: dict[str, int]
    funds_total: int
    visits_by_cadre: dict[str, int]  # cadre name -> visits in the last year

    @classmethod
    def load(cls, store: Store, today: dt.date | None = None) -> Activity:
        since = (today or dt.date.today()) - dt.timedelta(days=365)
        names = {c.id: c.name for c in store.cadres.all()}
        visits = {names.get(cid, cid[:8]): n for cid, n in store.visits.per_cadre(since).items()}
        return cls(
            store.funds.totals_by("source"),
            store.funds.totals_by("category"),
            store.funds.total(),
            dict(sorted(visits.items(), key=lambda kv: -kv[1])),
        )


GROUP_LABELS = {
    "elderly": ("老年人", "Elderly"),
    "child": ("儿童", "Children"),
    "woman": ("妇女", "Women"),
    "disabled": ("残疾人", "Disabled"),
}


class Dashboard(QWidget):
    """Emits `chosen(filter, title)` when a number is clicked, and for a monitoring
    number `monitoring_chosen(section, type, state)` (the 监测 tab's section and filter)."""

    chosen = Signal(object, str)
    monitoring_chosen = Signal(int, object, object)

    def __init__(self, lang: str = "zh") -> None:
        super().__init__()
        self.lang = lang
        self.buttons: dict[str, QPushButton] = {}
        self.charts: dict[str, QChart] = {}
        outer = QVBoxLayout(self)
        self._summary_box = QWidget()
        self._layout = QVBoxLayout(self._summary_box)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.activity_box = QWidget()
        self._activity = QHBoxLayout(self.activity_box)
        self._activity.setContentsMargins(0, 0, 0, 0)
        self.monitoring_box = QGroupBox(tr("防返贫监测（户）"))
        self._monitoring = QGridLayout(self.monitoring_box)
        self.monitoring_box.hide()  # until the 监测 tab has read its lists
        # First: in 2026 monitoring is most of a team's work (domain.md §7).
        outer.addWidget(self.monitoring_box)
        outer.addWidget(self._summary_box)
        outer.addWidget(self.activity_box)
        outer.addStretch(1)

    def show_summary(self, s: Summary, seventy: int | None = None, outdated: int = 0) -> None:
        """`seventy`: households below 70% of the reference income (the core's finding).
        `outdated`: households counted from a check made before the standards, the
        settings or the day changed, being checked again: the figures say so."""
        clear(self._layout)
        # Only the summary's own: the monitoring numbers (show_monitoring) stay, and may
        # have been read before these figures.
        for key in [k for k in self.buttons if not k.startswith("monitor_")]:
            del self.buttons[key]
        if outdated:
            text = tr("数字待更新：{0} 户为标准或日期变更前的核查结果，状态栏显示重新核查的进度。")
            note = QLabel(text.format(outdated))
            note.setObjectName("updating")
            note.setWordWrap(True)
            note.setStyleSheet("color: #a15c00;")
            self._layout.addWidget(note)
        status = [
            (f"status_{k}", HouseholdStatus.parse(k).label(self.lang), v, HouseholdFilter(status=k))
            for k, v in s.by_status.items()
            if v
        ]
        exit_ = [
            (
                "ready",
                tr("达到退出标准"),
                s.ready,
                HouseholdFilter(ready=True),
            ),
            (
                "proposed_not_ready",
                PRESETS["proposed_not_ready"].label(self.lang),
                s.proposed_not_ready,
                PRESETS["proposed_not_ready"].filter,
            ),
            (
                "false_exit",
                PRESETS["false_exit"].label(self.lang),
                s.false_exits,
                PRESETS["false_exit"].filter,
            ),
            (
                "overrides",
                PRESETS["overrides"].label(self.lang),
                s.overrides,
                PRESETS["overrides"].filter,
            ),
            (
                "overdue",
                PRESETS["overdue"].label(self.lang),
                s.overdue_measures,
                PRESETS["overdue"].filter,
            ),
            *(
                (key, PRESETS[key].label(self.lang), n, PRESETS[key].filter)
                for key, n in (
                    ("false_elimination", s.false_eliminations),
                    ("elimination_overrides", s.elimination_overrides),
                )
            ),
        ]
        if seventy is not None:
            exit_.append(
                (
                    "seventy",
                    tr("人均收入低于参考收入 70%"),
                    seventy,
                    SEVENTY,
                )
            )
        short = [
            (f"shortfall_{d}", Dimension.parse(d).label(self.lang), v, HouseholdFilter(shortfall=d))
            for d, v in s.shortfalls.items()
        ]
        groups = [
            (
                f"group_{g}",
                pick(self.lang, *GROUP_LABELS[g]),
                s.key_groups.get(g, 0),
                HouseholdFilter(key_group=g),
            )
            for g in GROUP_LABELS
        ]
        for title, items in (
            (tr("按状态（户）"), status),
            (tr("退出与核查"), exit_),
            (tr("短板（户）"), short),
            (tr("四类重点群体（户）"), groups),
        ):
            self._layout.addWidget(self._box(title, items))
        charts = QHBoxLayout()
        charts.addWidget(self._bar_chart("status", tr("按状态（户）"), status))
        charts.addWidget(self._bar_chart("shortfalls", tr("短板（户）"), short))
        self._layout.addLayout(charts)
        self._settle()

    def show_activity(self, a: Activity) -> None:
        """Funds by source and category, visits per cadre."""
        clear(self._activity)
        source = {FundSource.parse(k).label(self.lang): v for k, v in a.funds_by_source.items()}
        category = {
            MeasureCategory.parse(k).label(self.lang): v for k, v in a.funds_by_category.items()
        }
        total = (tr("资金合计 ")) + yuan(a.funds_total)
        self._activity.addWidget(self._pie("funds_source", total, source))
        self._activity.addWidget(self._amounts((tr("按用途（元）")), category))
        visits = tr("近一年走访（次）")
        self._activity.addWidget(self._amounts(visits, a.visits_by_cadre, money=False))
        self._settle()

    def show_monitoring(self, lists: MonitoringLists) -> None:
        """Monitoring objects by type and by state, overdue leads, candidates; each a
        button that opens the 监测 tab on the households it counts."""
        clear(self._monitoring)
        for key in [k for k in self.buttons if k.startswith("monitor_")]:
            del self.buttons[key]
        rows = lists.rows
        overdue = sum(r.overdue for r in rows)
        items: list[tuple[str, str, int, int, str | None, str | None]] = [
            (
                "monitor_candidates",
                tr("预警对象"),
                len(lists.candidates),
                CANDIDATES,
                None,
                None,
            ),
            ("monitor_overdue", tr("逾期未识别"), overdue, OVERDUE, None, None),
        ]
        items += [
            (f"monitor_type_{t.value}", t.label(self.lang), n, OBJECTS, t.value, None)
            for t in MonitorType
            if (n := sum(r.record.type == t.value for r in rows))
        ]
        items += [
            (f"monitor_state_{st.value}", st.label(self.lang), n, OBJECTS, None, st.value)
            for st in MonitorState
            if (n := sum(r.record.state == st.value for r in rows))
        ]
        for n, (key, label, value, section, kind, state) in enumerate(items):
            button = QPushButton(pick(self.lang, f"{label}：{value}", f"{label}: {value}"))
            button.setFlat(True)
            button.clicked.connect(
                lambda _=False, s=section, k=kind, st=state: self.monitoring_chosen.emit(s, k, st)
            )
            self.buttons[key] = button
            self._monitoring.addWidget(button, n // 3, n % 3)
        self.monitoring_box.show()
        self._settle()

    def _settle(self) -> None:
        # Lay the new widgets out now, not at the next event: a number clicked (or read)
        # right after an update must already have its place and size.
        for layout in (self._layout, self._activity, self.layout()):
            if layout is not None:
                layout.activate()

    # -- pieces --------------------------------------------------------------------------
    def _chart(self, key: str, title: str) -> tuple[QChart, QChartView]:
        chart = QChart()
        chart.setTitle(title)
        chart.setTitleFont(self.font())
        chart.legend().setFont(self.font())
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(CHART_HEIGHT)
        self.charts[key] = chart
        return chart, view

    def _bar_chart(
        self, key: str, title: str, items: list[tuple[str, str, int, HouseholdFilter]]
    ) -> QChartView:
        chart, view = self._chart(key, title)
        bars = QBarSet(title)
        for _key, _label, value, _flt in items:
            bars.append(value)
        # Clicking a bar opens the same list as the number.
        bars.clicked.connect(lambda i: self.chosen.emit(items[i][3], items[i][1]))
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis = QBarCategoryAxis()
        axis.append([label for _k, label, _v, _f in items])
        axis.setLabelsFont(self.font())
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([v for _k, _l, v, _f in items] + [4]))
        values.applyNiceNumbers()  # whole, round ticks: 0, 5, 10 rather than 0, 2.5, 5
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        chart.legend().hide()
        return view

    def _pie(self, key: str, title: str, amounts: dict[str, int]) -> QChartView:
        chart, view = self._chart(key, title)
        series = QPieSeries()
        for label, fen in amounts.items():
            if fen > 0:  # a fully reversed source has no slice
                series.append(f"{label} {yuan(fen)}", fen)
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        return view

    @staticmethod
    def _amounts(title: str, amounts: dict[str, int], money: bool = True) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for n, (label, value) in enumerate(amounts.items()):
            grid.addWidget(QLabel(label), n, 0)
            text = QLabel(yuan(value) if money else str(value))
            text.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(text, n, 1)
        return box

    def _box(self, title: str, items: list[tuple[str, str, int, HouseholdFilter]]) -> QGroupBox:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        for n, (key, label, value, flt) in enumerate(items):
            button = QPushButton(pick(self.lang, f"{label}：{value}", f"{label}: {value}"))
            button.setFlat(True)
            button.clicked.connect(lambda _=False, f=flt, t=label: self.chosen.emit(f, t))
            self.buttons[key] = button
            grid.addWidget(button, n // 3, n % 3)
        return box


def clear(layout: QVBoxLayout | QHBoxLayout | QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        if (w := item.widget()) is not None:
            w.deleteLater()
        elif (inner := item.layout()) is not None:
            clear(inner)  # type: ignore[arg-type]
