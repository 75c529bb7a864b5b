"""What only the county decides in monitoring (docs/bundle-format.md §3.2).

The county's decision (县级审定, domain.md §7) puts a household under monitoring, marks
its risk eliminated, or leaves the lead out; it reaches the village in the return
bundle. A village's own laptop, with its own key, could otherwise write the decision
itself: a county_decision step, or a record whose state or decision dates it set. So a
village's bundle that would *change* the county's copy to a decided value refuses the
whole bundle, the household named. Rows the village merely re-sends as the county made
them change nothing here and pass: for a record already here only the fields the village
changed (the bundle's `fields`, which are also the only ones the merge takes) count.

The one exception is the village's first bundle, which brings what the village held
before the county ever heard from it (a village that began with povdesk after some
households were already monitored; the demo village): its records new to the county
are taken as history with their steps, never in silence: each one already decided is
listed in the import report for the county to confirm (`decided_history`), and an
elimination among them goes through this store's guard like any other
(`elimination_doubts`). From the second bundle on, only the county decides."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select

from povdesk.codes import MonitorState, MonitorStep, StepOutcome
from povdesk.errors import UserError
from povdesk.rules.elimination import elimination_verdict
from povdesk.rules.monitoring import current_record
from povdesk.rules.standards import STANDARD_MISSING
from povdesk.services.monitoring import CHUNK, SCAN_PARTS
from povdesk.store.tx import Tx, table
from povdesk.sync.ledger import Peer

ENTITIES = frozenset({"monitoring_record", "monitoring_step"})
COUNTY_DECISION = MonitorStep.COUNTY_DECISION.value
# States only the county's decision sets (未纳入 also follows a failed village or
# township step, which the village records itself: see `_refused_lead`).
DECIDED = frozenset(
    {MonitorState.MONITORING.value, MonitorState.RETURNED.value, MonitorState.ELIMINATED.value}
)
DATES = ("identified_on", "eliminated_on")
Doubts = list[tuple[str, list[tuple[str, str]]]]  # (户编号, reasons (zh, en))


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
    history: dict[str, tuple[str, str]],
    *,
    first: bool = False,
) -> None:
    """Raise for the first record of a village's bundle that writes a county decision.

    `items`: the bundle's records of `entity`; `local`: those rows here, by id (JSON
    form); `steps`: every monitoring_step row the bundle brings; `numbers`: 户编号 by
    household id; `here_steps`: this store's steps by record id; `history`: filled with
    the records new to this store (id -> (户编号, state)), whose steps are history too."""
    if entity == "monitoring_step":
        for r in items:
            row, mine = r["row"], local.get(r["id"])
            if row.get("record_id") in history:
                continue
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
        if mine is None and first:
            history[r["id"]] = (_number(numbers, row), str(row.get("state", "")))
            continue
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


def check_records(
    tx: Tx,
    peer: Peer,
    entity: str,
    items: list[dict[str, Any]],
    here: dict[str, dict[str, Any]],
    steps: list[dict[str, Any]],
    history: dict[str, tuple[str, str]],
) -> None:
    """`check`, with what it needs read through the import's transaction: 户编号 and
    this store's steps of the records."""
    homes = sorted({str(r["row"].get("household_id")) for r in items})
    h = table("household")
    by_id = select(h.c.id, h.c.number).where(h.c.id.in_(bindparam("ids", expanding=True)))
    numbers: dict[str, str] = {}
    for i in range(0, len(homes), CHUNK):
        for hid, number in tx.conn.execute(by_id, {"ids": homes[i : i + CHUNK]}):
            numbers[hid] = number
    here_steps: dict[str, list[dict[str, Any]]] = {}
    if entity == "monitoring_record":
        t = table("monitoring_step")
        stmt = select(t.c.record_id, t.c.step, t.c.outcome).where(
            t.c.record_id.in_(bindparam("ids", expanding=True))
        )
        ids = [r["id"] for r in items]
        for i in range(0, len(ids), CHUNK):
            for rec, step, outcome in tx.conn.execute(stmt, {"ids": ids[i : i + CHUNK]}):
                here_steps.setdefault(rec, []).append(
                    {"record_id": rec, "step": step, "outcome": outcome}
                )
    first = peer.received == 0  # nothing of this village's was ever applied here
    check(
        peer,
        entity,
        items,
        here,
        [s["row"] for s in steps],
        numbers,
        here_steps,
        history,
        first=first,
    )


def decided_history(history: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """(户编号, state) of the records new to this store that arrived already decided."""
    return sorted({v for v in history.values() if v[1] in DECIDED})


def elimination_doubts(store: Any, record_ids: list[str]) -> Doubts:
    """For records a bundle has just set to 风险消除, this store's own guard verdict on
    the day of the elimination, inside the import's transaction (store.read reuses it):
    (户编号, reasons) for each the guard refuses. Like status_doubts for exits: the
    sender decided, and the import records it; the difference is said at once."""
    if not record_ids:
        return []
    t = table("monitoring_record")
    with store.read() as conn:
        homes = sorted(
            {
                r[0]
                for i in range(0, len(record_ids), CHUNK)
                for r in conn.execute(
                    select(t.c.household_id).where(t.c.id.in_(record_ids[i : i + CHUNK]))
                )
            }
        )
    ctx = store.config.context()
    households = store.households
    wanted = set(record_ids)
    out: Doubts = []
    for start in range(0, len(homes), CHUNK):
        for file in households.files(household_ids=homes[start : start + CHUNK], parts=SCAN_PARTS):
            record = current_record(file)
            if record is None or record.id not in wanted:
                continue
            if record.state != MonitorState.ELIMINATED.value:
                continue
            verdict = elimination_verdict(file, ctx, record, as_of=record.eliminated_on)
            # A missing range is said once, as a setting (domain.md §8), not per household.
            left = [f for f in verdict.open if f.code != STANDARD_MISSING]
            if left:
                out.append((file.household.number, [(f.zh, f.en) for f in left]))
    return sorted(out)


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
