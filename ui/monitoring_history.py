"""A household's monitoring history on its page (read-only): each record, oldest first,
with its procedure steps in order. The forms that change it are the pane's buttons."""

from __future__ import annotations

from html import escape

from povdesk.codes import (
    LeadSource,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    StepOutcome,
)
from povdesk.money import yuan
from povdesk.store import Store
from ui.detail import html_table
from ui.i18n import pick, tr
from ui.monitoring_tab import label, risks_text


def monitoring_html(store: Store, household_id: str, lang: str) -> str:
    """'' for a household never monitored: its page stays as it was."""
    records = store.monitoring.records(household_id)
    if not records:
        return ""
    names = {c.id: c.name for c in store.cadres.all()}
    yes, no = tr("是"), tr("否")
    colon = pick(lang, "：", ": ")
    parts = [f"<h3>{tr('防返贫监测')}</h3>"]
    for rec in records:
        facts = [
            (tr("类型"), label(MonitorType, rec.type, lang)),
            (tr("风险"), risks_text(rec.risks, lang)),
            (tr("状态"), label(MonitorState, rec.state, lang)),
            (tr("线索来源"), label(LeadSource, rec.lead_source, lang)),
            (tr("发现日期"), rec.lead_date.isoformat()),
            (tr("发现人"), rec.lead_by),
            (tr("授权承诺日期"), rec.consent_date.isoformat() if rec.consent_date else ""),
            (tr("授权书扫描件"), yes if rec.consent_attachment_id else no),
        ]
        if rec.identified_on:
            facts.append((tr("纳入日期"), rec.identified_on.isoformat()))
        if rec.eliminated_on:
            facts.append((tr("风险消除日期"), rec.eliminated_on.isoformat()))
        if rec.lead_note:
            facts.append((tr("线索说明"), rec.lead_note))
        parts.append(
            "<p>"
            + pick(lang, "；", "; ").join(
                f"<b>{escape(k)}</b>{colon}{escape(v)}" for k, v in facts if v
            )
            + "</p>"
        )
        steps = store.monitoring.steps(rec.id)
        if not steps:
            parts.append(f"<p>{tr('尚无办理步骤')}</p>")
            continue
        rows = []
        for s in steps:
            extra = []
            if s.notice_end:
                extra.append(tr("公示至 {0}").format(s.notice_end.isoformat()))
            if s.per_capita_income is not None:
                extra.append(tr("人均纯收入 {0} 元").format(yuan(s.per_capita_income)))
            if s.override_cadre_id:
                who = names.get(s.override_cadre_id, s.override_cadre_id[:8])
                extra.append(tr("{0} 书面放行：{1}").format(who, s.override_reason))
            if s.note:
                extra.append(s.note)
            failed = s.outcome == StepOutcome.FAILED.value
            rows.append(
                (
                    [
                        escape(s.date.isoformat()),
                        escape(label(MonitorPhase, s.phase, lang)),
                        escape(label(MonitorStep, s.step, lang)),
                        escape(s.actor),
                        escape(label(StepOutcome, s.outcome, lang)),
                        escape(pick(lang, "；", "; ").join(extra)),
                    ],
                    "#ffe0e0" if failed or s.override_cadre_id else "",
                )
            )
        heads = [tr("日期"), tr("阶段"), tr("步骤"), tr("经办人"), tr("结果"), tr("说明")]
        parts.append(html_table(heads, rows))
    return "".join(parts)
