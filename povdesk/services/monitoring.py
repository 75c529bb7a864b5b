"""防止返贫动态监测 (domain.md §7): leads, consent, procedure steps, and the guard.

Every write goes through `Monitoring`, inside one transaction that reads the household's
file through that same transaction: the guard's verdict and the write cannot be split by
another writer. The procedure is the same five steps for identification and for risk
elimination (`MonitorStep`); each step needs the one before it in the current attempt,
a village notice is posted for at least `notice_days`, the township reviews only after
the notice ended, and only the county records the county's decision (it reaches the
village in the return bundle). Nothing is deleted: a refused lead stays as 未纳入, a
household that falls back after elimination gets a new record pointing at the old one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from povdesk.bulk import gc_paused
from povdesk.codes import (
    AttachmentKind,
    LeadSource,
    MonitorPhase,
    MonitorState,
    MonitorStep,
    MonitorType,
    RiskType,
    StepOutcome,
    StoreRole,
)
from povdesk.errors import EliminationBlocked, UserError, ValidationError
from povdesk.models import MonitoringRecordData, MonitoringStepData, table
from povdesk.rules.candidates import Candidate, candidate
from povdesk.rules.elimination import NOT_OVERRIDABLE, EliminationVerdict, elimination_verdict
from povdesk.rules.facts import HouseholdFile, RuleContext
from povdesk.rules.monitoring import (
    OPEN_STATES,
    current_record,
    lead_overdue,
    phase_of,
    procedure,
)
from povdesk.rules.procedure import check_notice, check_order, new_state, next_step
from povdesk.services.base import Service, as_data, fetch, sibling
from povdesk.services.config import Config
from povdesk.services.households import Households
from povdesk.services.status import MIN_REASON, Override
from povdesk.services.work import Attachments

# What the candidate scan and the guard read of a household's file.
SCAN_PARTS = (
    "members",
    "incomes",
    "assessments",
    "measures",
    "events",
    "monitors",
    "monitor_steps",
)
CHUNK = 500  # households per chunk of the scan: memory stays flat however big the village

_PASSED = StepOutcome.PASSED.value


@dataclass(frozen=True)
class MonitoringRow:
    """One monitoring record as the lists show it."""

    record: MonitoringRecordData
    number: str
    head: str
    village_id: str
    overdue: bool
    next_step: str | None  # a MonitorStep code, None when no procedure is open


class Monitoring(Service):
    entity = "monitoring_record"

    # -- reading ---------------------------------------------------------------------
    def context(self, **kw: Any) -> RuleContext:
        return sibling(self.store, "config", Config).context(**kw)

    def file(self, key: str) -> HouseholdFile:
        households = sibling(self.store, "households", Households)
        hh = households.get(key)
        return households.files(household_ids=[hh.id], parts=SCAN_PARTS)[0]

    def records(self, household_id: str | None = None) -> list[MonitoringRecordData]:
        t = self.t
        stmt = select(t).order_by(t.c.lead_date, t.c.rev)
        if household_id is not None:
            stmt = stmt.where(t.c.household_id == household_id)
        with self.store.read() as conn:
            return fetch(conn, stmt, MonitoringRecordData)

    def steps(self, record_id: str) -> list[MonitoringStepData]:
        t = table("monitoring_step")
        stmt = select(t).where(t.c.record_id == record_id).order_by(t.c.seq, t.c.date)
        with self.store.read() as conn:
            return fetch(conn, stmt, MonitoringStepData)

    def rows(self, *, ctx: RuleContext | None = None) -> list[MonitoringRow]:
        """Every household's newest record, with what the lists show beside it."""
        ctx = ctx or self.context()
        households = sibling(self.store, "households", Households)
        ids = sorted({r.household_id for r in self.records()})
        out: list[MonitoringRow] = []
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            files = households.files(
                household_ids=part, parts=("members", "monitors", "monitor_steps")
            )
            for f in files:
                record = current_record(f)
                assert record is not None
                head = f.head
                out.append(
                    MonitoringRow(
                        record=record,
                        number=f.household.number,
                        head=head.name if head is not None else "",
                        village_id=f.household.village_id,
                        overdue=lead_overdue(record, ctx),
                        next_step=next_step(f, record),
                    )
                )
        return sorted(out, key=lambda r: r.number)

    def candidates(
        self, *, ctx: RuleContext | None = None, village_id: str | None = None
    ) -> Iterator[Candidate]:
        """Every household the warnings point at, a chunk of files at a time (the scan
        never holds a whole county's files)."""
        ctx = ctx or self.context()
        households = sibling(self.store, "households", Households)
        ids = households.ids(village_id=village_id, by_id=True)
        years = (ctx.year, ctx.year - 1)
        inc = table("income")
        for start in range(0, len(ids), CHUNK):
            span = (ids[start], ids[min(start + CHUNK, len(ids)) - 1])
            with gc_paused():
                files = households.files(
                    village_id=village_id,
                    id_range=span,
                    parts=SCAN_PARTS,
                    filters={"incomes": inc.c.year.in_(years)},
                )
                found = [c for c in (candidate(f, ctx) for f in files) if c is not None]
            yield from sorted(found, key=lambda c: c.number)

    def verdict(
        self, key: str, *, on: dt.date | None = None, ctx: RuleContext | None = None
    ) -> EliminationVerdict:
        """What the guard says today about marking the household's record eliminated."""
        file = self.file(key)
        record = self._open_record(file)
        ctx = ctx or self.context(today=on)
        return elimination_verdict(file, ctx, record, as_of=on or ctx.today)

    # -- writing -----------------------------------------------------------------------
    def add_lead(
        self,
        key: str,
        *,
        type: str,
        risks: Iterable[str],
        source: str,
        on: dt.date | None = None,
        by: str = "",
        note: str = "",
    ) -> MonitoringRecordData:
        """A new lead (线索) for the household: a monitoring record in 待识别."""
        on = on or dt.date.today()
        problems: list[tuple[str, str, str]] = []
        kind = _code(MonitorType, type, "type", "监测对象类型", problems)
        lead = _code(LeadSource, source, "lead_source", "线索来源", problems)
        codes = [_code(RiskType, r, "risks", "风险类型", problems) for r in risks]
        if not codes:
            problems.append(("risks", "至少选择一种风险类型", "choose at least one risk type"))
        if on > dt.date.today():
            problems.append(("lead_date", "发现日期不能晚于今天", "the date is in the future"))
        if problems:
            raise ValidationError(problems)
        with self.store.tx() as tx:
            file = self._file_in(key)
            hh = file.household
            last = current_record(file)
            if last is not None and last.state in OPEN_STATES:
                state = MonitorState.parse(last.state)
                raise UserError(
                    f"户 {hh.number} 已有{state.zh}的监测记录，不能重复添加线索。",
                    f"Household {hh.number} already has a record that is {state.en.lower()}.",
                    code="already_monitored",
                )
            row = tx.insert(
                "monitoring_record",
                {
                    "household_id": hh.id,
                    "type": kind,
                    "risks": list(dict.fromkeys(c for c in codes if c)),
                    "lead_source": lead,
                    "lead_date": on,
                    "lead_by": by.strip() or tx.actor,
                    "lead_note": note.strip(),
                    "state": MonitorState.PENDING.value,
                    # Only a household back after elimination returns (返回监测); a lead
                    # refused earlier was never monitored.
                    "previous_id": last.id
                    if last is not None and last.state == MonitorState.ELIMINATED.value
                    else None,
                },
            )
            return as_data(MonitoringRecordData, row)

    def consent(
        self,
        key: str,
        on: dt.date,
        *,
        scan: Path | bytes | None = None,
        filename: str = "",
    ) -> MonitoringRecordData:
        """The household signed the 农户授权承诺书 on `on`; `scan` is the signed page."""
        if on > dt.date.today():
            raise ValidationError([("consent_date", "签字日期不能晚于今天", "date in the future")])
        file = self._file_in(key)
        record = self._open_record(file)
        attachment_id = None
        if scan is not None:
            att = sibling(self.store, "attachments", Attachments).add(
                file.household.id,
                scan,
                filename=filename or "授权承诺书.pdf",
                kind=AttachmentKind.SIGNED.value,
                caption="农户授权承诺书",
                taken_on=on,
            )
            attachment_id = att.id
        values: dict[str, Any] = {"consent_date": on}
        if attachment_id is not None:
            values["consent_attachment_id"] = attachment_id
        with self.store.tx() as tx:
            return as_data(MonitoringRecordData, tx.update("monitoring_record", record.id, values))

    def step(
        self,
        key: str,
        step: str,
        *,
        on: dt.date | None = None,
        actor: str = "",
        outcome: str = _PASSED,
        notice_end: dt.date | None = None,
        per_capita_income: int | None = None,
        note: str = "",
        override: Override | None = None,
    ) -> MonitoringStepData:
        """Record one procedure step of the household's open record, in order, through
        the guard where the guard applies (the village's elimination proposal and the
        county's approval)."""
        on = on or dt.date.today()
        problems: list[tuple[str, str, str]] = []
        code = _code(MonitorStep, step, "step", "步骤", problems)
        result = _code(StepOutcome, outcome, "outcome", "结果", problems)
        if on > dt.date.today():
            problems.append(("date", "日期不能晚于今天", "the date is in the future"))
        if per_capita_income is not None and per_capita_income < 0:
            problems.append(("per_capita_income", "人均纯收入不能为负数", "cannot be negative"))
        if problems:
            raise ValidationError(problems)
        ctx = self.context(today=on)
        with self.store.tx() as tx:
            file = self._file_in(key)
            record = self._open_record(file)
            phase = phase_of(record)
            assert phase is not None
            done = procedure(file, record)
            hh = file.household
            check_order(hh.number, code, done, on, record)
            if code == MonitorStep.VILLAGE_NOTICE.value:
                check_notice(on, notice_end, ctx.monitor.notice_days)
            if (
                code == MonitorStep.COUNTY_DECISION.value
                and self.store.meta().get("role") != StoreRole.COUNTY.value
            ):
                raise UserError(
                    "县级审定只能由县扶贫办录入，审定结果随回传数据包下发到村。",
                    "Only the county office records the county's decision; it reaches "
                    "the village in the return bundle.",
                    code="county_only",
                )
            covered: frozenset[str] = frozenset()
            guarded = (
                phase == MonitorPhase.ELIMINATE.value
                and result == _PASSED
                and code in (MonitorStep.VILLAGE_REVIEW.value, MonitorStep.COUNTY_DECISION.value)
            )
            if guarded:
                covered = _guard(hh.number, file, ctx, record, on, override)
            if (
                code == MonitorStep.VILLAGE_REVIEW.value
                and phase == MonitorPhase.IDENTIFY.value
                and record.consent_date is None
                and result == _PASSED
            ):
                raise UserError(
                    f"户 {hh.number} 还没有签署农户授权承诺书，不能进行民主评议。",
                    f"Household {hh.number} has not signed the consent form yet; the "
                    "village review comes after it.",
                    code="no_consent",
                )
            seq = max((s.seq for s in file.monitor_steps if s.record_id == record.id), default=0)
            row = tx.insert(
                "monitoring_step",
                {
                    "record_id": record.id,
                    "household_id": hh.id,
                    "phase": phase,
                    "step": code,
                    "seq": seq + 1,
                    "date": on,
                    "actor": actor.strip() or tx.actor,
                    "outcome": result,
                    "notice_end": notice_end if code == MonitorStep.VILLAGE_NOTICE.value else None,
                    "per_capita_income": per_capita_income,
                    "note": note.strip(),
                    "override_cadre_id": override.cadre_id if override and covered else None,
                    "override_reason": override.reason.strip() if override and covered else "",
                    "override_codes": sorted(covered),
                },
            )
            state = new_state(record, phase, code, result)
            if state is not None:
                values: dict[str, Any] = {"state": state}
                if state in (MonitorState.MONITORING.value, MonitorState.RETURNED.value):
                    values["identified_on"] = on
                if state == MonitorState.ELIMINATED.value:
                    values["eliminated_on"] = on
                tx.update("monitoring_record", record.id, values)
            return as_data(MonitoringStepData, row)

    def propose_elimination(
        self,
        key: str,
        *,
        on: dt.date | None = None,
        actor: str = "",
        override: Override | None = None,
    ) -> MonitoringStepData:
        """The village's proposal to mark the risk eliminated (its democratic review),
        through the guard: `povdesk monitor eliminate`."""
        file = self.file(key)
        record = self._open_record(file)
        if phase_of(record) != MonitorPhase.ELIMINATE.value:
            state = MonitorState.parse(record.state)
            raise UserError(
                f"户 {file.household.number} 当前为{state.zh}，还不是监测对象，不能提出风险消除。",
                f"Household {file.household.number} is {state.en.lower()}, not a monitoring "
                "object; no elimination can be proposed.",
                code="not_monitored",
            )
        return self.step(
            key, MonitorStep.VILLAGE_REVIEW.value, on=on, actor=actor, override=override
        )

    # -- helpers -------------------------------------------------------------------------
    def _file_in(self, key: str) -> HouseholdFile:
        # Read through the caller's transaction when there is one (Store.read does).
        return self.file(key)

    def _open_record(self, file: HouseholdFile) -> MonitoringRecordData:
        record = current_record(file)
        hh = file.household
        if record is None or phase_of(record) is None:
            raise UserError(
                f"户 {hh.number} 没有正在办理的监测记录，请先添加监测线索。",
                f"Household {hh.number} has no open monitoring record; add a lead first.",
                code="no_record",
            )
        return record


