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
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)

from povdesk.codes import StoreRole
from povdesk.errors import UserError, os_reason_zh
from povdesk.models import Meta, new_id
from povdesk.store import failures, schema
from povdesk.store.engine import WRITE, describe, is_server, is_url, make_engine
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

    def __init__(
        self, target: str | Path, *, create: bool = False, files: Path | None = None
    ) -> None:
        """`target`: a SQLite file, or a URL such as postgresql+psycopg://user@host/db (the
        county's shared database). `files`: where attachments go, when not beside a
        SQLite file."""
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
                    f"无法创建数据目录 {path.parent}：{os_reason_zh(exc)}。",
                    f"Cannot create the data folder: {exc}",
                    code="disk",
                ) from None
            self.files = FileStore(path.with_name(path.name + ".files"))
            if path.exists() and path.stat().st_size > 0:
                try:
                    schema.refuse_if_newer(schema.peek_sqlite(path))
                except sqlite3.DatabaseError as exc:
                    raise _not_a_database(self.target, exc) from None
        else:
            self.files = FileStore(files or default_db_path().parent / "files")
        try:
            self.engine = make_engine(self.target)
        except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
            raise failures.bad_url(self.target, exc) from None
        self._writer = self.engine.execution_options(**{WRITE: True})
        try:
            if is_server(self.target):
                self._connect_once()
            schema.ensure(self.engine)
        except (OperationalError, DBAPIError) as exc:
            self.engine.dispose()
            mapped = failures.storage_error(self.target, exc)
            if isinstance(mapped, UserError):
                raise mapped from None
            raise _not_a_database(self.target, exc.orig) from None
        except BaseException:
            self.engine.dispose()
            raise
        self.actor = default_actor()
        self._listeners: list[Listener] = []
        meta = self.meta()
        if "store_id" not in meta:
            with self.tx(actor="system") as tx:
                # Asked again under the writers' lock: two workstations opening a new
                # shared database at once must not each name it.
                found = tx.conn.execute(select(META.c.key).where(META.c.key == "store_id"))
                if found.first() is None:
                    tx.set_meta("store_id", new_id())
            meta = self.meta()
        self.store_id = meta["store_id"]
        self._attach_services()

    def _attach_services(self) -> None:
        # Imported here: services import the store module for typing only.
        from povdesk.services import attach

        attach(self)

    def _connect_once(self) -> None:
        """Reach the server before anything else, so that a wrong address, a stopped server
        or a missing database is said as such (naming the host), not as a damaged file."""
        try:
            with self.engine.connect():
                pass
        except DBAPIError as exc:
            raise failures.unreachable(self.target, exc) from None

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
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            # A server that went away is the user's world; any other error is a bug.
            if is_server(self.target) and failures.is_connection_problem(exc):
                raise failures.storage_error(self.target, exc) from None
            raise

    @contextmanager
    def tx(self, actor: str | None = None) -> Iterator[Tx]:
        """One write transaction: all of it is stored, or none of it."""
        try:
            with self._writer.begin() as conn:
                tx = Tx(conn, actor or self.actor, getattr(self, "store_id", ""))
                yield tx
                tx.finish()
        except IntegrityError as exc:
            # The services check first; this is the race two writers can still run into.
            raise failures.conflict(exc) from None
        except DataError as exc:
            raise failures.bad_value(exc) from None
        except DBAPIError as exc:
            mapped = failures.storage_error(self.target, exc)
            if mapped is exc:
                raise
            raise mapped from None
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
    where = describe(target)  # a server URL without its password
    return UserError(
        f"无法打开数据库（文件损坏或不是 povdesk 数据库）：{where}",
        f"Cannot open the database (damaged, or not a povdesk database): {where} ({why})",
        code="bad_database",
    )
