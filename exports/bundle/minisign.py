"""minisign's key and signature *encoding* over `cryptography`'s Ed25519.

No cryptographic construction of our own: Ed25519 signs BLAKE2b-512 of the message
(minisign's prehashed "ED" mode), and a second Ed25519 signature covers that signature
plus the trusted comment, exactly as the `minisign` tool writes and verifies them
(https://jedisct1.github.io/minisign/, "Signature format")."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PREHASHED = b"ED"
PUBLIC_ALG = b"Ed"


@dataclass(frozen=True)
class SigningKey:
    key_id: bytes  # 8 bytes
    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(os.urandom(8), Ed25519PrivateKey.generate())

    @property
    def public(self) -> str:
        """The minisign public key line, e.g. `RWQ...`."""
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(PUBLIC_ALG + self.key_id + raw).decode("ascii")

    def secret_text(self) -> str:
        """Our own storage form (key id and seed, hex); it lives only in the store."""
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        seed = self.private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return (self.key_id + seed).hex()

    @classmethod
    def from_secret(cls, text: str) -> SigningKey:
        raw = bytes.fromhex(text)
        return cls(raw[:8], Ed25519PrivateKey.from_private_bytes(raw[8:]))

    def sign(self, message: bytes, trusted_comment: str) -> str:
        """The text of a `.minisig` file for `message`."""
        sig = self.private.sign(hashlib.blake2b(message, digest_size=64).digest())
        comment = trusted_comment.encode("utf-8")
        global_sig = self.private.sign(sig + comment)
        return (
            f"untrusted comment: signature from povdesk key {key_id_text(self.key_id)}\n"
            f"{base64.b64encode(PREHASHED + self.key_id + sig).decode('ascii')}\n"
            f"trusted comment: {trusted_comment}\n"
            f"{base64.b64encode(global_sig).decode('ascii')}\n"
        )


def key_id_text(key_id: bytes) -> str:
    """minisign prints the key id as a little-endian 64-bit number in hex."""
    return key_id[::-1].hex().upper()


def parse_public(text: str) -> tuple[bytes, Ed25519PublicKey]:
    """(key id, public key) from a `RWQ...` line; ValueError when it is not one."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not a minisign public key") from None
    if len(raw) != 42 or raw[:2] != PUBLIC_ALG:
        raise ValueError("not a minisign Ed25519 public key")
    return raw[2:10], Ed25519PublicKey.from_public_bytes(raw[10:])


@dataclass(frozen=True)
class Signature:
    key_id: bytes
    trusted_comment: str


def signer_of(sig_text: str) -> bytes:
    """The key id a signature claims, to find the public key; ValueError if malformed."""
    return _parse(sig_text)[0]


def _parse(sig_text: str) -> tuple[bytes, bytes, str, bytes]:
    lines = sig_text.split("\n")
    if len(lines) < 4 or not lines[0].startswith("untrusted comment:"):
        raise ValueError("not a minisign signature")
    if not lines[2].startswith("trusted comment: "):
        raise ValueError("not a minisign signature")
    try:
        sig = base64.b64decode(lines[1], validate=True)
        global_sig = base64.b64decode(lines[3], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not a minisign signature") from None
    if len(sig) != 74 or sig[:2] != PREHASHED or len(global_sig) != 64:
        raise ValueError("not a prehashed minisign signature")
    return sig[2:10], sig[10:], lines[2][len("trusted comment: ") :], global_sig


def verify(message: bytes, sig_text: str, public: str) -> Signature:
    """Check both signatures; ValueError when anything does not verify."""
    key_id, sig, comment, global_sig = _parse(sig_text)
    pk_id, pk = parse_public(public)
    if key_id != pk_id:
        raise ValueError("signed by another key")
    try:
        pk.verify(sig, hashlib.blake2b(message, digest_size=64).digest())
        pk.verify(global_sig, sig + comment.encode("utf-8"))
    except InvalidSignature:
        raise ValueError("the signature does not verify") from None
    return Signature(key_id, comment)


def public_file(public: str) -> str:
    """A `minisign.pub` file's text, for `minisign -V -p FILE`."""
    key_id, _ = parse_public(public)
    return f"untrusted comment: minisign public key {key_id_text(key_id)}\n{public}\n"
