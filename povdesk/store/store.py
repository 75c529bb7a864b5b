"""`Store`: the one object in front of the data (Anki's Collection).

It owns the engine, opens and upgrades the schema, hands out write transactions (`tx`)
and read connections, and carries the services (`store.households`, `store.funds` ...).
After every committed transaction it tells its listeners what changed.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from povdesk.codes import StoreRole
from povdesk.errors import UserError
from povdesk.models import Meta, new_id
from povdesk.store import schema
from povdesk.store.engine import WRITE, is_url, make_engine
from povdesk.store.files import FileStore
from povdesk.store.tx import Changes, Tx

if TYPE_CHECKING:
    from povdesk.services import (
        Assessments,
        Attachments,
        Audit,
        Cadres,
        Checks,
        Config,
        Funds,
        Households,
        Incomes,
        Measures,
        Members,
        Status,
        Sync,
        Villages,
        Visits,
    )

Listener = Callable[[Changes], None]
META = Meta.__table__  # type: ignore[attr-defined]


def default_db_path() -> Path:
    """The user's data folder (platformdirs), e.g. ~/.local/share/povdesk/povdesk.sqlite."""
    return Path(platformdirs.user_data_dir("povdesk", appauthor=False)) / "povdesk.sqlite"


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Store:
    villages: Villages
    households: Households
    members: Members
    cadres: Cadres
    incomes: Incomes
    measures: Measures
    funds: Funds
    assessments: Assessments
    visits: Visits
    attachments: Attachments
    status: Status
    config: Config
    checks: Checks
    audit: Audit
    sync: Sync

    def __init__(self, target: str | Path, *, create: bool = False) -> None:
        self.target = str(target)
        if not is_url(self.target):
            path = Path(self.target)
            if not create and not path.exists():
                raise UserError(
                    f"数据库文件不存在:{path}。请先运行 povdesk init 或 povdesk demo 创建。",
                    f"No database at {path}. Create one first with povdesk init or povdesk demo.",
                    code="no_database",
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(
                    f"无法创建数据目录:{exc}", f"Cannot create the data folder: {exc}", code="disk"
                ) from None
            self.files = FileStore(path.with_name(path.name + ".files"))
            if path.exists() and path.stat().st_size > 0:
                try:
                    schema.refuse_if_newer(schema.peek_sqlite(path))
                except sqlite3.DatabaseError as exc:
                    raise _not_a_database(self.target, exc) from None
        else:
            self.files = FileStore(default_db_path().parent / "files")
        self.engine = make_engine(self.target)
        self._writer = self.engine.execution_options(**{WRITE: True})
        try:
            schema.ensure(self.engine)
        except (OperationalError, DBAPIError) as exc:
            self.engine.dispose()
            raise _not_a_database(self.target, exc.orig) from None
        except BaseException:
            self.engine.dispose()
            raise
        self.actor = default_actor()
        self._listeners: list[Listener] = []
        meta = self.meta()
        if "store_id" not in meta:
            with self.tx(actor="system") as tx:
                tx.set_meta("store_id", new_id())
            meta = self.meta()
        self.store_id = meta["store_id"]
        self._attach_services()

    def _attach_services(self) -> None:
        # Imported here: services import the store module for typing only.
        from povdesk.services import attach

        attach(self)

    # -- identity --------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        with self.read() as conn:
            return dict(conn.execute(select(META.c.key, META.c.value)).all())

    def clock(self) -> int:
        """The store's Lamport clock now (see Tx.clock)."""
        return int(self.meta().get("lamport", "0"))

    @property
    def role(self) -> StoreRole | None:
        value = self.meta().get("role")
        return StoreRole.parse(value) if value else None

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def tx(self, actor: str | None = None) -> Iterator[Tx]:
        """One write transaction: all of it is stored, or none of it."""
        try:
            with self._writer.begin() as conn:
                tx = Tx(conn, actor or self.actor, getattr(self, "store_id", ""))
                yield tx
                tx.finish()
        except OperationalError as exc:
            raise _storage_error(exc) from None
        except IntegrityError as exc:
            # The services check first; this is the race two writers can still run into.
            raise UserError(
                f"保存失败:与已有记录冲突(重复或引用了不存在的记录),未作任何改动。{exc.orig}",
                f"Not saved: it conflicts with an existing record (a duplicate, or a reference "
                f"to a missing one); nothing was changed. {exc.orig}",
                code="conflict",
            ) from None
        if tx.changes:
            for listener in list(self._listeners):
                listener(tx.changes)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _not_a_database(target: str, why: object) -> UserError:
    return UserError(
        f"无法打开数据库(文件损坏或不是 povdesk 数据库):{target}",
        f"Cannot open the database (damaged, or not a povdesk database): {target} ({why})",
        code="bad_database",
    )


def _storage_error(exc: OperationalError) -> Exception:
    """A full disk or a read-only file is the user's world; anything else is a bug."""
    text = str(exc.orig).lower()
    if "disk" in text or "full" in text:
        return UserError(
            "磁盘已满,本次修改没有保存,已有数据未受影响。请腾出空间后重试。",
            "The disk is full: this change was not saved and existing data is untouched. "
            "Free some space and try again.",
            code="disk_full",
        )
    if "readonly" in text or "read-only" in text or "locked" in text:
        return UserError(
            f"数据库无法写入(只读或被其他程序占用),本次修改没有保存:{exc.orig}",
            f"The database cannot be written (read-only or in use); this change was not "
            f"saved: {exc.orig}",
            code="not_writable",
        )
    return exc
