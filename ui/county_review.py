"""The county's 审核 tab: households the teams proposed for exit, each with its evidence
(checklist, findings with the blocking ones in red, visits, photos, written overrides),
and the decision: certify or reject with a written reason. The rules are the core's
(`povdesk.county.review.decide`): a refused decision is shown inline, nothing changes."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from povdesk.codes import Dimension
from povdesk.county import review
from povdesk.county.pages import Page
from povdesk.errors import UserError
from povdesk.rules.facts import RuleContext
from povdesk.store import Store
from ui.county_tables import QueuePane
from ui.i18n import pick, said, tr
from ui.tasks import TaskManager


class ReviewTab(QueuePane):
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
        headers = [
            tr("所在村"),
            tr("户编号"),
            tr("户主"),
            tr("阻止项"),
            tr("走访"),
            tr("照片"),
            tr("书面放行"),
        ]
        super().__init__(store, tasks, context, failed, lang, headers, parent)
        self.evidence = QTextBrowser()
        self.reason = QLineEdit(placeholderText=tr("理由（退回时必填，写明要补什么）"))
        self.certify_button = QPushButton(tr("认定退出"))
        self.reject_button = QPushButton(tr("退回"))
        self.certify_button.clicked.connect(lambda: self.decide(review.CERTIFY))
        self.reject_button.clicked.connect(lambda: self.decide(review.REJECT))
        buttons = QHBoxLayout()
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(self.certify_button)
        buttons.addWidget(self.reject_button)
        side = QVBoxLayout()
        side.addWidget(self.evidence, 1)
        side.addLayout(buttons)
        self.lay_out(side)

    def fetch(self, ctx: RuleContext, where: dict[str, Any]) -> object:
        return review.page(self.store, ctx, **where)

    def loaded(self, got: object, keep: str | None) -> None:
        assert isinstance(got, Page)
        rows = got.rows
        cells: list[list[object]] = [
            [
                f"{r['village_code']} {r['village']}",
                r["number"],
                r["head"],
                r["blocking_open"],
                r["visits"],
                r["photos"],
                len(r["overrides"]),
            ]
            for r in rows
        ]
        self.show_rows(rows, cells, tr("待审核 {0} 户").format(got.total), "id", keep)

    def _selected(self) -> None:
        item = self.current()
        for b in (self.certify_button, self.reject_button):
            b.setEnabled(item is not None)
        self.message.clear()
        self.evidence.setHtml(self.evidence_html(item) if item else "")

    def evidence_html(self, r: dict[str, Any]) -> str:
        e = html.escape
        out = [
            f"<h3>{e(r['number'])} {e(r['head'])}({e(r['village'])})</h3>",
            "<p>"
            + e(
                tr("{0} 人；{1} 提出拟退出").format(r["size"], r["proposed_on"] or "?")
                if r["proposed_on"]
                else tr("{0} 人").format(r["size"])
            )
            + "</p>",
            f"<p><b>{e(tr('退出核查'))}</b><br>",
        ]
        for dim, ok in r["checklist"].items():
            found = Dimension.lookup(dim)
            name = found.label(self.lang) if found else dim
            mark = "✔" if ok else "✘"
            color = "#006400" if ok else "#b00000"
            out.append(f"<span style='color:{color}'>{mark} {e(name)}</span><br>")
        out.append("</p>")
        out.append(f"<p><b>{e(tr('问题'))}</b><br>")
        if not r["findings"]:
            out.append(e(tr("无")) + "<br>")
        for f in r["findings"]:
            text = e(pick(self.lang, f["zh"], f["en"]))
            if f["blocking"]:
                out.append(f"<span style='color:#b00000'>● {text}</span><br>")
            else:
                out.append(f"○ {text}<br>")
        out.append("</p>")
        visits = tr("走访 {0} 次").format(r["visits"])
        if r["last_visit"]:
            visits += tr("，最近一次 {0}").format(r["last_visit"])
        out.append(f"<p>{e(visits)}<br>{e(tr('照片 {0} 张').format(r['photos']))}</p>")
        if r["overrides"]:
            out.append(f"<p><b>{e(tr('书面放行（已记录）'))}</b><br>")
            for o in r["overrides"]:
                line = tr("{0} {1}：{2}（涉及：{3}）").format(
                    o["date"], o["cadre"], o["reason"], ", ".join(o["findings"])
                )
                out.append(f"<span style='color:#8a5a00'>⚑ {e(line)}</span><br>")
            out.append("</p>")
        return "".join(out)

    def decide(self, decision: str) -> None:
        item = self.current()
        if item is None or self.loading:
            return
        try:
            review.decide(self.store, item["id"], decision, self.reason.text(), ctx=self.context())
        except UserError as exc:
            self.message.setText(said(exc, self.lang))
            return
        self.reason.clear()
        self.message.clear()
        self.reload()
        self.decided.emit(item["id"])
