"""This store's identities and the peers it trusts (docs/bundle-format.md §1).

Keys are made on first use and kept in the store's own database (table sync_key): the
database holds the personal data they protect, so a copy of one is never separated from
the other. The only way a private key leaves is the passphrase-protected backup."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage

from exports.bundle.minisign import SigningKey, key_id_text, parse_public
from exports.files import write_atomic
from povdesk.codes import StoreRole
from povdesk.errors import UserError, read_file
from povdesk.inputs import text_problem
from povdesk.store.store import Store
from povdesk.sync.ledger import Peer
from povdesk.sync.shape import HEX32
from povdesk.sync.values import canonical

KEY_FILE_FORMAT = "povdesk-public-key"
BACKUP_FORMAT = "povdesk-key-backup"


@dataclass(frozen=True)
class Identity:
    store_id: str
    role: str
    area_code: str
    name: str
    signing: SigningKey
    age: pyrage.x25519.Identity

    @property
    def key_id(self) -> str:
        return key_id_text(self.signing.key_id)

    @property
    def sign_public(self) -> str:
        return self.signing.public

    @property
    def age_recipient(self) -> str:
        return str(self.age.to_public())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.store_id, self.sign_public, self.age_recipient)

    def public_record(self) -> dict[str, str]:
        return {
            "format": KEY_FILE_FORMAT,
            "store_id": self.store_id,
            "role": self.role,
            "area_code": self.area_code,
            "name": self.name,
            "minisign": self.sign_public,
            "age": self.age_recipient,
        }


def fingerprint(store_id: str, sign_public: str, age_recipient: str) -> str:
    """Short enough to read out over the phone: 16 hex digits in groups of four."""
    digest = hashlib.sha256(f"{store_id}\n{sign_public}\n{age_recipient}".encode()).hexdigest()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4)).upper()


def identity(store: Store) -> Identity:
    """This store's identity; the key pairs are made (once) on first use."""
    meta = store.meta()
    if not meta.get("role"):
        raise UserError(
            "数据库尚未初始化，请先运行 povdesk init。",
            "The database is not initialised; run povdesk init first.",
            code="not_initialised",
        )
    found = store.ledger.keys()
    if "sign" not in found or "age" not in found:
        signing = SigningKey.generate()
        age = pyrage.x25519.Identity.generate()
        found = {
            "sign": (signing.secret_text(), signing.public),
            "age": (str(age), str(age.to_public())),
        }
        with store.tx(actor="system") as tx:
            store.ledger.save_keys(tx, found)
    return Identity(
        store.store_id,
        meta["role"],
        meta.get("area_code", ""),
        meta.get("name", ""),
        SigningKey.from_secret(found["sign"][0]),
        pyrage.x25519.Identity.from_str(found["age"][0]),
    )


def write_public(store: Store, out: Path) -> Identity:
    me = identity(store)
    write_atomic(out, (canonical(me.public_record()) + "\n").encode("utf-8"))
    return me


def read_public(path: Path) -> Peer:
    """A peer's `.pvkey` file, checked; a clear error for anything else."""
    data = read_file(path, code="bad_key_file")
    try:
        rec = json.loads(data.decode("utf-8"))
        if not isinstance(rec, dict) or rec.get("format") != KEY_FILE_FORMAT:
            raise ValueError("format")
        fields = ("store_id", "role", "area_code", "name", "minisign", "age")
        if not all(isinstance(rec.get(k), str) for k in fields):
            raise ValueError("fields")
        _check_identity_fields(path, rec)
        key_id, _ = parse_public(rec["minisign"])
        pyrage.x25519.Recipient.from_str(rec["age"])
    except (ValueError, UnicodeDecodeError, pyrage.RecipientError):
        raise UserError(
            f"不是 povdesk 公钥文件，或文件已损坏：{path}",
            f"Not a povdesk public key file, or it is damaged: {path}",
            code="bad_key_file",
        ) from None
    return Peer(
        store_id=rec["store_id"],
        role=rec["role"],
        area_code=rec["area_code"],
        name=rec["name"],
        key_id=key_id_text(key_id),
        sign_public=rec["minisign"],
        age_recipient=rec["age"],
        fingerprint=fingerprint(rec["store_id"], rec["minisign"], rec["age"]),
    )


