"""The monitoring procedure's order (domain.md §7): the same five steps for inclusion and
for risk elimination, each after the one before it in the current attempt; a village
notice posted for at least `notice_days`; the township reviewing only once the notice is
over. Pure functions: the monitoring service applies them inside its write."""

from __future__ import annotations

import datetime as dt

from povdesk.codes import MonitorPhase, MonitorState, MonitorStep, StepOutcome
from povdesk.errors import UserError, ValidationError
from povdesk.models import MonitoringRecordData, MonitoringStepData
from povdesk.rules.facts import HouseholdFile
from povdesk.rules.monitoring import notice_days, phase_of, procedure

__all__ = ["ORDER", "check_notice", "check_order", "new_state", "next_step"]

_PASSED = StepOutcome.PASSED.value
_FAILED = StepOutcome.FAILED.value

ORDER = (
    MonitorStep.HOME_CHECK.value,
    MonitorStep.VILLAGE_REVIEW.value,
    MonitorStep.VILLAGE_NOTICE.value,
    MonitorStep.TOWNSHIP_REVIEW.value,
    MonitorStep.COUNTY_DECISION.value,
)


def next_step(file: HouseholdFile, record: MonitoringRecordData) -> str | None:
    """The step the record's current procedure waits for."""
    if phase_of(record) is None:
        return None
    done = {s.step for s in procedure(file, record) if s.outcome == _PASSED}
    for code in ORDER:
        if code not in done:
            return code
    return None


def check_order(
    number: str,
    code: str,
    done: list[MonitoringStepData],
    on: dt.date,
    record: MonitoringRecordData,
) -> None:
    """Each step needs the one before it, passed, in the current attempt; home checks
    may be repeated (they are also the income checks of the monitoring)."""
    if done and on < done[-1].date:
        raise UserError(
            f"户 {number}：日期 {on.isoformat()} 早于上一步（{done[-1].date.isoformat()}）。",
            f"Household {number}: {on.isoformat()} is before the previous step "
            f"({done[-1].date.isoformat()}).",
            code="bad_order",
        )
    if on < record.lead_date:
        raise UserError(
            f"户 {number}：日期早于发现线索的日期 {record.lead_date.isoformat()}。",
            f"Household {number}: the date is before the lead ({record.lead_date.isoformat()}).",
            code="bad_order",
        )
    if code == MonitorStep.HOME_CHECK.value:
        return
    index = ORDER.index(code)
    before = ORDER[index - 1]
    passed = [s for s in done if s.step == before and s.outcome == _PASSED]
    later = [s for s in done if ORDER.index(s.step) >= index]
    if not passed or later:
        need, this = MonitorStep.parse(before), MonitorStep.parse(code)
        zh = f"需先完成“{need.zh}”" if not passed else f"“{this.zh}”已经办理"
        en = f"“{need.en}” must come first" if not passed else f"“{this.en}” was already recorded"
        raise UserError(
            f"户 {number} 不能办理“{this.zh}”：{zh}。",
            f"Household {number} cannot record “{this.en}”: {en}.",
            code="bad_order",
        )
    if code == MonitorStep.TOWNSHIP_REVIEW.value:
        notice = passed[-1]
        if notice.notice_end is not None and on <= notice.notice_end:
            raise UserError(
                f"户 {number} 的公示到 {notice.notice_end.isoformat()} 才结束，"
                "公示期满后才能乡镇审核。",
                f"Household {number}'s notice runs until {notice.notice_end.isoformat()}; the "
                "township reviews after it ends.",
                code="notice_running",
            )


def check_notice(start: dt.date, end: dt.date | None, least: int) -> None:
    if end is None:
        raise ValidationError(
            [("notice_end", "请填写公示截止日期", "the notice's end date is required")]
        )
    days = notice_days(start, end)
    if days < least:
        raise ValidationError(
            [
                (
                    "notice_end",
                    f"公示期不能少于 {least} 天（现为 {max(days, 0)} 天）",
                    f"a notice must be posted for at least {least} days (got {max(days, 0)})",
                )
            ]
        )


def new_state(record: MonitoringRecordData, phase: str, code: str, result: str) -> str | None:
    """The record's state after a step, None when unchanged."""
    if phase == MonitorPhase.IDENTIFY.value:
        if code == MonitorStep.COUNTY_DECISION.value and result == _PASSED:
            back = record.previous_id is not None
            return (MonitorState.RETURNED if back else MonitorState.MONITORING).value
        if code != MonitorStep.HOME_CHECK.value and result == _FAILED:
            return MonitorState.NOT_INCLUDED.value
        return None
    if code == MonitorStep.COUNTY_DECISION.value and result == _PASSED:
        return MonitorState.ELIMINATED.value
    return None
