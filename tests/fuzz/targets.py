"""What each fuzz target feeds its bytes to, and what counts as a failure.

Each target takes the fuzzer's bytes as a file a user (or a stranger) could hand to
povdesk. The only acceptable outcomes are success or the product's own `UserError`;
any other exception is a bug. When the reader refuses the input, the store it was given
must be exactly as before (no write on a refused file).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyrage

from povdesk.errors import UserError
from povdesk.store import Store

Target = Callable[[bytes], None]
WORK = Path(tempfile.mkdtemp(prefix="povdesk-fuzz-"))
VILLAGE, COUNTY = "422823107205", "422823"
KEYS = Path(__file__).resolve().parent / "keys"  # test keys only (see make_corpus.py)


def _file(data: bytes, suffix: str) -> Path:
    path = WORK / f"input{suffix}"
    path.write_bytes(data)
    return path


def _state(db: Path) -> tuple[object, ...]:
    """Cheap, and changed by any write: the audit head and clock (every povdesk write goes
    through them), and the size and time of the file and its WAL."""
    con = sqlite3.connect(db)
    try:
        meta = con.execute(
            "SELECT key, value FROM meta WHERE key IN ('audit_seq', 'audit_hash', 'lamport') "
            "ORDER BY key"
        ).fetchall()
    finally:
        con.close()
    files = [db, db.with_name(db.name + "-wal")]
    return (meta, [(p.stat().st_size, p.stat().st_mtime_ns) for p in files if p.exists()])


_stores: dict[str, Path] = {}
_open: dict[Path, Store] = {}


def opened(db: Path) -> Store:
    """One open store per file for the whole fuzzing run."""
    if db not in _open:
        _open[db] = Store(db)
    return _open[db]


def village() -> Path:
    """A village and a county that trust each other, with the corpus's fixed test keys
    (so the seed bundle decrypts and verifies); made once per fuzzing process."""
    if "v" not in _stores:
        from app.main import main
        from exports.bundle import keys
        from povdesk.store import Store

        v, c = WORK / "v.sqlite", WORK / "c.sqlite"
        init = ["init", "--db", str(v), "--role", "village", "--code", VILLAGE, "--name", "样"]
        assert main(init) == 0
        init = ["init", "--db", str(c), "--role", "county", "--code", COUNTY, "--name", "巴东"]
        assert main(init) == 0
        for db, who, other in ((v, "village", "county"), (c, "county", "village")):
            with Store(db) as store:
                _take_keys(store, json.loads((KEYS / f"{who}.json").read_text()))
                keys.trust(store, KEYS / f"{other}.pvkey")
        _stores.update(v=v, c=c)
    return _stores["v"]


def _take_keys(store: Store, rec: dict[str, str]) -> None:
    """What `povdesk key restore` does, from the plain test keys (no scrypt at start-up)."""
    from exports.bundle.minisign import SigningKey
    from povdesk.sync import ledger

    signing = SigningKey.from_secret(rec["sign"])
    age = pyrage.x25519.Identity.from_str(rec["age"])
    with store.tx(actor="system") as tx:
        ledger.save_keys(
            tx,
            {
                "sign": (signing.secret_text(), signing.public),
                "age": (str(age), str(age.to_public())),
            },
        )
        tx.set_meta("store_id", rec["store_id"])
    store.store_id = rec["store_id"]


def _refused_without_writing(db: Path, action: Callable[[], object]) -> None:
    before = _state(db)
    try:
        action()
    except UserError:
        if _state(db) != before:
            raise AssertionError("a refused input changed the store") from None


def roster_csv(data: bytes) -> None:
    from povdesk.roster import import_roster

    path = _file(data, ".csv")
    store = opened(village())
    _refused_without_writing(village(), lambda: import_roster(store, path, dry_run=True))


def roster_xlsx(data: bytes) -> None:
    from povdesk.roster.reader import read_roster

    with contextlib.suppress(UserError):
        read_roster(_file(data, ".xlsx"))


def bundle_file(data: bytes) -> None:
    """The whole file as it arrives on a USB stick (encrypted)."""
    from exports.bundle.reader import load

    path = _file(data, ".pvb")
    county = village().with_name("c.sqlite")
    store = opened(county)
    _refused_without_writing(county, lambda: load(store, path))


_recipient: dict[Path, object] = {}


def bundle_plain(data: bytes) -> None:
    """The bytes after decryption: encrypted to the county here, then read as a bundle."""
    import pyrage

    from exports.bundle.keys import identity
    from exports.bundle.reader import load

    county = village().with_name("c.sqlite")
    store = opened(county)
    if county not in _recipient:
        _recipient[county] = identity(store).age.to_public()
    path = _file(pyrage.encrypt(data, [_recipient[county]]), ".pvb")
    _refused_without_writing(county, lambda: load(store, path))


def key_file(data: bytes) -> None:
    """A peer's public key file (`povdesk trust`). Key backups are age passphrase files:
    their scrypt work factor is the age library's to bound, not fuzzed here."""
    from exports.bundle.keys import read_public

    with contextlib.suppress(UserError):
        read_public(_file(data, ".pvkey"))


def backup_file(data: bytes) -> None:
    """A plain backup handed to `backup verify` / `backup restore` (listing included)."""
    from povdesk.store import backup, restore

    path = _file(data, ".backup")
    try:
        backup.describe(path)
        problems = backup.verify_file(path)
        if not problems:
            restore.preview(village(), path)
    except UserError:
        pass


def store_key_file(data: bytes) -> None:
    """An encrypted store's key file (`<db>.key`), unlocked with a passphrase or (first
    byte "R") the recovery key: only a UserError, never a hang (scrypt's cost is bounded)."""
    from povdesk import cipher

    recovery = data[:1] == b"R"
    path = _file(data[1:] if recovery else data, ".key")
    with contextlib.suppress(UserError):
        if recovery:
            cipher.unlock_file(path, recovery="0" * 48)
        else:
            cipher.unlock_file(path, passphrase="fuzz-passphrase")


# The targets that read against a prepared store (made before fuzzing starts).
NEEDS_STORES = frozenset({"roster_csv", "bundle_file", "bundle_plain", "backup_file"})

TARGETS: dict[str, Target] = {
    "roster_csv": roster_csv,
    "roster_xlsx": roster_xlsx,
    "bundle_file": bundle_file,
    "bundle_plain": bundle_plain,
    "key_file": key_file,
    "backup_file": backup_file,
    "store_key_file": store_key_file,
}

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus(name: str) -> Path:
    return CORPUS / name


def quiet_logs() -> None:
    os.environ.setdefault("POVDESK_LOG_DIR", str(WORK / "logs"))
