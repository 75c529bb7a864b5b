"""What only the county decides in monitoring (docs/bundle-format.md §3.2).

The county's decision (县级审定, domain.md §7) puts a household under monitoring, marks
its risk eliminated, or leaves the lead out; it reaches the village in the return
bundle. A village's own laptop, with its own key, could otherwise write the decision
itself: a county_decision step, or a record whose state or decision dates it set. So a
village's bundle that would *change* the county's copy to a decided value refuses the
whole bundle, the household named. Rows the village merely re-sends as the county made
them change nothing here and pass: for a record already here only the fields the village
changed (the bundle's `fields`, which are also the only ones the merge takes) count."""

from __future__ import annotations

from typing import Any

from povdesk.codes import MonitorState, MonitorStep, StepOutcome
from povdesk.errors import UserError
from povdesk.sync.ledger import Peer

ENTITIES = frozenset({"monitoring_record", "monitoring_step"})
COUNTY_DECISION = MonitorStep.COUNTY_DECISION.value
# States only the county's decision sets (未纳入 also follows a failed village or
# township step, which the village records itself: see `_refused_lead`).
DECIDED = frozenset(
    {MonitorState.MONITORING.value, MonitorState.RETURNED.value, MonitorState.ELIMINATED.value}
)
DATES = ("identified_on", "eliminated_on")


def decision_refused(peer: Peer, number: str, what_zh: str, what_en: str) -> UserError:
    return UserError(
        f"{peer.label} 的数据包含有只能由县里作出的监测决定：户 {number} 的{what_zh}。"
        "整个数据包被拒绝，未导入任何内容。",
        f"The bundle from {peer.label} carries a monitoring decision only the county may "
        f"make: {what_en} of household {number}. The whole bundle is refused; nothing was "
        "imported.",
        code="county_decision",
    )


def check(
    peer: Peer,
    entity: str,
    items: list[dict[str, Any]],
    local: dict[str, dict[str, Any]],
    steps: list[dict[str, Any]],
    numbers: dict[str, str],
    here_steps: dict[str, list[dict[str, Any]]],
) -> None:
    """Raise for the first record of a village's bundle that writes a county decision.

    `items`: the bundle's records of `entity`; `local`: those rows here, by id (JSON
    form); `steps`: every monitoring_step row the bundle brings; `numbers`: 户编号 by
    household id; `here_steps`: this store's steps by record id."""
    if entity == "monitoring_step":
        for r in items:
            row, mine = r["row"], local.get(r["id"])
            if row.get("step") == COUNTY_DECISION and (
                mine is None or mine.get("step") != COUNTY_DECISION
            ):
                raise decision_refused(
                    peer, _number(numbers, row), "县级审定记录", "a county decision step"
                )
        return
    if entity != "monitoring_record":
        return
    for r in items:
        row, mine = r["row"], local.get(r["id"])
        changed = set(row) if mine is None else set(r.get("fields", {}))
        for name in ("state", *DATES):
            if name not in changed or (mine is not None and mine.get(name) == row.get(name)):
                continue
            value = row.get(name)
            if name == "state":
                bad = value in DECIDED or (
                    value == MonitorState.NOT_INCLUDED.value
                    and not _refused_lead(r["id"], steps, here_steps)
                )
            else:
                bad = value is not None
            if bad:
                zh, en = _what(name, value)
                raise decision_refused(peer, _number(numbers, row), zh, en)


def _refused_lead(
    record_id: str, steps: list[dict[str, Any]], here: dict[str, list[dict[str, Any]]]
) -> bool:
    """A lead the village or township turned down: a failed step of its own."""
    own = [s for s in steps if s.get("record_id") == record_id] + here.get(record_id, [])
    return any(
        s.get("outcome") == StepOutcome.FAILED.value
        and s.get("step") not in (COUNTY_DECISION, MonitorStep.HOME_CHECK.value)
        for s in own
    )


def _what(name: str, value: Any) -> tuple[str, str]:
    if name == "state":
        state = MonitorState.lookup(str(value))
        zh = state.zh if state is not None else str(value)
        en = state.en if state is not None else str(value)
        return f"监测状态（{zh}）", f"the monitoring state ({en})"
    if name == "identified_on":
        return "纳入日期", "the date included"
    return "风险消除日期", "the date the risk was eliminated"


def _number(numbers: dict[str, str], row: dict[str, Any]) -> str:
    hid = str(row.get("household_id", ""))
    return numbers.get(hid, hid)
