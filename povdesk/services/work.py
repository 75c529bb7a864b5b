"""Checklist assessments, visits and attachments: the team's field work."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, func, select

from povdesk.codes import ChecklistItem, CheckStatus
from povdesk.errors import UserError, ValidationError, read_file
from povdesk.models import AssessmentData, AttachmentData, VisitData, utcnow
from povdesk.services.base import Service, as_data, fetch, sibling

if TYPE_CHECKING:
    from povdesk.services.base import Tx


MAX_ATTACHMENT = 50 * 1024 * 1024  # a phone photo is a few MB; 50 MB stops accidents


class Assessments(Service):
    entity = "assessment"

    def record(
        self,
        household_id: str,
        item: ChecklistItem | str,
        status: CheckStatus | str,
        *,
        evidence: str = "",
        on: dt.date | None = None,
        assessor_id: str | None = None,
        visit_id: str | None = None,
    ) -> AssessmentData:
        with self.store.tx() as tx:
            return self._record(tx, household_id, item, status, evidence, on, assessor_id, visit_id)

    def _record(
        self,
        tx: Tx,
        household_id: str,
        item: Any,
        status: Any,
        evidence: str,
        on: dt.date | None,
        assessor_id: str | None,
        visit_id: str | None,
    ) -> AssessmentData:
        row = tx.insert(
            "assessment",
            {
                "household_id": household_id,
                "item": item,
                "status": status,
                "evidence": evidence,
                "date": on or dt.date.today(),
                "assessor_id": assessor_id,
                "visit_id": visit_id,
            },
        )
        return as_data(AssessmentData, row)

    def of(self, household_id: str) -> list[AssessmentData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(
                conn,
                select(t).where(t.c.household_id == household_id).order_by(t.c.date, t.c.rev),
                AssessmentData,
            )


class Visits(Service):
    entity = "visit"

    def record(
        self, household_id: str, values: dict[str, Any], *, apply_checklist: bool = True
    ) -> VisitData:
        """Save a visit; with `apply_checklist` the checklist as found becomes the
        household's current assessment for each item the team marked met or not met."""
        checklist = {
            str(ChecklistItem.parse(k).value): str(CheckStatus.parse(v).value)
            for k, v in dict(values.get("checklist") or {}).items()
        }
        if not values.get("cadre_ids"):
            raise ValidationError([("cadre_ids", "请填写走访干部", "name the cadres present")])
        with self.store.tx() as tx:
            if tx.get("household", household_id) is None:
                raise UserError(
                    f"找不到户：{household_id}",
                    f"No household found: {household_id}",
                    code="not_found",
                )
            for cid in values["cadre_ids"]:
                if tx.get("cadre", cid) is None:
                    raise UserError(
                        f"找不到干部：{cid}", f"No cadre found: {cid}", code="not_found"
                    )
            row = tx.insert(
                "visit",
                {
                    **values,
                    "household_id": household_id,
                    "checklist": checklist,
                    "at": values.get("at") or utcnow(),
                },
            )
            if apply_checklist:
                on = row["at"].astimezone().date()  # the local day, not the UTC one
                for item, status in checklist.items():
                    if status == CheckStatus.UNKNOWN.value:
                        continue
                    sibling(self.store, "assessments", Assessments)._record(
                        tx,
                        household_id,
                        item,
                        status,
                        values.get("findings", ""),
                        on,
                        values["cadre_ids"][0],
                        row["id"],
                    )
        return as_data(VisitData, row)

    def update(self, visit_id: str, values: dict[str, Any]) -> VisitData:
        with self.store.tx() as tx:
            return as_data(VisitData, tx.update("visit", visit_id, values))

    def of(self, household_id: str) -> list[VisitData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(
                conn, select(t).where(t.c.household_id == household_id).order_by(t.c.at), VisitData
            )

    def last_dates(self, household_ids: Iterable[str] | None = None) -> dict[str, dt.date]:
        """The local date of each household's latest visit (for "no visit in N days"),
        or of just the households named."""
        t = self.t
        # As stored (text on SQLite): parsing it through the column type costs more
        # than the query.
        latest = func.max(t.c.at, type_=String)
        stmt = select(t.c.household_id, latest).group_by(t.c.household_id)
        if household_ids is not None:
            stmt = stmt.where(t.c.household_id.in_(list(household_ids)))
        local = _LocalDates()
        with self.store.read() as conn:
            rows = conn.execute(stmt).all()
        return {hid: local(at) for hid, at in rows if at is not None}

    def get(self, visit_id: str) -> VisitData:
        with self.store.read() as conn:
            return as_data(VisitData, self._get_row(conn, visit_id))

    def per_cadre(self, since: dt.date) -> dict[str, int]:
        """Visits since a date, per cadre present (a visit by two counts for both)."""
        t = self.t
        start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        counts: dict[str, int] = {}
        with self.store.read() as conn:
            for (cadre_ids,) in conn.execute(select(t.c.cadre_ids).where(t.c.at >= start)):
                for cadre_id in cadre_ids or []:
                    counts[cadre_id] = counts.get(cadre_id, 0) + 1
        return counts


class _LocalDates:
    """`_local_date` for many times at once: the local date of a UTC hour is worked out
    once (a village's visits share a few thousand hours), unless the hour holds a change
    of date, where each time is converted on its own."""

    def __init__(self) -> None:
        self._hours: dict[Any, dt.date | None] = {}

    def __call__(self, at: dt.datetime | str) -> dt.date:
        # SQLite's text "YYYY-MM-DD HH:...", or a datetime (PostgreSQL).
        hour = at[:13] if isinstance(at, str) else (at.date(), at.hour, at.tzinfo)
        if hour not in self._hours:
            start = _as_utc(at).replace(minute=0, second=0, microsecond=0)
            first = start.astimezone().date()
            last = (start + dt.timedelta(hours=1, microseconds=-1)).astimezone().date()
            self._hours[hour] = first if first == last else None
        found = self._hours[hour]
        return found if found is not None else _local_date(at)


def _as_utc(at: dt.datetime | str) -> dt.datetime:
    if isinstance(at, str):
        return dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC)
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at


