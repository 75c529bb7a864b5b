"""Stores that trust each other, bundles between them, and ways to forge bad ones."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyrage
import pytest
from sqlalchemy import select

from exports.bundle import container, keys, writer
from exports.bundle.importer import import_bundles
from povdesk.codes import StoreRole
from povdesk.demo.generator import init_and_generate
from povdesk.models import SyncBundle, SyncConflict, SyncKey, SyncPeer
from povdesk.store import Store
from povdesk.sync.incoming import Report
from povdesk.sync.values import canonical
from tests.conftest import snapshot

COUNTY = "422823"
VILLAGE_A = "422823107205"
VILLAGE_B = "422823107206"


def full_snapshot(store: Store) -> dict[str, Any]:
    """Every row of every table, the sync bookkeeping included."""
    out = snapshot(store)
    with store.read() as conn:
        for cls in (SyncKey, SyncPeer, SyncBundle, SyncConflict):
            t = cls.__table__  # type: ignore[attr-defined]
            out[t.name] = sorted(tuple(r) for r in conn.execute(select(t)).all())
    return out


def make_village(folder: Path, code: str, households: int = 6, seed: int = 1) -> Store:
    store = Store(folder / f"village-{code}.sqlite", create=True)
    store.actor = "驻村队员"
    init_and_generate(store, households=households, seed=seed, code=code)
    return store


def make_county(folder: Path, name: str = "county") -> Store:
    store = Store(folder / f"{name}.sqlite", create=True)
    store.actor = "县扶贫办"
    store.villages.init_store(StoreRole.COUNTY, COUNTY, "巴东县")
    return store


def link(a: Store, b: Store, folder: Path) -> None:
    """Each trusts the other's public key file (set-up, once)."""
    for me, other in ((a, b), (b, a)):
        path = folder / f"{me.store_id}.pvkey"
        keys.write_public(me, path)
        keys.trust(other, path)


_counter = iter(range(1, 1_000_000))


def send(src: Store, folder: Path, to: str | None = None) -> Path:
    out = folder / f"bundle-{next(_counter)}.pvb"
    return writer.export(src, out, to=to).path


def receive(dst: Store, *paths: Path, dry_run: bool = False) -> list[Report]:
    return import_bundles(dst, list(paths), dry_run=dry_run)


@dataclass
class Link:
    village: Store
    county: Store
    folder: Path

    def to_county(self) -> tuple[Path, Report]:
        path = send(self.village, self.folder)
        return path, receive(self.county, path)[0]

    def to_village(self) -> tuple[Path, Report]:
        path = send(self.county, self.folder, to=self.village.meta()["area_code"])
        return path, receive(self.village, path)[0]


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Link]:
    village = make_village(tmp_path, VILLAGE_A)
    county = make_county(tmp_path)
    link(village, county, tmp_path)
    yield Link(village, county, tmp_path)
    village.close()
    county.close()


# -- forging ---------------------------------------------------------------------------
@dataclass
class Opened:
    """A bundle taken apart with the recipient's key, to be changed and put back."""

    members: list[tuple[str, bytes]]

    def get(self, name: str) -> bytes:
        return dict(self.members)[name]

    def put(self, name: str, data: bytes) -> None:
        self.members = [(n, data if n == name else d) for n, d in self.members]

    @property
    def manifest(self) -> dict[str, Any]:
        return json.loads(self.get(container.MANIFEST))  # type: ignore[no-any-return]

    @property
    def body(self) -> dict[str, Any]:
        return json.loads(container.inflate(self.get(container.RECORDS)))  # type: ignore[no-any-return]


def take_apart(path: Path, recipient: Store) -> Opened:
    me = keys.identity(recipient)
    plain = pyrage.decrypt(path.read_bytes(), [me.age])
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar]  # type: ignore[union-attr]
    return Opened(members)


def put_together(
    opened: Opened,
    signer: Store,
    recipient: Store,
    out: Path,
    *,
    body: dict[str, Any] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    fix_parts: bool = True,
    raw_tar: Callable[[list[tuple[str, bytes]]], bytes] | None = None,
    claim_key: str | None = None,
) -> Path:
    """Re-sign with `signer`'s key (a trusted sender, or an impostor) and re-encrypt."""
    if body is not None:
        opened.put(container.RECORDS, container.compress(canonical(body).encode()))
    m = opened.manifest
    if fix_parts:
        m["parts"] = {
            n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
            for n, d in opened.members
            if n not in (container.MANIFEST, container.SIGNATURE)
        }
        if body is not None:
            m["counts"] = counts_of(body, opened)
    if manifest is not None:
        manifest(m)
    me = keys.identity(signer)
    m["sender"]["key_id"] = claim_key or me.key_id
    mbytes = canonical(m).encode()
    opened.put(container.MANIFEST, mbytes)
    opened.put(container.SIGNATURE, me.signing.sign(mbytes, "forged").encode())
    plain = raw_tar(opened.members) if raw_tar else container.pack(opened.members)
    rec = pyrage.x25519.Recipient.from_str(keys.identity(recipient).age_recipient)
    out.write_bytes(pyrage.encrypt(plain, [rec]))
    return out


def counts_of(body: dict[str, Any], opened: Opened) -> dict[str, Any]:
    counts: dict[str, Any] = {}
    for r in body["records"]:
        counts.setdefault(r["e"], {"rows": 0, "deleted": 0})["rows"] += 1
    for d in body["deleted"]:
        counts.setdefault(d["e"], {"rows": 0, "deleted": 0})["deleted"] += 1
    files = [n for n, _ in opened.members if n.startswith("files/")]
    return {**counts, "files": len(files), "resolutions": len(body["resolutions"])}