def _code(codes: Any, value: str, name: str, zh: str, problems: list[tuple[str, str, str]]) -> str:
    found = codes.lookup(value) if value else None
    if found is None:
        words = "、".join(c.zh for c in codes)
        problems.append((name, f"{zh}“{value}”不在代码表中（可选：{words}）", f"unknown: {value}"))
        return ""
    return str(found.value)


def _guard(
    number: str,
    file: HouseholdFile,
    ctx: RuleContext,
    record: MonitoringRecordData,
    on: dt.date,
    override: Override | None,
) -> frozenset[str]:
    """Raise unless the guard allows marking the record eliminated on `on`, or a written
    override covers what it refuses; the codes the new override covers."""
    verdict = elimination_verdict(file, ctx, record, as_of=on)
    if verdict.allowed:
        return frozenset()
    reasons = [(f.zh, f.en) for f in verdict.open]
    if not verdict.overridable or override is None:
        raise EliminationBlocked(file.household.number, reasons, overridable=verdict.overridable)
    if len(override.reason.strip()) < MIN_REASON:
        raise ValidationError(
            [
                (
                    "reason",
                    f"放行理由至少 {MIN_REASON} 个字",
                    f"an override reason needs {MIN_REASON} characters or more",
                )
            ]
        )
    if ctx.cadres.get(override.cadre_id) is None:
        raise UserError(
            f"找不到放行干部：{override.cadre_id}",
            f"No such cadre: {override.cadre_id}",
            code="not_found",
        )
    return frozenset(f.code for f in verdict.open if f.code not in NOT_OVERRIDABLE)
