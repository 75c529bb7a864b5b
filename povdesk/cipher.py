"""Encryption at rest: a SQLCipher store whose key is kept wrapped beside it.

The store is encrypted with a random 256-bit key (SQLCipher 4, raw key: no slow key
derivation on every connection). That key is never stored in clear: `<db>.key` holds it
wrapped twice (LUKS's key slots, BitLocker's recovery key), once with the cadre's
passphrase (scrypt) and once with a 48-digit recovery key printed at setup and kept at the
township. Changing the passphrase re-wraps one slot; the store itself is never rewritten,
so a forgotten passphrase loses nothing while the recovery key is kept.

A wrong passphrase fails the slot's authentication tag here, before SQLCipher ever sees a
key, so it is said as such and never read as a damaged file.

A store is encrypted when its file does not start with SQLite's header and its key file
exists. Keys unlocked in this process are remembered by path (`remember`), so the many
places that open the file (health check, engine, backups, restore) need not pass it along.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import sqlite3
import sys
import unicodedata
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from povdesk.errors import UserError, os_reason_zh

HEADER = b"SQLite format 3\x00"
FORMAT = "povdesk-keys/1"
KEY_SUFFIX = ".key"
PASSPHRASE_ENV = "POVDESK_PASSPHRASE"
RECOVERY_ENV = "POVDESK_RECOVERY_KEY"
MIN_PASSPHRASE = 8
RECOVERY_DIGITS = 48
# scrypt at 32 MiB and ~0.1 s: slow enough that guessing a passphrase from a stolen key
# file is costly, fast enough on an old laptop.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1

SQLCIPHER = "sqlcipher3.dbapi2"


def _sqlcipher() -> Any:
    """SQLCipher, loaded on first use: starting on a plain store never pays for it."""
    import sqlcipher3.dbapi2 as sqlcipher

    return sqlcipher


# Errors of either driver: a plain store is read with sqlite3, an encrypted one with
# sqlcipher3, whose exception classes are its own (and which cannot have raised anything
# before it is loaded).
def errors(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """Either driver's DatabaseError and `more`, for an except clause."""
    loaded = sys.modules.get(SQLCIPHER)
    extra = (loaded.DatabaseError,) if loaded is not None else ()
    return (sqlite3.DatabaseError, *extra, *more)


def operational_errors() -> tuple[type[Exception], ...]:
    """Either driver's OperationalError."""
    loaded = sys.modules.get(SQLCIPHER)
    extra = (loaded.OperationalError,) if loaded is not None else ()
    return (sqlite3.OperationalError, *extra)


_known: dict[str, bytes] = {}


# -- which files are encrypted ----------------------------------------------------------
def key_path(db: Path) -> Path:
    return db.with_name(db.name + KEY_SUFFIX)


def has_plain_header(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(HEADER)) == HEADER
    except OSError:
        return False


def is_encrypted(db: Path) -> bool:
    """An existing, non-empty store that is not plain SQLite and has its key file."""
    try:
        size = db.stat().st_size
    except OSError:
        return False
    return size > 0 and not has_plain_header(db) and key_path(db).is_file()


# -- keys remembered in this process ----------------------------------------------------
def _name(path: Path) -> str:
    return str(Path(path).resolve())


def remember(path: Path, key: bytes) -> None:
    _known[_name(path)] = key


def forget(path: Path) -> None:
    _known.pop(_name(path), None)


def known(path: Path) -> bytes | None:
    return _known.get(_name(path))


def unlocked_keys() -> list[bytes]:
    """Every key unlocked in this process (a backup in a store's folder opens with its
    store's key)."""
    return list(dict.fromkeys(_known.values()))


def new_key() -> bytes:
    return secrets.token_bytes(32)


def key_id(key: bytes) -> str:
    """A short name for a key that reveals nothing of it (to tell stores apart)."""
    return hashlib.sha256(b"povdesk key id\x00" + key).hexdigest()[:12]


# -- passphrases and the recovery key ---------------------------------------------------
def check_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise UserError(
            f"口令太短：至少需要 {MIN_PASSPHRASE} 个字符。",
            f"The passphrase is too short: use at least {MIN_PASSPHRASE} characters.",
            code="weak_passphrase",
        )


def new_recovery_key() -> str:
    """48 digits in eight groups of six: easy to read aloud and type, 159 bits."""
    digits = f"{secrets.randbelow(10**RECOVERY_DIGITS):0{RECOVERY_DIGITS}d}"
    return "-".join(digits[i : i + 6] for i in range(0, RECOVERY_DIGITS, 6))


