"""The county's 监测审定 tab: monitoring records whose township review passed, waiting
for the county's decision (identification or risk elimination), and the decision. The
rules are the core's (`povdesk.county.monitoring.decide`, the elimination guard inside
it): a refusal is shown inline with its reasons, nothing changes; letting an elimination
through needs a named cadre and a written reason."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import MonitorPhase, MonitorType, label
from povdesk.county import monitoring
from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.services.status import Override
from povdesk.store import Store
from ui.county_tables import QueuePane
from ui.i18n import pick, said, tr
from ui.tasks import TaskManager


class MonitoringTab(QueuePane):
    """`decided(household id)` after a decision is saved (the queue has reloaded)."""

    def __init__(
        self,
        store: Store,
        tasks: TaskManager,
        context: Callable[[], RuleContext],
        failed: Callable[[UserError], None],
        lang: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        headers = [tr("所在村"), tr("户编号"), tr("户主"), tr("程序"), tr("类型"), tr("乡镇审核")]
        super().__init__(store, tasks, context, failed, lang, headers, parent)
        self.detail = QTextBrowser()
        self.note = QLineEdit(placeholderText=tr("说明（不予通过时写明原因）"))
        self.cadre = QComboBox()
        self.override_reason = QLineEdit(placeholderText=tr("书面放行理由"))
        self.approve_button = QPushButton(tr("审定通过"))
        self.reject_button = QPushButton(tr("不予通过"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        form = QFormLayout()
        form.addRow(tr("说明"), self.note)
        form.addRow(tr("放行干部"), self.cadre)
        form.addRow(tr("放行理由"), self.override_reason)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        side = QVBoxLayout()
        side.addWidget(self.detail, 1)
        side.addLayout(form)
        side.addLayout(buttons)
        self.lay_out(side)

    def fetch(self, ctx: RuleContext, where: dict[str, Any]) -> object:
        return monitoring.page(self.store, ctx, **where), self.store.cadres.all(active_only=True)

    def loaded(self, got: object, keep: str | None) -> None:
        assert isinstance(got, tuple)
        page, cadres = got
        rows = page.rows
        chosen = self.cadre.currentData()
        self.cadre.clear()
        self.cadre.addItem(tr("（不放行）"), None)
        for c in cadres:
            self.cadre.addItem(c.name, c.id)
        self.cadre.setCurrentIndex(max(self.cadre.findData(chosen), 0))
        cells: list[list[object]] = [
            [
                f"{r['village_code']} {r['village']}",
                r["number"],
                r["head"],
                label(MonitorPhase, r["phase"], self.lang),
                label(MonitorType, r["type"], self.lang),
                r["township_on"],
            ]
            for r in rows
        ]
        count = tr("待县级审定 {0} 户").format(page.total)
        self.show_rows(rows, cells, count, "household_id", keep)

    def _selected(self) -> None:
        item = self.current()
        for b in (self.approve_button, self.reject_button):
            b.setEnabled(item is not None)
        self.message.clear()
        self.detail.setHtml(self.detail_html(item) if item else "")

    def detail_html(self, r: dict[str, Any]) -> str:
        e = html.escape
        out = [
            f"<h3>{e(r['number'])} {e(r['head'])}（{e(r['village'])}）</h3>",
            "<p>"
            + e(
                tr("{0}；{1}；线索 {2}，乡镇审核 {3}").format(
                    label(MonitorPhase, r["phase"], self.lang),
                    label(MonitorType, r["type"], self.lang),
                    r["lead_date"],
                    r["township_on"],
                )
            )
            + "</p>",
        ]
        if r["phase"] == MonitorPhase.ELIMINATE.value:
            out.append(f"<p><b>{e(tr('风险消除核查'))}</b><br>")
            if not r["reasons"]:
                out.append(f"<span style='color:#006400'>✔ {e(tr('条件均已满足'))}</span><br>")
            for f in r["reasons"]:
                text = e(pick(self.lang, f["zh"], f["en"]))
                out.append(f"<span style='color:#b00000'>✘ {text}</span><br>")
            if r["reasons"] and not r["overridable"]:
                out.append(e(tr("其中有不能书面放行的问题。")) + "<br>")
            out.append("</p>")
        return "".join(out)

    def decide(self, approve: bool) -> None:
        item = self.current()
        if item is None or self.loading:
            return
        override = None
        cadre = self.cadre.currentData()
        if approve and cadre:
            override = Override(str(cadre), self.override_reason.text())
        try:
            monitoring.decide(
                self.store,
                item["household_id"],
                approve,
                override=override,
                note=self.note.text(),
            )
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        self.note.clear()
        self.override_reason.clear()
        self.cadre.setCurrentIndex(0)
        self.message.clear()
        self.reload()
        self.decided.emit(item["household_id"])