def _check_identity_fields(path: Path, rec: dict[str, Any]) -> None:
    """The fields that end up in file names (area code) and on the screen (name)."""
    problem = identity_problem(rec["store_id"], rec["role"], rec["area_code"], rec["name"])
    if problem is not None:
        raise UserError(
            f"公钥文件中的{problem[0]}，未信任：{path}",
            f"The key file's {problem[1]}; not trusted: {path}",
            code="bad_key_file",
        )


def identity_problem(store_id: Any, role: Any, area_code: Any, name: Any) -> tuple[str, str] | None:
    if not (isinstance(store_id, str) and HEX32.match(store_id)):
        return ("库编号不合规", "store id is not valid")
    if role not in (r.value for r in StoreRole):
        return ("角色不合规", "role is not valid")
    want = 6 if role == StoreRole.COUNTY.value else 12
    if not (
        isinstance(area_code, str)
        and area_code.isascii()
        and area_code.isdigit()
        and len(area_code) == want
    ):
        return (f"地区代码应为 {want} 位数字", f"area code must be {want} digits")
    bad = text_problem(name, limit=60) if isinstance(name, str) else ("不是文字", "not text")
    if bad is not None or not name.strip():
        why = bad or ("为空", "is empty")
        return (f"名称{why[0]}", f"name {why[1]}")
    return None


def trust(store: Store, path: Path, *, expect: str | None = None, replace: bool = False) -> Peer:
    peer = read_public(path)
    me = identity(store)
    if expect is not None and expect.strip().upper() != peer.fingerprint:
        raise UserError(
            f"指纹不符：文件为 {peer.fingerprint}，核对的是 {expect}。未信任。",
            f"Fingerprint mismatch: the file has {peer.fingerprint}, you expected {expect}. "
            "Not trusted.",
            code="fingerprint",
        )
    if peer.store_id == me.store_id:
        raise UserError("这是本库自己的公钥。", "That is this store's own key.", code="own_key")
    with store.tx() as tx:
        store.ledger.add_peer(tx, peer, replace=replace)
    return peer


# -- recovery ------------------------------------------------------------------------
def backup(store: Store, out: Path, passphrase: str) -> None:
    """Both private keys and the store id, encrypted with age's passphrase (scrypt) mode."""
    _check_passphrase(passphrase)
    me = identity(store)
    rec = {
        "format": BACKUP_FORMAT,
        "store_id": me.store_id,
        "role": me.role,
        "area_code": me.area_code,
        "sign": me.signing.secret_text(),
        "age": str(me.age),
    }
    write_atomic(out, pyrage.passphrase.encrypt(canonical(rec).encode("utf-8"), passphrase))


def restore(store: Store, path: Path, passphrase: str) -> Identity:
    """Into a freshly initialised store of the same role and area: it takes over the lost
    store's id and keys, so it reads every bundle sent to the lost one."""
    data = read_file(path, code="bad_backup")
    try:
        rec = json.loads(pyrage.passphrase.decrypt(data, passphrase).decode("utf-8"))
        signing = SigningKey.from_secret(rec["sign"])
        age = pyrage.x25519.Identity.from_str(rec["age"])
    except (pyrage.DecryptError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise UserError(
            "无法恢复密钥：口令不对，或不是 povdesk 密钥备份文件。",
            "Cannot restore the keys: wrong passphrase, or not a povdesk key backup.",
            code="bad_backup",
        ) from None
    meta = store.meta()
    if (meta.get("role"), meta.get("area_code")) != (rec.get("role"), rec.get("area_code")):
        raise UserError(
            f"备份属于 {rec.get('role')} {rec.get('area_code')}，与本库不符。",
            f"The backup belongs to {rec.get('role')} {rec.get('area_code')}, not this store.",
            code="wrong_store",
        )
    with store.tx(actor="system") as tx:
        store.ledger.save_keys(
            tx,
            {
                "sign": (signing.secret_text(), signing.public),
                "age": (str(age), str(age.to_public())),
            },
        )
        tx.set_meta("store_id", rec["store_id"])
    store.store_id = rec["store_id"]
    return identity(store)


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < 10:
        raise UserError(
            "口令太短：至少 10 个字符。",
            "The passphrase is too short: at least 10 characters.",
            code="weak_passphrase",
        )