def normal_recovery_key(text: str) -> str:
    """The digits of a typed recovery key (full-width digits, spaces and dashes allowed)."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())
    if len(digits) != RECOVERY_DIGITS:
        raise UserError(
            f"恢复密钥应为 {RECOVERY_DIGITS} 位数字（8 组，每组 6 位），"
            f"输入的有 {len(digits)} 位。",
            f"A recovery key has {RECOVERY_DIGITS} digits (8 groups of 6); "
            f"{len(digits)} were given.",
            code="bad_recovery_key",
        )
    return digits


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text).encode("ascii"), validate=True)


def _passphrase_kek(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    raw = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(raw)


def _recovery_kek(recovery: str, salt: bytes) -> bytes:
    raw = normal_recovery_key(recovery).encode("ascii")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"povdesk recovery")
    return hkdf.derive(raw)


def _wrap(kind: str, kek: bytes, key: bytes) -> dict[str, Any]:
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(kek).encrypt(nonce, key, f"{FORMAT}|{kind}".encode())
    return {"nonce": _b64(nonce), "wrapped": _b64(wrapped)}


def _passphrase_slot(key: bytes, passphrase: str) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    kek = _passphrase_kek(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    slot = {"kind": "passphrase", "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
    return {**slot, "salt": _b64(salt), **_wrap("passphrase", kek, key)}


def _recovery_slot(key: bytes, recovery: str) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    kek = _recovery_kek(recovery, salt)
    return {
        "kind": "recovery",
        "kdf": "hkdf-sha256",
        "salt": _b64(salt),
        **_wrap("recovery", kek, key),
    }


# -- the key file -----------------------------------------------------------------------
def write_key_file(target: Path, key: bytes, passphrase: str, recovery: str) -> None:
    check_passphrase(passphrase)
    slots = [_passphrase_slot(key, passphrase), _recovery_slot(key, recovery)]
    _write_json(target, {"format": FORMAT, "key_id": key_id(key), "slots": slots})


def set_passphrase(db: Path, key: bytes, passphrase: str) -> None:
    """A new passphrase for the store's key; the recovery slot is kept as it is."""
    check_passphrase(passphrase)
    data = read_key_file(key_path(db))
    if data.get("key_id") != key_id(key):
        raise _wrong_key_file(key_path(db))
    others = [s for s in data["slots"] if s.get("kind") != "passphrase"]
    data["slots"] = [_passphrase_slot(key, passphrase), *others]
    _write_json(key_path(db), data)


