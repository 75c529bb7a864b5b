"""The county's 概况 tab: the county dashboard (`povdesk.county.dashboard`) per village
and in total, and the drill-down: a village's row opens its households (readiness and
what blocks them), a household's row opens its findings and status history.

The page is read with the kept village figures and answers at once. Villages whose
figures are stale (a change of standards makes them all so) are recomputed in the
background on a worker of their own, so the page, the queues and the drill-down never
wait behind a whole county's rules: meanwhile the old figures stay in view, greyed and
said to be updating, and the new ones replace them when the refresh is done."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from povdesk.codes import (
    Dimension,
    FundSource,
    HouseholdStatus,
    MeasureCategory,
    MonitorState,
    MonitorType,
)
from povdesk.county import dashboard, figures
from povdesk.errors import UserError
from povdesk.money import yuan
from povdesk.rules.facts import RuleContext
from povdesk.rules.readiness import EXIT_DIMENSIONS
from povdesk.store import Store
from ui.county_tables import REFUSED_COLOR, fill, table, tint
from ui.dashboard import GROUP_LABELS
from ui.i18n import pick, tr
from ui.tasks import Task, TaskManager

STATUSES = list(HouseholdStatus)
STALE_COLOR = QColor("#808080")
# Automatic refreshes in a row that leave figures stale (data keeps changing under
# them) before the tab stops starting new ones until the next reload.
MAX_ROUNDS = 3


class OverviewTab(QWidget):
    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        context: Callable[[], RuleContext],
        failed: Callable[[UserError], None],
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.tasks, self.context, self.failed = store, tasks, context, failed
        self.lang = lang
        self.data: dashboard.County | None = None
        self.village_code: str | None = None
        self.households: list[dict[str, Any]] = []
        self.detail: dict[str, Any] | None = None
        self.loading = 0  # background reads in flight (tests wait for 0)
        # The figures' refresh has a worker of its own: the page's reads never queue
        # behind it.
        self.refresher = TaskManager(self, where="the county figures")
        self.refresh_task: Task | None = None
        self.refresh_rounds = 0
        self.stale_codes: tuple[str, ...] = ()
        self.updating = QLabel(wordWrap=True)
        self.updating.setStyleSheet("color: #8a5a00")
        self.updating.hide()
        self.dims = [d.value for d in EXIT_DIMENSIONS]
        self.villages = table(
            [tr("村代码"), tr("村名"), tr("户数")]
            + [s.label(lang) for s in STATUSES]
            + [tr("短板：") + d.label(lang) for d in EXIT_DIMENSIONS]
            + [pick(lang, *v) for v in GROUP_LABELS.values()]
            + [tr("低于70%"), tr("逾期措施")]
        )
        self.villages.itemSelectionChanged.connect(self._village_chosen)
        self.totals = QLabel(wordWrap=True)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(120)
        self.funds = table([tr("按"), tr("名称"), tr("金额（元）")])
        self.overrides = table(
            [tr("所在村"), tr("户编号"), tr("日期"), tr("干部"), tr("理由"), tr("涉及问题")]
        )
        self.monitoring = table(
            [tr("村代码"), tr("村名"), tr("监测对象")]
            + [t.label(lang) for t in MonitorType]
            + [s.label(lang) for s in MonitorState]
            + [tr("逾期线索"), tr("虚假消除"), tr("书面放行消除")]
        )
        short = QWidget()
        box = QVBoxLayout(short)
        box.addWidget(self.totals)
        box.addWidget(self.chart, 1)
        self.inner = QTabWidget()
        self.inner.addTab(self.villages, tr("各村"))
        self.inner.addTab(short, tr("短板与重点人群"))
        self.inner.addTab(self.funds, tr("资金"))
        self.inner.addTab(self.overrides, tr("书面放行"))
        self.inner.addTab(self.monitoring, tr("防返贫监测"))
        self.village_title = QLabel(tr("点击一个村，查看其农户"))
        self.household_table = table(
            [
                tr("户编号"),
                tr("户主"),
                tr("状态"),
                tr("人数"),
                tr("可退出"),
                tr("阻止项"),
                tr("短板"),
            ]
        )
        self.household_table.itemSelectionChanged.connect(self._household_chosen)
        self.household_text = QTextBrowser()
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tbox = QVBoxLayout(top)
        tbox.setContentsMargins(0, 0, 0, 0)
        tbox.addWidget(self.village_title)
        tbox.addWidget(self.household_table)
        right.addWidget(top)
        right.addWidget(self.household_text)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.inner)
        split.addWidget(right)
        split.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(self.updating)
        layout.addWidget(split)

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.loading += 1

        def finish() -> None:
            self.loading -= 1

        self.tasks.run(fn, done, self.failed, after=finish)

    # -- the county --------------------------------------------------------------------
    def reload(self) -> None:
        # The context is built on the worker too: it reads every member of the county.
        self._run(lambda: dashboard.county(self.store, self.context(), refresh=False), self._loaded)

    def refresh_figures(self) -> None:
        """Recompute the stale villages' figures in the background; the page reloads
        when they are done."""
        if self.refresh_task is not None:
            return
        self.refresh_rounds += 1

        def work(task: Task) -> list[str]:
            ctx = self.context()
            return figures.refresh(self.store, ctx, progress=lambda d, n: task.step(d, n))

        def failed(exc: UserError) -> None:
            self.updating.hide()
            self.failed(exc)

        # Done: the label stays until the page is read again with the new figures.
        self.refresh_task = self.refresher.start(
            work,
            lambda _done: self.reload(),
            failed,
            after=self._refresh_ended,
            on_cancelled=lambda _exc: self.updating.hide(),
            on_progress=self._refresh_progress,
        )
        self._refresh_progress(0, len(self.stale_codes), None)

    def _refresh_progress(self, done: int, total: int, _item: object) -> None:
        self.updating.setText(
            tr("数字更新中（{0} / {1} 个村），下面灰色的是更新前的数字").format(done, total)
        )
        self.updating.show()

    def _refresh_ended(self) -> None:
        self.refresh_task = None

    def refreshing(self) -> bool:
        return self.refresh_task is not None

    def cancel(self) -> None:
        """Stop the figures' refresh after the village it is on (the window closes)."""
        if self.refresh_task is not None:
            self.refresh_task.cancel()
        self.refresher.wait()

    def _mark_stale(self, data: dashboard.County) -> None:
        self.stale_codes = data.stale
        for i, p in enumerate(data.progress):
            if p["code"] in data.stale:
                tint(self.villages, i, fg=STALE_COLOR)
        if not data.stale:
            self.refresh_rounds = 0
            self.updating.hide()
        elif self.refresh_task is None and self.refresh_rounds < MAX_ROUNDS:
            self.refresh_figures()
        elif self.refresh_task is None:
            self.updating.hide()  # the rows stay greyed: still not current

    def _loaded(self, data: object) -> None:
        assert isinstance(data, dashboard.County)
        self.data = data
        fig = {
            key: {r["code"]: r for r in rows}
            for key, rows in (
                ("shortfalls", data.shortfalls),
                ("key_groups", data.key_groups),
                ("below_70", data.below_70),
                ("overdue", data.overdue),
            )
        }
        rows = []
        for p in data.progress:
            code = p["code"]
            short = fig["shortfalls"].get(code, {}).get("shortfalls", {})
            groups = fig["key_groups"].get(code, {}).get("key_groups", {})
            rows.append(
                [code, p["name"], p["households"]]
                + [p[s.value] for s in STATUSES]
                + [short.get(d, 0) for d in self.dims]
                + [groups.get(g, 0) for g in GROUP_LABELS]
                + [
                    fig["below_70"].get(code, {}).get("below_70", 0),
                    fig["overdue"].get(code, {}).get("overdue_measures", 0),
                ]
            )
        fill(self.villages, rows)
        whole = data.as_json()
        self._show_totals(whole)
        self._show_chart(whole["shortfall_totals"])
        funds: list[list[object]] = []
        for by, word, codes in (
            ("funds_by_source", tr("来源"), FundSource),
            ("funds_by_category", tr("用途"), MeasureCategory),
        ):
            for key, fen in whole[by].items():
                found = codes.lookup(key) if key else None
                funds.append([word, found.label(self.lang) if found else key, yuan(fen)])
        names = {p["code"]: p["name"] for p in data.progress}
        for code, fen in whole["funds_by_village"].items():
            funds.append(
                [tr("所在村"), names.get(code, tr("县本级")) if code else tr("县本级"), yuan(fen)]
            )
        fill(self.funds, funds)
        fill(
            self.overrides,
            [
                [
                    o["village"],
                    o["household"],
                    o["date"],
                    o["cadre"],
                    o["reason"],
                    ", ".join(o["findings"]),
                ]
                for o in data.overrides
            ],
        )

        fill(self.monitoring, [monitoring_row(r) for r in data.monitoring])
        self._mark_stale(data)

    def _show_totals(self, whole: dict[str, Any]) -> None:
        groups = whole["key_group_totals"]
        below = sum(int(r["below_70"]) for r in whole["below_70"])
        overdue = sum(int(r["overdue_measures"]) for r in whole["overdue_measures"])
        lines = [
            tr("四类重点人群（户数）：")
            + pick(self.lang, "，", ", ").join(
                f"{pick(self.lang, *v)} {groups.get(g, 0)}" for g, v in GROUP_LABELS.items()
            ),
            tr("有劳动力户人均纯收入低于全县农村平均 70%：{0} 户").format(below),
            tr("逾期未完成的帮扶措施：{0} 项").format(overdue),
            tr("书面放行退出：{0} 户次").format(len(whole["overrides"])),
        ]
        self.totals.setText("\n".join(lines))

    def _show_chart(self, totals: dict[str, int]) -> None:
        """Households failing each exit dimension, county-wide (the short boards)."""
        bars = QBarSet(tr("户数"))
        names = []
        for d in EXIT_DIMENSIONS:
            bars.append(totals.get(d.value, 0))
            names.append(d.label(self.lang))
        series = QBarSeries()
        series.append(bars)
        chart = QChart()
        chart.addSeries(series)
        chart.setTitle(tr("短板：未达标户数（按维度）"))
        axis_x = QBarCategoryAxis()
        axis_x.append(names)
        axis_y = QValueAxis()
        axis_y.setRange(0, max([1, *totals.values()]))
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().hide()
        old = self.chart.chart()
        self.chart.setChart(chart)
        if old is not None:
            old.deleteLater()

    # -- drill-down ----------------------------------------------------------------------
    def _village_chosen(self) -> None:
        rows = self.villages.selectionModel().selectedRows()
        if not rows or self.data is None or rows[0].row() >= len(self.data.progress):
            return
        self.open_village(self.data.progress[rows[0].row()]["code"])

    def open_village(self, code: str) -> None:
        self.village_code = code
        ctx = self.context()
        self._run(lambda: dashboard.village(self.store, code, ctx), self._village_loaded)

    def _village_loaded(self, rows: object) -> None:
        assert isinstance(rows, list)
        self.households = rows
        self.village_title.setText(tr("{0} 的农户（{1} 户）").format(self.village_code, len(rows)))
        fill(
            self.household_table,
            [
                [
                    r["number"],
                    r["head"],
                    HouseholdStatus.parse(r["status"]).label(self.lang),
                    r["size"],
                    tr("是") if r["ready"] else tr("否"),
                    r["blocking"],
                    " ".join(_dimension(d, self.lang) for d in r["shortfalls"]),
                ]
                for r in rows
            ],
        )
        for i, r in enumerate(rows):
            if r["blocking"]:
                tint(self.household_table, i, fg=REFUSED_COLOR, columns=[5])
        self.household_text.clear()

    def _household_chosen(self) -> None:
        rows = self.household_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.households):
            return
        self.open_household(self.households[rows[0].row()]["id"])

    def open_household(self, household_id: str) -> None:
        ctx = self.context()
        self._run(
            lambda: dashboard.household(self.store, household_id, ctx), self._household_loaded
        )

    def _household_loaded(self, d: object) -> None:
        assert isinstance(d, dict)
        self.detail = d
        self.household_text.setHtml(self.household_html(d))

    def household_html(self, d: dict[str, Any]) -> str:
        e = html.escape
        status = HouseholdStatus.parse(d["status"]).label(self.lang)
        out = [
            f"<h3>{e(d['number'])} {e(d['head'])}</h3>",
            "<p>" + e(tr("状态：{0}；{1} 人").format(status, d["size"])) + "</p>",
            f"<p><b>{e(tr('问题'))}</b><br>",
        ]
        if not d["findings"]:
            out.append(e(tr("无")) + "<br>")
        for f in d["findings"]:
            text = e(pick(self.lang, f["zh"], f["en"]))
            red = f["severity"] == "error"
            out.append(
                f"<span style='color:#b00000'>● {text}</span><br>" if red else f"○ {text}<br>"
            )
        out.append(f"</p><p><b>{e(tr('状态记录'))}</b><br>")
        for h in d["history"]:
            found = HouseholdStatus.lookup(h["status"])
            word = found.label(self.lang) if found else h["status"]
            out.append(e(f"{h['date']} {word} {h['reason']} ({h['by']})") + "<br>")
        out.append("</p>")
        return "".join(out)


def monitoring_row(r: dict[str, Any]) -> list[object]:
    """One village's monitoring figures (povdesk.county.dashboard.monitoring)."""
    return (
        [r["code"], r["name"], r["objects"]]
        + [r["by_type"].get(t.value, 0) for t in MonitorType]
        + [r["by_state"].get(s.value, 0) for s in MonitorState]
        + [r["lead_overdue"], r["false_eliminations"], r["elimination_overrides"]]
    )


def _dimension(value: str, lang: str) -> str:
    found = Dimension.lookup(value)
    return found.label(lang) if found else value
