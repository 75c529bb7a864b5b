"""Members and their life events. Nobody is ever deleted: they leave by an event."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from povdesk.codes import LifeEventKind, Presence, Relation
from povdesk.errors import NotFound, UserError, ValidationError
from povdesk.models import LifeEventData, MemberData, table
from povdesk.rules import idcard
from povdesk.services.base import Service, as_data, fetch

if TYPE_CHECKING:
    from povdesk.services.base import Tx


# Which presence a departure event leaves a member in.
DEPARTURES: dict[LifeEventKind, Presence] = {
    LifeEventKind.DEATH: Presence.DECEASED,
    LifeEventKind.MOVE_AWAY: Presence.MOVED_AWAY,
    LifeEventKind.MARRY_OUT: Presence.MARRIED_OUT,
}
ARRIVALS = frozenset({LifeEventKind.BIRTH, LifeEventKind.MARRY_IN, LifeEventKind.MOVE_IN})
# What befalls a household without anybody coming or going: the monitoring's warnings
# read them (domain.md §7).
HARDSHIPS = frozenset(
    {LifeEventKind.SERIOUS_ILLNESS, LifeEventKind.DISASTER, LifeEventKind.ACCIDENT}
)


def normalise_identity(values: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """Check the ID number (GB 11643-1999), upgrade a 15-digit one, and fill in or check
    sex and birth date against it. An empty ID number is allowed (a newborn without one
    yet); the rules report it as a finding instead."""
    out = dict(values)
    raw = str(out.get("id_number") or "").strip()
    if not raw:
        out["id_number"] = ""
        return out
    info = idcard.parse(raw, today=today)  # raises IdNumberError (a UserError)
    out["id_number"] = info.number
    sex, birth = out.get("sex"), out.get("birth_date")
    if isinstance(birth, str) and birth:
        birth = dt.date.fromisoformat(birth)
    problems = idcard.agrees(info, sex or None, birth or None)
    if problems:
        raise ValidationError(
            [
                (
                    "sex" if p == "sex_mismatch" else "birth_date",
                    "与身份证号不一致" + f"（证号显示 {'男' if info.sex == '1' else '女'}，"
                    f"{info.birth_date.isoformat()}）",
                    "disagrees with the ID number",
                )
                for p in problems
            ]
        )
    out["sex"] = sex or info.sex
    out["birth_date"] = birth or info.birth_date
    return out


class Members(Service):
    entity = "member"

    def add(self, household_id: str, values: dict[str, Any]) -> MemberData:
        """Register someone already living in the household (at first registration)."""
        with self.store.tx() as tx:
            return self._add(tx, household_id, values)

    def _add(self, tx: Tx, household_id: str, values: dict[str, Any]) -> MemberData:
        if tx.get("household", household_id) is None:
            raise UserError(
                f"找不到户：{household_id}", f"No household found: {household_id}", code="not_found"
            )
        clean = normalise_identity({**values, "household_id": household_id})
        self._unique_id_number(tx, clean["id_number"], None)
        return as_data(MemberData, tx.insert("member", clean))

    def update(self, member_id: str, values: dict[str, Any]) -> MemberData:
        if "presence" in values or "household_id" in values:
            raise UserError(
                "成员的去留只能通过生活事件记录。",
                "A member arrives or leaves only through a life event.",
                code="use_life_event",
            )
        with self.store.tx() as tx:
            current = tx.get("member", member_id)
            if current is None:
                raise UserError(
                    f"找不到家庭成员：{member_id}",
                    f"No member found: {member_id}",
                    code="not_found",
                )
            identity = {k: values.get(k, current[k]) for k in ("id_number", "sex", "birth_date")}
            if any(k in values for k in identity):
                checked = normalise_identity(identity)
                values = {
                    **values,
                    **{k: checked[k] for k in identity if k in values or checked[k] != current[k]},
                }
                self._unique_id_number(tx, checked["id_number"], member_id)
            return as_data(MemberData, tx.update("member", member_id, values))

    def get(self, member_id: str) -> MemberData:
        with self.store.read() as conn:
            return as_data(MemberData, self._get_row(conn, member_id))

    def of(self, household_id: str, *, present_only: bool = False) -> list[MemberData]:
        t = self.t
        stmt = select(t).where(t.c.household_id == household_id)
        if present_only:
            stmt = stmt.where(t.c.presence == Presence.PRESENT.value)
        with self.store.read() as conn:
            return fetch(conn, stmt, MemberData)

    def by_id_number(self, number: str) -> list[MemberData]:
        with self.store.read() as conn:
            return fetch(conn, select(self.t).where(self.t.c.id_number == number), MemberData)

    # -- life events -----------------------------------------------------------------
    def arrive(
        self,
        household_id: str,
        kind: LifeEventKind,
        values: dict[str, Any],
        on: dt.date,
        note: str = "",
    ) -> MemberData:
        """A birth, a marriage into the household, or someone moving in."""
        if kind not in ARRIVALS:
            raise UserError(
                f"{kind.zh} 不是迁入类事件", f"{kind.en} is not an arrival", code="invalid"
            )
        with self.store.tx() as tx:
            member = self._add(tx, household_id, values)
            self._event(tx, household_id, member.id, kind, on, note)
            return member

    def leave(self, member_id: str, kind: LifeEventKind, on: dt.date, note: str = "") -> MemberData:
        """A death, a marriage out, or moving away: the member stays on record."""
        if kind not in DEPARTURES:
            raise UserError(
                f"{kind.zh} 不是离开类事件", f"{kind.en} is not a departure", code="invalid"
            )
        with self.store.tx() as tx:
            current = self._present(tx, member_id)
            if current["relation"] == Relation.HEAD.value:
                others = [
                    m
                    for m in self._household_present(tx, current["household_id"])
                    if m["id"] != member_id
                ]
                if others:
                    raise UserError(
                        "户主离开前请先指定新户主（修改另一成员的与户主关系为户主）。",
                        "Name a new head before the head leaves (set another member's "
                        "relation to head).",
                        code="head_leaving",
                    )
            row = tx.update("member", member_id, {"presence": DEPARTURES[kind].value})
            self._event(tx, current["household_id"], member_id, kind, on, note)
            return as_data(MemberData, row)

    def move(
        self,
        member_ids: list[str],
        to_household_id: str,
        kind: LifeEventKind,
        on: dt.date,
        note: str = "",
    ) -> list[MemberData]:
        """Household split (分户) or merge (合户): the people go on in the other household
        as new member rows; their old rows stay, marked as split off, with an event on
        both sides so either household's history tells what happened."""
        if kind not in (LifeEventKind.SPLIT, LifeEventKind.MERGE):
            raise UserError("只能用于分户或合户", "Only for a split or a merge", code="invalid")
        moved = []
        with self.store.tx() as tx:
            if tx.get("household", to_household_id) is None:
                raise UserError(
                    f"找不到户：{to_household_id}",
                    f"No household found: {to_household_id}",
                    code="not_found",
                )
            for member_id in member_ids:
                old = self._present(tx, member_id)
                if old["household_id"] == to_household_id:
                    raise UserError(
                        "成员已在目标户中",
                        "The member is already in that household",
                        code="invalid",
                    )
                tx.update("member", member_id, {"presence": Presence.SPLIT_OFF.value})
                copy = {
                    k: v
                    for k, v in old.items()
                    if k not in ("id", "rev", "origin", "updated_at", "household_id", "presence")
                }
                new = tx.insert("member", {**copy, "household_id": to_household_id})
                self._event(
                    tx, old["household_id"], member_id, kind, on, note, other=to_household_id
                )
                self._event(
                    tx, to_household_id, new["id"], kind, on, note, other=old["household_id"]
                )
                moved.append(as_data(MemberData, new))
        return moved

    def hardship(
        self,
        household_id: str,
        kind: LifeEventKind | str,
        on: dt.date,
        *,
        member_id: str | None = None,
        note: str = "",
    ) -> LifeEventData:
        """A serious illness, a disaster or an accident: recorded, never deleted; the
        member (if named) stays in the household."""
        found = LifeEventKind.lookup(kind)
        if found is None or found not in HARDSHIPS:
            words = "、".join(k.zh for k in sorted(HARDSHIPS, key=lambda k: k.value))
            raise ValidationError(
                [("kind", f"事件应为{words}之一", f"the event must be one of: {words}")]
            )
        if on > dt.date.today():
            raise ValidationError([("date", "日期不能晚于今天", "the date is in the future")])
        with self.store.tx() as tx:
            if tx.get("household", household_id) is None:
                raise NotFound("户", "household", household_id)
            if member_id is not None:
                member = tx.get("member", member_id)
                if member is None or member["household_id"] != household_id:
                    raise ValidationError(
                        [("member_id", "该成员不属于这一户", "not a member of this household")]
                    )
            row = tx.insert(
                "life_event",
                {
                    "household_id": household_id,
                    "member_id": member_id,
                    "kind": found.value,
                    "date": on,
                    "note": note.strip(),
                },
            )
            return as_data(LifeEventData, row)

    def events(self, household_id: str) -> list[LifeEventData]:
        t = table("life_event")
        with self.store.read() as conn:
            return fetch(
                conn,
                select(t).where(t.c.household_id == household_id).order_by(t.c.date, t.c.rev),
                LifeEventData,
            )

    # -- internals -------------------------------------------------------------------
    def _event(
        self,
        tx: Tx,
        household_id: str,
        member_id: str,
        kind: LifeEventKind,
        on: dt.date,
        note: str,
        other: str | None = None,
    ) -> None:
        tx.insert(
            "life_event",
            {
                "household_id": household_id,
                "member_id": member_id,
                "kind": kind.value,
                "date": on,
                "note": note,
                "other_household_id": other,
            },
        )

    def _present(self, tx: Tx, member_id: str) -> dict[str, Any]:
        current = tx.get("member", member_id)
        if current is None:
            raise UserError(
                f"找不到家庭成员：{member_id}", f"No member found: {member_id}", code="not_found"
            )
        if current["presence"] != Presence.PRESENT.value:
            raise UserError(
                f"{current['name']} 已不在户中",
                f"{current['name']} has already left",
                code="not_present",
            )
        return current

    def _household_present(self, tx: Tx, household_id: str) -> list[dict[str, Any]]:
        t = self.t
        rows = tx.conn.execute(
            select(t).where(
                t.c.household_id == household_id, t.c.presence == Presence.PRESENT.value
            )
        )
        return [dict(r) for r in rows.mappings()]

    def _unique_id_number(self, tx: Tx, number: str, member_id: str | None) -> None:
        """One person, one present record: the same ID twice is a duplicate registration."""
        if not number:
            return
        t = self.t
        clash = tx.conn.execute(
            select(t.c.id, t.c.name).where(
                t.c.id_number == number, t.c.presence == Presence.PRESENT.value
            )
        ).first()
        if clash is not None and clash.id != member_id:
            raise UserError(
                f"证件号码 {idcard.mask(number)} 已登记在 {clash.name} 名下",
                f"ID number {idcard.mask(number)} is already registered to {clash.name}",
                code="duplicate_id",
            )