def _local_date(at: dt.datetime | str) -> dt.date:
    # An aggregate comes back as SQLite's stored UTC text, not through the column type.
    return _as_utc(at).astimezone().date()


class Attachments(Service):
    entity = "attachment"

    def add(
        self, household_id: str, source: Path | bytes, *, filename: str = "", **values: Any
    ) -> AttachmentData:
        """Store the file by content hash (file first, then the row: a crash in between
        leaves at most an unreferenced file, never a row without its file)."""
        if isinstance(source, Path):
            data = read_file(source, code="bad_file")
            filename = filename or source.name
        else:
            data = source
        if len(data) > MAX_ATTACHMENT:
            raise UserError(
                "附件超过 50 MB", "The attachment is larger than 50 MB", code="too_large"
            )
        digest = self.store.files.put(data)
        mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        with self.store.tx() as tx:
            row = tx.insert(
                "attachment",
                {
                    **values,
                    "household_id": household_id,
                    "sha256": digest,
                    "filename": filename,
                    "mime": mime,
                    "size": len(data),
                },
            )
        return as_data(AttachmentData, row)

    def read(self, attachment_id: str) -> bytes:
        with self.store.read() as conn:
            row = self._get_row(conn, attachment_id)
        return self.store.files.read(row["sha256"])

    def remove(self, attachment_id: str) -> None:
        """Only the record goes (with a tombstone); the file stays, other rows may share it."""
        with self.store.tx() as tx:
            tx.delete("attachment", attachment_id)

    def of(self, household_id: str) -> list[AttachmentData]:
        t = self.t
        with self.store.read() as conn:
            return fetch(conn, select(t).where(t.c.household_id == household_id), AttachmentData)
