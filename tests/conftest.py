"""Shared fixtures: a fresh village store, and a way to snapshot a whole database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from povdesk.codes import StoreRole
from povdesk.models import ENTITIES, AuditEntry, Meta, Tombstone
from povdesk.rules import idcard
from povdesk.store import Store

VILLAGE_CODE = "420323105201"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "village.sqlite", create=True)
    s.actor = "测试员"
    s.villages.init_store(StoreRole.VILLAGE, VILLAGE_CODE, "青龙村", county="竹山县")
    yield s
    s.close()


def snapshot(store: Store) -> dict[str, Any]:
    """Every row of every table, for 'nothing changed' assertions."""
    out: dict[str, Any] = {}
    tables = [cls.__table__ for cls, _ in ENTITIES.values()]  # type: ignore[attr-defined]
    tables += [AuditEntry.__table__, Meta.__table__, Tombstone.__table__]  # type: ignore[attr-defined]
    with store.read() as conn:
        for t in tables:
            out[t.name] = sorted(tuple(r) for r in conn.execute(select(t)).all())
    return out


def person(birth: dt.date, seq: int, county: str = "420323") -> str:
    """A valid ID number; odd `seq` is male."""
    return idcard.make(county, birth, seq)
