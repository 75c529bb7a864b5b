"""Attachment files, stored by content hash beside the database.

`<db>.files/ab/abcdef...` : the same photo attached twice is stored once, a file's name
says what it must contain (so a damaged copy is detectable), and files are written to a
temporary name and renamed, so a power cut never leaves a half-written file under a
valid name.

With an encrypted store (povdesk/cipher.py) each file is sealed with AES-GCM under
a key derived from the store's key; its name is still the hash of what it holds, which is
also bound into the seal, so a file moved under another name does not open.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from povdesk.errors import UserError, os_reason_zh

SEALED = b"povdesk-sealed/1\n"


def file_key(store_key: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"povdesk attachments")
    return hkdf.derive(store_key)


def seal(key: bytes, data: bytes, digest: str) -> bytes:
    nonce = secrets.token_bytes(12)
    return SEALED + nonce + AESGCM(key).encrypt(nonce, data, digest.encode("ascii"))


def is_sealed(raw: bytes) -> bool:
    return raw.startswith(SEALED)


def unseal(key: bytes | None, raw: bytes, digest: str) -> bytes | None:
    """The plain bytes of a sealed file, or None when it does not open with `key`."""
    if key is None:
        return None
    body = raw[len(SEALED) :]
    try:
        return AESGCM(key).decrypt(body[:12], body[12:], digest.encode("ascii"))
    except (InvalidTag, ValueError):
        return None


class FileStore:
    def __init__(self, root: Path, store_key: bytes | None = None) -> None:
        """`store_key`: the key of an encrypted store; its files are then sealed."""
        self.root = root
        self.key = file_key(store_key) if store_key is not None else None

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, *, replace: bool = False) -> str:
        """Store `data`; `replace`: write it again even if present (sealing a plain file)."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists() and not replace:
            return digest
        if self.key is not None:
            data = seal(self.key, data, digest)
        tmp: str | None = None
        try:
            # Readable only by the user: photos of a household's papers are personal data.
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            target.parent.mkdir(mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise UserError(
                f"无法保存附件：{os_reason_zh(exc)}。",
                f"Could not store the attachment (disk full or not writable): {exc.strerror}",
                code="disk",
            ) from None
        return digest

    def read(self, sha256: str) -> bytes:
        data = self.path(sha256).read_bytes()
        if is_sealed(data):
            data = unseal(self.key, data, sha256) or b""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise UserError(
                f"附件文件已损坏：{sha256[:12]}",
                f"Attachment file is damaged: {sha256[:12]}",
                code="damaged",
            )
        return data

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def hashes(self) -> list[str]:
        """Every file stored here (by name; a stored value never becomes a path)."""
        if not self.root.is_dir():
            return []
        found = []
        for sub in self.root.iterdir():
            if sub.is_dir() and len(sub.name) == 2:
                found += [f.name for f in sub.iterdir() if len(f.name) == 64]
        return sorted(found)

    def is_sealed(self, sha256: str) -> bool:
        with self.path(sha256).open("rb") as fh:
            return is_sealed(fh.read(len(SEALED)))
