"""Assistance measures and the fund ledger (domain.md §2 "Assistance measures", "Fund ledger").

Poverty funds are "life-saving money": every fen must be traceable (domain.md §1). The
ledger is append-only and a mistake is corrected by a reversing entry, so a reversal
that points nowhere or does not exactly cancel its target breaks the trail. Measures are
the plan: an overdue one is help promised but not given; an unacknowledged one has not
been accepted by the household (群众认账, one of the "三认").

======================  =========  ========  ===============================================
code                    dimension  severity  rule
======================  =========  ========  ===============================================
measure_overdue         plan       warning   planned / in progress and `due` before today
measure_unacknowledged  plan       info      done, but the head has not signed for it
fund_reversal_mismatch  funds      error     `reverses_id` not among the household's entries,
                                             or amount ≠ −(target amount)
fund_measure_mismatch   funds      warning   a done measure with cost > 0 whose net ledger
                                             total (reversals included) ≠ its cost
======================  =========  ========  ===============================================

None blocks an exit: they are about the work and the money, not the household's state.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from povdesk.codes import Dimension, MeasureCategory, MeasureStatus, Severity
from povdesk.kinds import yuan
from povdesk.models import FundEntryData, MeasureData
from povdesk.rules.codetable import CodeTable
from povdesk.rules.common import finding
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.findings import Finding

__all__ = ["fund_findings", "plan_findings"]

_OPEN = {MeasureStatus.PLANNED.value, MeasureStatus.IN_PROGRESS.value}
_DONE = MeasureStatus.DONE.value  # a plain string: read for every measure of a village
_CATEGORIES = CodeTable(MeasureCategory)


def is_overdue(m: MeasureData, today: dt.date) -> bool:
    """Still planned or under way after its due date (the list, the form and the
    plan findings all ask this one question)."""
    return m.status in _OPEN and m.due is not None and m.due < today


def _label(m: MeasureData) -> tuple[str, str]:
    cat = _CATEGORIES.get(m.category)  # None for an empty category, as lookup gives
    zh = (
        f"{cat.zh if cat else m.category}「{m.content}」"
        if m.content
        else (cat.zh if cat else m.category)
    )
    en = (
        f'{cat.en if cat else m.category} "{m.content}"'
        if m.content
        else (cat.en if cat else m.category)
    )
    return zh, en


def plan_findings(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for m in file.measures:
        if is_overdue(m, ctx.today) and m.due is not None:  # (`is not None` for mypy)
            zh, en = _label(m)  # only when there is something to say (most measures pass)
            out.append(
                finding(
                    file,
                    "measure_overdue",
                    Dimension.PLAN,
                    Severity.WARNING,
                    f"帮扶措施 {zh} 计划于 {m.due.isoformat()} 完成，已逾期",
                    f"Measure {en} was due on {m.due.isoformat()} and is overdue",
                    field="due",
                )
            )
        if m.status == _DONE and not m.acknowledged:
            zh, en = _label(m)
            out.append(
                finding(
                    file,
                    "measure_unacknowledged",
                    Dimension.PLAN,
                    Severity.INFO,
                    f"帮扶措施 {zh} 已完成，户主尚未签字确认",
                    f"Measure {en} is done but the head has not acknowledged it",
                    field="acknowledged",
                )
            )
    return out


def fund_findings(file: HouseholdFile, ctx: RuleContext) -> list[Finding]:
    return [*_reversals(file), *_measure_totals(file)]


def _reversals(file: HouseholdFile) -> list[Finding]:
    out: list[Finding] = []
    reversing = [e for e in file.funds if e.reverses_id is not None]
    if not reversing:  # the usual case: no need to index the ledger
        return out
    by_id: dict[str | None, FundEntryData] = {e.id: e for e in file.funds}
    for e in reversing:
        target = by_id.get(e.reverses_id)
        voucher = f"（凭证 {e.voucher}）" if e.voucher else ""
        if target is None:
            out.append(
                finding(
                    file,
                    "fund_reversal_mismatch",
                    Dimension.FUNDS,
                    Severity.ERROR,
                    f"冲销记录 {yuan(e.amount)} 元{voucher}所冲销的记录不在本户台账中",
                    f"Reversing entry of {yuan(e.amount)} yuan reverses an entry not in this "
                    "household's ledger",
                    field="reverses_id",
                )
            )
        elif e.amount != -target.amount:
            out.append(
                finding(
                    file,
                    "fund_reversal_mismatch",
                    Dimension.FUNDS,
                    Severity.ERROR,
                    f"冲销记录 {yuan(e.amount)} 元{voucher}与原记录 {yuan(target.amount)} 元不相抵",
                    f"Reversing entry of {yuan(e.amount)} yuan does not cancel the original "
                    f"{yuan(target.amount)} yuan",
                    field="amount",
                )
            )
    return out


def _measure_totals(file: HouseholdFile) -> list[Finding]:
    out: list[Finding] = []
    # Measure id -> net ledger total, in one pass over the ledger rather than one per measure.
    paid_for: defaultdict[str | None, int] = defaultdict(int)
    for e in file.funds:
        paid_for[e.measure_id] += e.amount
    for m in file.measures:
        if m.status != _DONE or m.cost <= 0:
            continue
        paid = paid_for.get(m.id, 0)
        if paid != m.cost:
            zh, en = _label(m)
            out.append(
                finding(
                    file,
                    "fund_measure_mismatch",
                    Dimension.FUNDS,
                    Severity.WARNING,
                    f"帮扶措施 {zh} 金额 {yuan(m.cost)} 元，台账合计 {yuan(paid)} 元，不一致",
                    f"Measure {en} costs {yuan(m.cost)} yuan but the ledger totals "
                    f"{yuan(paid)} yuan",
                    field="cost",
                )
            )
    return out
