"""The county office's own bookkeeping (issue 6): spot-check draws and the per-village
figures the dashboard reads. Not synced: each county keeps its own, like the sync ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from povdesk.models.base import utcnow


class SpotCheck(SQLModel, table=True):
    """One household drawn for a home check (入户抽查). A draw is a set of rows sharing
    `draw`; recorded so the county can show what was sampled, from what, when and by whom."""

    __tablename__ = "spot_check"

    id: int | None = Field(default=None, primary_key=True)
    draw: int = Field(default=0, index=True)
    village_id: str = Field(default="", max_length=32)
    household_id: str = Field(default="", index=True, max_length=32)
    seed: str = ""
    percent: int = 0
    exited: int = 0  # exited households in the village when drawn: the sample's base
    drawn_at: dt.datetime = Field(default_factory=utcnow)
    drawn_by: str = ""


class VillageFigures(SQLModel, table=True):
    """A village's rule-based figures (shortfalls, key groups, 70%, overdue measures) as of
    `today`, computed when the village's data last changed here: running every rule over a
    whole county takes far longer than the dashboard's one second. `bundle_seq` is the
    village's last imported bundle then; a newer one makes the row stale."""

    __tablename__ = "village_figures"

    village_id: str = Field(primary_key=True, max_length=32)
    year: int = 0
    today: dt.date = Field(default_factory=dt.date.today)
    bundle_seq: int = 0
    audit_seq: int = 0  # this store's audit head then: its own later edits make it stale
    computed_at: dt.datetime = Field(default_factory=utcnow)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