def _write_json(target: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    tmp = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(
            f"无法保存密钥文件（{os_reason_zh(exc)}）：{target}",
            f"Cannot save the key file ({exc.strerror}): {target}",
            code="disk",
        ) from None


def read_key_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise UserError(
            f"找不到此加密数据库的密钥文件：{path}。请把它与数据库放在同一文件夹，或从备份恢复。",
            f"The key file of this encrypted database is missing: {path}. Put it beside the "
            "database, or restore from a backup.",
            code="no_key_file",
        ) from None
    except (OSError, ValueError):
        raise _wrong_key_file(path) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _wrong_key_file(path)
    if not isinstance(data.get("slots"), list):
        raise _wrong_key_file(path)
    return data


def _wrong_key_file(path: Path) -> UserError:
    return UserError(
        f"密钥文件已损坏或不属于此数据库：{path}",
        f"The key file is damaged or does not belong to this database: {path}",
        code="bad_key_file",
    )


def unlock_file(path: Path, *, passphrase: str | None = None, recovery: str | None = None) -> bytes:
    """The store key from the key file at `path`, with the passphrase or recovery key."""
    data = read_key_file(path)
    kind = "recovery" if recovery is not None else "passphrase"
    for slot in data["slots"]:
        if not isinstance(slot, dict) or slot.get("kind") != kind:
            continue
        try:
            salt = _unb64(slot["salt"])
            if kind == "recovery":
                kek = _recovery_kek(str(recovery), salt)
            else:
                n, r, p = int(slot["n"]), int(slot["r"]), int(slot["p"])
                if not (1 << 10 <= n <= 1 << 20 and 1 <= r <= 32 and 1 <= p <= 16):
                    raise _wrong_key_file(path)  # a key file made to hang the laptop
                kek = _passphrase_kek(str(passphrase or ""), salt, n, r, p)
            key = AESGCM(kek).decrypt(
                _unb64(slot["nonce"]), _unb64(slot["wrapped"]), f"{FORMAT}|{kind}".encode()
            )
        except InvalidTag:
            raise _bad_secret(kind) from None
        except (KeyError, ValueError, TypeError):
            raise _wrong_key_file(path) from None
        if len(key) != 32 or data.get("key_id") != key_id(key):
            raise _wrong_key_file(path)
        return key
    raise _wrong_key_file(path)


def _bad_secret(kind: str) -> UserError:
    if kind == "recovery":
        return UserError(
            "恢复密钥不正确，数据库未打开，也未作任何改动。请核对打印的恢复密钥。",
            "The recovery key is wrong; the database was not opened or changed. Check the "
            "printed recovery key.",
            code="bad_recovery_key",
        )
    return UserError(
        "口令不正确，数据库未打开，也未作任何改动。忘记口令时可用恢复密钥重设。",
        "Wrong passphrase; the database was not opened or changed. A forgotten passphrase "
        "can be reset with the recovery key.",
        code="bad_passphrase",
    )


def unlock(db: Path, *, passphrase: str | None = None, recovery: str | None = None) -> bytes:
    """Unlock the store at `db` and remember its key in this process."""
    key = unlock_file(key_path(db), passphrase=passphrase, recovery=recovery)
    remember(db, key)
    return key


def unlock_from_env(db: Path) -> bytes | None:
    """For scripts: POVDESK_PASSPHRASE (or POVDESK_RECOVERY_KEY) unlocks the store."""
    recovery = os.environ.get(RECOVERY_ENV)
    if recovery:
        return unlock(db, recovery=recovery)
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase:
        return unlock(db, passphrase=passphrase)
    return None


def locked(db: Path) -> UserError:
    return UserError(
        f"此数据库已加密，需要口令才能打开：{db}。"
        f"请在提示时输入口令（脚本中可设置环境变量 {PASSPHRASE_ENV}）。",
        f"This database is encrypted and needs its passphrase: {db}. Type it at the prompt "
        f"(scripts: set {PASSPHRASE_ENV}).",
        code="locked",
    )


def key_for(db: Path) -> bytes:
    """The key of the encrypted store at `db`: remembered, or from the environment."""
    key = known(db) or unlock_from_env(db)
    if key is None:
        raise locked(db)
    return key


# -- connections ------------------------------------------------------------------------
def pragma_key(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def keyed(con: Any, key: bytes) -> Any:
    """Give a fresh sqlcipher3 connection its key (before any other statement)."""
    con.execute("PRAGMA cipher_log_level = NONE")  # its own errors go to stderr otherwise
    con.execute(pragma_key(key))
    return con


def connect(path: Path, *, key: bytes | None = None, read_only: bool = False, **kwargs: Any) -> Any:
    """A DB-API connection to `path`: sqlite3 for a plain file, sqlcipher3 with its key for
    an encrypted one (`key`, else the remembered or environment key)."""
    target: str | Path = path
    if read_only:
        target = f"{Path(path).resolve().as_uri().replace('file://', 'file:', 1)}?mode=ro"
        kwargs["uri"] = True
    if key is None and (has_plain_header(path) or not path.exists() or path.stat().st_size == 0):
        return sqlite3.connect(target, **kwargs)
    if key is None:
        key = key_opening(path)
    return keyed(_sqlcipher().connect(target, **kwargs), key)


def key_opening(path: Path) -> bytes:
    """The key for an encrypted file: remembered for it, else a key unlocked here that
    opens it (a backup of an unlocked store), else its key file with the environment."""
    key = known(path)
    if key is not None:
        return key
    for key in unlocked_keys():
        if opens(path, key):
            remember(path, key)
            return key
    if key_path(path).is_file():
        return key_for(path)
    raise locked(path)


def can_open(path: Path) -> bool:
    """A plain SQLite file, or an encrypted one whose key is at hand (no prompt)."""
    if has_plain_header(path):
        return True
    try:
        key_opening(path)
    except UserError:
        return False
    return True


def opens(path: Path, key: bytes) -> bool:
    try:
        con = keyed(_sqlcipher().connect(f"file:{path.resolve()}?mode=ro", uri=True), key)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except _sqlcipher().DatabaseError:
        return False
    return True


def open_for_export(path: Path, key: bytes | None) -> Any:
    """A sqlcipher3 connection on `path` (plain when `key` is None) that can `export`."""
    con = _sqlcipher().connect(str(path), isolation_level=None)
    return keyed(con, key) if key is not None else con


def export(source: Any, target: Path, key: bytes | None) -> None:
    """Copy the whole database open on `source` (a sqlcipher3 connection) into a new file
    `target`, encrypted with `key` (None: plain)."""
    key_sql = f"\"x'{key.hex()}'\"" if key is not None else "''"
    source.execute(f"ATTACH DATABASE ? AS converted KEY {key_sql}", (str(target),))
    try:
        source.execute("SELECT sqlcipher_export('converted')")
    finally:
        source.execute("DETACH DATABASE converted")
