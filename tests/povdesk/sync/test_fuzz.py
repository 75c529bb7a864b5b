"""Random damage to valid bundles: the reader never raises anything but a UserError, and a
refused bundle never changes the database.

Three depths: the encrypted file itself; the plaintext re-encrypted to the recipient but
not re-signed (reaches the tar reader, the manifest and the signature check); and the
records re-signed by the trusted sender (reaches the content checks and the merge, where
an accepted bundle may legitimately change data)."""

from __future__ import annotations

import gzip
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.bundle import container, keys
from povdesk.errors import UserError
from tests.povdesk.sync.conftest import (
    VILLAGE_A,
    Link,
    full_snapshot,
    link,
    make_county,
    make_village,
    put_together,
    receive,
    send,
    take_apart,
)


class Ready:
    """A valid bundle in its three forms (a plain class: hypothesis prints dataclasses
    field by field, megabytes of them, when an example fails)."""

    def __init__(self, link: Link, cipher: bytes, plain: bytes, body: bytes) -> None:
        self.link = link
        self.cipher = cipher  # the file
        self.plain = plain  # its tar
        self.body = body  # its records, inflated

    def __repr__(self) -> str:
        return f"Ready({len(self.cipher)} bytes)"


FUZZ = settings(
    max_examples=int(os.environ.get("POVDESK_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def ready(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ready]:
    folder = tmp_path_factory.mktemp("fuzz")
    village = make_village(folder, VILLAGE_A, households=3)
    county = make_county(folder)
    link(village, county, folder)
    village.attachments.add(sorted(village.households.ids())[0], b"a photo", filename="p.jpg")
    path = send(village, folder)
    opened = take_apart(path, county)
    plain = container.pack(opened.members)
    body = gzip.decompress(opened.get(container.RECORDS))
    yield Ready(Link(village, county, folder), path.read_bytes(), plain, body)
    village.close()
    county.close()


Edit = tuple[int, int, bytes]  # position, bytes removed there, bytes put in


def edits() -> st.SearchStrategy[list[Edit]]:
    return st.lists(
        st.tuples(st.integers(0, 1 << 30), st.integers(0, 64), st.binary(max_size=8)),
        min_size=1,
        max_size=4,
    )


def mutate(data: bytes, changes: list[Edit]) -> bytes:
    out = bytearray(data)
    for pos, cut, put in changes:
        i = pos % (len(out) + 1)
        out[i : i + cut] = put
    return bytes(out)


def attempt(link: Link, path: Path, *, may_change: bool) -> None:
    before = full_snapshot(link.county)
    try:
        receive(link.county, path)
    except UserError as err:
        assert err.zh and err.en
        assert full_snapshot(link.county) == before
        return
    assert may_change, "a damaged bundle was accepted"


@FUZZ
@given(changes=edits())
def test_damaged_file(ready: Ready, changes: list[Edit]) -> None:
    link = ready.link
    damaged = mutate(ready.cipher, changes)
    if damaged == ready.cipher:
        return
    path = link.folder / "fuzz.pvb"
    path.write_bytes(damaged)
    attempt(link, path, may_change=False)


@FUZZ
@given(changes=edits())
def test_damaged_plaintext(ready: Ready, changes: list[Edit]) -> None:
    link = ready.link
    damaged = mutate(ready.plain, changes)
    if damaged == ready.plain:
        return
    rec = pyrage.x25519.Recipient.from_str(keys.identity(link.county).age_recipient)
    path = link.folder / "fuzz.pvb"
    path.write_bytes(pyrage.encrypt(damaged, [rec]))
    # Only a change the tar format ignores (its zero padding) may be accepted: the same
    # signed members as the original.
    same = _members(damaged) == _members(ready.plain)
    attempt(link, path, may_change=same)


def _members(plain: bytes) -> dict[str, bytes] | None:
    try:
        return container.unpack(plain)
    except UserError:
        return None


@FUZZ
@given(changes=edits())
def test_damaged_records_signed_by_the_sender(ready: Ready, changes: list[Edit]) -> None:
    link = ready.link
    path = link.folder / "fuzz.pvb"
    path.write_bytes(ready.cipher)
    opened = take_apart(path, link.county)
    opened.put(container.RECORDS, gzip.compress(mutate(ready.body, changes), mtime=0))
    seq = next(SEQS)  # a new number each time, so it is not refused as a forked series

    def renumber(m: dict[str, Any]) -> None:
        m["seq"] = seq

    put_together(opened, link.village, link.county, path, manifest=renumber)
    attempt(link, path, may_change=True)


SEQS = itertools.count(2)
