"""What every service shares: reading rows as plain data, and the store it serves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, Table
from sqlalchemy.engine import Connection

from povdesk import bulk
from povdesk.changes import Changes
from povdesk.errors import NotFound
from povdesk.models import ENTITIES, Synced, table

D = TypeVar("D", bound=Synced)


class Tx(Protocol):
    """What a service needs of the store's write transaction (povdesk/store/tx.py's `Tx`
    is one). Named here so that the services never import the store, which carries them:
    the store sits above them."""

    conn: Connection
    actor: str
    store_id: str
    changes: Changes

    def get(self, entity: str, row_id: str) -> dict[str, Any] | None: ...

    def insert(
        self, entity: str, values: Mapping[str, Any], *, trusted: bool = False
    ) -> dict[str, Any]: ...

    def insert_many(
        self,
        entity: str,
        rows: Iterable[Mapping[str, Any]],
        *,
        trusted: bool = False,
        remote: bool = False,
        checked: bool = False,
    ) -> list[dict[str, Any]]: ...

    def update(
        self,
        entity: str,
        row_id: str,
        values: Mapping[str, Any],
        *,
        current: Mapping[str, Any] | None = None,
        trusted: bool = False,
        stamp: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]: ...

    def delete(self, entity: str, row_id: str, *, origin: str | None = None) -> None: ...

    def set_meta(self, key: str, value: str) -> None: ...


class FileStore(Protocol):
    """The attachments' files (povdesk/store/files.py's `FileStore` is one)."""

    def put(self, data: bytes, *, replace: bool = False) -> str: ...

    def read(self, sha256: str) -> bytes: ...


def as_data(cls: type[D], row: Mapping[Any, Any]) -> D:
    """Plain data from a trusted database row (no re-validation: it was validated going
    in). Equivalent to `cls.model_construct(**row)` for a complete row — a test holds it
    to that for every entity — but four times faster, which is what lets `check` load a
    village of 10,000 households in well under a second."""
    return bulk.make(cls, dict(row))


def fetch(conn: Connection, stmt: Select[Any], cls: type[D]) -> list[D]:
    """Rows of a select over one table as plain data (see bulk.sqlite_rows). JSON
    values are decoded per row, so no two rows share a list."""
    if conn.dialect.name != "sqlite":
        result = conn.execute(stmt)
        keys = tuple(result.keys())
        return [as_data(cls, dict(zip(keys, r, strict=True))) for r in result]
    keys, rows = bulk.sqlite_rows(conn, stmt)
    return [bulk.make(cls, dict(zip(keys, r, strict=True))) for r in rows]


class StoreAPI(Protocol):
    """What the services need of the store that carries them (povdesk/store/store.py's
    `Store` is one). Named here, not imported, so the store may import the services
    without the services importing it back. A service that asks another one (the
    checks ask the households) names that one's class itself (see `sibling`)."""

    target: str
    store_id: str
    actor: str

    @property
    def files(self) -> FileStore: ...

    # The other services, as the store carries them.
    assessments: Any
    cadres: Any
    checks: Any
    config: Any
    households: Any
    monitoring: Any
    members: Any
    villages: Any
    visits: Any

    def read(self) -> AbstractContextManager[Connection]: ...

    def tx(self, actor: str | None = None) -> AbstractContextManager[Tx]: ...

    def meta(self) -> dict[str, str]: ...


S = TypeVar("S")


def sibling(store: StoreAPI, name: str, cls: type[S]) -> S:
    """Another service of the same store, as its own class."""
    found = getattr(store, name)
    assert isinstance(found, cls)
    return found


class Service:
    entity: str = ""

    def __init__(self, store: StoreAPI) -> None:
        self.store = store

    @property
    def t(self) -> Table:
        return table(self.entity)

    @property
    def data_cls(self) -> type[Synced]:
        return ENTITIES[self.entity][1]

    def _get_row(self, conn: Connection, row_id: str) -> dict[str, Any]:
        row = conn.execute(self.t.select().where(self.t.c.id == row_id)).mappings().first()
        if row is None:
            zh, en = NAMES.get(self.entity, (self.entity, self.entity))
            raise NotFound(zh, en, row_id)
        return dict(row)


NAMES: dict[str, tuple[str, str]] = {
    "village": ("村", "village"),
    "household": ("户", "household"),
    "member": ("家庭成员", "member"),
    "cadre": ("干部", "cadre"),
    "measure": ("帮扶措施", "measure"),
    "fund_entry": ("资金记录", "fund entry"),
    "visit": ("走访记录", "visit"),
    "attachment": ("附件", "attachment"),
    "assessment": ("核查记录", "assessment"),
    "income": ("收入记录", "income record"),
    "pairing": ("结对记录", "pairing"),
    "poverty_line": ("扶贫标准", "poverty line"),
    "reference_income": ("参考收入", "reference income"),
    "monitoring_range": ("监测范围", "monitoring range"),
    "status_record": ("状态记录", "status record"),
    "exit_override": ("退出特批", "exit override"),
    "life_event": ("人口变动", "life event"),
    "monitoring_record": ("监测记录", "monitoring record"),
    "monitoring_step": ("监测程序记录", "monitoring step"),
}


def ids(rows: Iterable[Synced]) -> list[str]:
    return [r.id for r in rows]
