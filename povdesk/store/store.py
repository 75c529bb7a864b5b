"""`Store`: the one object in front of the data (Anki's Collection).

It owns the engine, opens and upgrades the schema, hands out write transactions (`tx`)
and read connections, and carries the services (`store.households`, `store.funds` ...).
After every committed transaction it tells its listeners what changed.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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

from povdesk import cipher
from povdesk.changes import Changes
from povdesk.codes import StoreRole
from povdesk.errors import UserError, os_reason_zh
from povdesk.models import Meta, new_id
from povdesk.store import backup, failures, health, schema
from povdesk.store.engine import WRITE, describe, is_server, is_url, make_engine
from povdesk.store.files import FileStore
from povdesk.store.tx import Tx

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
        Ledger,
        Measures,
        Members,
        Monitoring,
        Status,
        StoredChecks,
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
    monitoring: Monitoring
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
    stored: StoredChecks
    audit: Audit
    sync: Sync
    ledger: Ledger

    def __init__(
        self,
        target: str | Path,
        *,
        create: bool = False,
        files: Path | None = None,
        check_later: bool = False,
    ) -> None:
        """`target`: a SQLite file, or a URL such as postgresql+psycopg://user@host/db (the
        county's shared database). `files`: where attachments go, when not beside a
        SQLite file. `check_later`: the window's opening. The store's pages are checked
        (`PRAGMA quick_check`) on a thread of their own once the window shows its list
        (`start_check`), instead of before: nothing is written until that check has
        passed (see `tx`)."""
        self.target = str(target)
        # The SQLCipher key of an encrypted store (None: a plain file, or a server).
        self.key: bytes | None = None
        self._later: health.LaterCheck | None = None
        if not is_url(self.target):
            path = Path(self.target)
            # Before a byte is written: a folder, an empty or foreign file, a newer schema
            # or a damaged store is refused here, the file left exactly as it was. An
            # encrypted store with no key unlocked is refused as locked.
            later = check_later and not create
            revision = health.check(path, create=create, quick=not later)
            if later and revision == schema.head():
                self._later = health.LaterCheck(path)
            elif later:  # to be upgraded, which writes: the whole check comes first
                health.check(path, create=False)
            if cipher.is_encrypted(path):
                self.key = cipher.key_for(path)
            elif revision is None and create:
                self.key = cipher.known(path)  # a new store being built encrypted
            _private_file(path)
            self.files = FileStore(path.with_name(path.name + ".files"), self.key)
            if revision is not None and revision != schema.head():
                backup.automatic(self.target, "before_upgrade")
        else:
            self.files = FileStore(files or default_db_path().parent / "files")
        try:
            self.engine = make_engine(self.target, key=self.key)
        except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
            raise failures.bad_url(self.target, exc) from None
        self._writer = self.engine.execution_options(**{WRITE: True})
        # Per store and per thread (a context variable): see `read`.
        self._active_tx: ContextVar[Connection | None] = ContextVar(
            f"povdesk_tx_{id(self)}", default=None
        )
        try:
            if is_server(self.target):
                self._connect_once()
            schema.ensure(self.engine)
        except (OperationalError, DBAPIError) as exc:
            self.engine.dispose()
            meaning = _sqlite_meaning(self.target, exc.orig)
            if meaning is not None:
                raise meaning from None
            mapped = failures.storage_error(self.target, exc)
            if isinstance(mapped, UserError):
                raise mapped from None
            raise _not_a_database(self.target, exc.orig) from None
        except cipher.errors() as exc:  # read-only checks met a damaged page
            self.engine.dispose()
            raise _sqlite_meaning(self.target, exc) or exc from None
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
        """A connection to read with. Inside `tx()` on the same thread it is the write
        transaction's own: what a service reads there (a household's file for the exit
        guard, say) is what the transaction then writes over, with no gap in which another
        workstation could change it."""
        active = self._active_tx.get()
        if active is not None:
            yield active
            return
        try:
            with self.engine.connect() as conn:
                yield conn
        except DBAPIError as exc:
            # A server that went away, a damaged file, a full disk are the user's world;
            # any other error is a bug.
            if is_server(self.target) and failures.is_connection_problem(exc):
                raise failures.storage_error(self.target, exc) from None
            meaning = _sqlite_meaning(self.target, exc.orig)
            if meaning is not None:
                raise meaning from None
            raise

    @contextmanager
    def tx(self, actor: str | None = None) -> Iterator[Tx]:
        """One write transaction: all of it is stored, or none of it."""
        found = self.check_problem()
        if found is not None:
            raise found
        try:
            with self._writer.begin() as conn:
                tx = Tx(conn, actor or self.actor, getattr(self, "store_id", ""))
                token = self._active_tx.set(conn)
                try:
                    yield tx
                    # The households it touched checked again before it commits: their
                    # stored findings are never older than their records.
                    stored = getattr(self, "stored", None)
                    if stored is not None and tx.changes.households:
                        stored.keep_current(tx)
                    tx.finish()
                finally:
                    self._active_tx.reset(token)
        except IntegrityError as exc:
            # The services check first; this is the race two writers can still run into.
            raise failures.conflict(exc) from None
        except DataError as exc:
            raise failures.bad_value(exc) from None
        except DBAPIError as exc:
            meaning = _sqlite_meaning(self.target, exc.orig)
            if meaning is not None:
                raise meaning from None
            mapped = failures.storage_error(self.target, exc)
            if mapped is exc:
                raise
            raise mapped from None
        if tx.changes:
            for listener in list(self._listeners):
                listener(tx.changes)

    def reopen(self) -> None:
        """After the file was converted in place (encrypted or decrypted): connections
        and attachments under the key the file has now."""
        self.engine.dispose()
        path = Path(self.target)
        self.key = cipher.key_for(path) if cipher.is_encrypted(path) else None
        self.files = FileStore(path.with_name(path.name + ".files"), self.key)
        self.engine = make_engine(self.target, key=self.key)
        self._writer = self.engine.execution_options(**{WRITE: True})

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def start_check(self) -> None:
        """Start the check of the store's pages left for later (the window, once its
        list is shown); a write or `check_problem` starts it too."""
        if self._later is not None:
            self._later.start()

    def check_pending(self) -> bool:
        """Whether the check of the store's pages left for later has yet to end."""
        return self._later is not None and not self._later.done()

    def check_problem(self) -> UserError | None:
        """What the check left for later found (waiting for it, at most its time budget);
        None when it passed or was not left for later. A store it found damaged keeps
        this answer: it is never written to."""
        later = self._later
        if later is None:
            return None
        found = later.problem()
        if found is None:
            self._later = None
        return found

    def close(self) -> None:
        if self._later is not None and self._later.started():
            self._later.problem()  # its own connection closes with it
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _private_file(path: Path) -> None:
    """A new store and its folder readable only by the user (the WAL and shared-memory
    files SQLite makes beside it take the store's permissions)."""
    try:
        backup.private_folder(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        if health.is_full(path):
            raise health.disk_full(path) from None
        raise UserError(
            f"无法创建数据库文件（{os_reason_zh(exc)}）：{path}",
            f"Cannot create the database file ({exc.strerror}): {path}",
            code="disk",
        ) from None


def _sqlite_meaning(target: str, exc: object) -> UserError | None:
    """A damaged page or a full disk met while working on a SQLite store."""
    if is_url(target) or not isinstance(exc, cipher.errors()):
        return None
    return health.classify(Path(target), exc)


def _not_a_database(target: str, why: object) -> UserError:
    where = describe(target)  # a server URL without its password
    return UserError(
        f"无法打开数据库（文件损坏或不是 povdesk 数据库）：{where}",
        f"Cannot open the database (damaged, or not a povdesk database): {where} ({why})",
        code="bad_database",
    )
