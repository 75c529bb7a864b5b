"""Bad input: a clear zh/en message, a refusal, and the database exactly as before."""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exports import files
from exports.bundle import container
from exports.bundle.reader import load
from povdesk.errors import UserError
from povdesk.store import Store
from tests.povdesk.sync.conftest import (
    VILLAGE_B,
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


def refused(store: Store, path: Path, code: str | None = None) -> UserError:
    """Import refuses `path` with a bilingual UserError and changes nothing."""
    before = full_snapshot(store)
    with pytest.raises(UserError) as err:
        receive(store, path)
    assert err.value.zh and err.value.en and err.value.zh != err.value.en
    if code is not None:
        assert err.value.code == code, err.value.en
    assert full_snapshot(store) == before
    return err.value


def test_not_a_bundle(pair: Link) -> None:
    for i, junk in enumerate([b"", b"hello", b"\xff\xd8\xff\xe0 a jpeg" * 50]):
        path = pair.folder / f"junk{i}.pvb"
        path.write_bytes(junk)
        refused(pair.county, path, "not_a_bundle")
    refused(pair.county, pair.folder / "missing.pvb")


@pytest.mark.parametrize("keep", [0.0, 0.01, 0.3, 0.5, 0.9, 0.999])
def test_truncated(pair: Link, keep: float) -> None:
    path = send(pair.village, pair.folder)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    refused(pair.county, path)


@pytest.mark.parametrize("where", [30, 100, 200, 0.25, 0.5, 0.75, -1])
def test_one_byte_changed(pair: Link, where: float) -> None:
    path = send(pair.village, pair.folder)
    data = bytearray(path.read_bytes())
    i = int(where * len(data)) if isinstance(where, float) else where % len(data)
    data[i] ^= 0x01
    path.write_bytes(bytes(data))
    refused(pair.county, path)


def test_unknown_sender(pair: Link, tmp_path: Path) -> None:
    stranger = make_village(tmp_path / "s", VILLAGE_B, households=2)
    stranger_county = make_county(tmp_path / "s")
    link(stranger, stranger_county, tmp_path / "s")
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    path = put_together(opened, stranger, pair.county, pair.folder / "x.pvb")
    assert "not trusted" in refused(pair.county, path, "untrusted").en
    stranger.close()
    stranger_county.close()


def test_impostor_claiming_a_trusted_key(pair: Link, tmp_path: Path) -> None:
    impostor = make_county(tmp_path, "impostor")
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    trusted = opened.manifest["sender"]["key_id"]
    path = put_together(opened, impostor, pair.county, pair.folder / "x.pvb", claim_key=trusted)
    refused(pair.county, path, "bad_signature")
    impostor.close()


def test_encrypted_to_someone_else(pair: Link, tmp_path: Path) -> None:
    other = make_county(tmp_path, "other-county")
    link(pair.village, other, tmp_path)
    path = send(pair.village, pair.folder, to=other.store_id)
    refused(pair.county, path, "not_for_us")
    other.close()


def _forge(pair: Link, **kw: Any) -> Path:
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    return put_together(opened, pair.village, pair.county, pair.folder / "forged.pvb", **kw)


def test_newer_schema_and_format(pair: Link) -> None:
    def schema(m: dict[str, Any]) -> None:
        m["schema"] = "9999_from_the_future"

    def version(m: dict[str, Any]) -> None:
        m["version"] = 2

    assert "newer" in refused(pair.county, _forge(pair, manifest=schema), "too_new").en
    assert "newer" in refused(pair.county, _forge(pair, manifest=version), "too_new").en


def test_manifest_hashes_that_do_not_match(pair: Link) -> None:
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    body = opened.body
    body["records"][0]["row"]["name"] = "被改过的村名"
    opened.put(container.RECORDS, container.compress(json.dumps(body).encode()))
    path = put_together(opened, pair.village, pair.county, pair.folder / "x.pvb", fix_parts=False)
    assert "hash" in refused(pair.county, path, "bad_bundle").en


def _tar_with(
    extra: tarfile.TarInfo, data: bytes = b""
) -> Callable[[list[tuple[str, bytes]]], bytes]:
    def build(members: list[tuple[str, bytes]]) -> bytes:
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tar:
            for name, body in members:
                info = tarfile.TarInfo(name)
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
            tar.addfile(extra, io.BytesIO(data) if extra.isreg() else None)
        return out.getvalue()

    return build


def _member(name: str, kind: bytes = tarfile.REGTYPE, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    info.size = 4 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize(
    "info",
    [
        _member("../escape.txt"),
        _member("/etc/cron.d/evil"),
        _member("files/../../escape"),
        _member("files/" + "a" * 64, tarfile.SYMTYPE, "/etc/passwd"),
        _member("files/" + "b" * 64, tarfile.LNKTYPE, "manifest.json"),
        _member("files/" + "c" * 64, tarfile.CHRTYPE),
        _member("files"),
    ],
    ids=["dotdot", "absolute", "nested-dotdot", "symlink", "hardlink", "device", "folder-name"],
)
def test_paths_that_escape(pair: Link, info: tarfile.TarInfo) -> None:
    path = _forge(pair, raw_tar=_tar_with(info, b"evil"))
    refused(pair.county, path, "bad_bundle")
    assert not (pair.folder.parent / "escape.txt").exists()


def test_decompression_bomb(pair: Link, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "MAX_RECORDS_BYTES", 1 << 20)
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    opened.put(container.RECORDS, gzip.compress(b" " * (8 << 20)))
    path = put_together(opened, pair.village, pair.county, pair.folder / "bomb.pvb")
    assert "limit" in refused(pair.county, path, "bad_bundle").en


def test_too_many_members(pair: Link, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "MAX_MEMBERS", 2)
    refused(pair.county, send(pair.village, pair.folder), "bad_bundle")


def test_oversized_file(pair: Link, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "MAX_BUNDLE", 1000)
    refused(pair.county, send(pair.village, pair.folder), "bad_bundle")


def test_duplicate_record_ids(pair: Link) -> None:
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    body = opened.body
    body["records"].append(body["records"][-1])
    path = put_together(opened, pair.village, pair.county, pair.folder / "x.pvb", body=body)
    assert "duplicate" in refused(pair.county, path, "bad_bundle").en


def _with_household(pair: Link, change: Callable[[dict[str, Any]], None]) -> Path:
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    body = opened.body
    record = next(r for r in body["records"] if r["e"] == "household")
    change(record)
    return put_together(opened, pair.village, pair.county, pair.folder / "x.pvb", body=body)


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r["row"].__setitem__("status", "99"),  # not in the code list
        lambda r: r["row"].__setitem__("land_cultivated", "a lot"),  # wrong type
        lambda r: r["row"].__setitem__("village_id", "f" * 32),  # a missing village
        lambda r: r["row"].__setitem__("secondary_causes", ["77"]),
        lambda r: r["row"].pop("note"),  # a column missing
        lambda r: r["row"].__setitem__("extra", 1),  # a column too many
        lambda r: r.__setitem__("id", "../../etc"),
        lambda r: r["row"].__setitem__("rev", -3),
        lambda r: r["row"].__setitem__("updated_at", "yesterday"),
        lambda r: r["row"].__setitem__("land_cultivated", 10**400),  # past any float
        lambda r: r["row"].__setitem__("status", ["3"]),  # unhashable where a code goes
    ],
    ids=[
        "code",
        "type",
        "reference",
        "multi-code",
        "missing",
        "extra",
        "id",
        "rev",
        "time",
        "huge",
        "list",
    ],
)
def test_records_that_break_the_rules(pair: Link, change: Callable[[dict[str, Any]], None]) -> None:
    # A valid signature from a trusted sender: only the content checks can refuse it.
    err = refused(pair.county, _with_household(pair, change))
    assert err.code in ("bad_bundle", "invalid", "conflict"), err.en


def test_counts_that_lie(pair: Link) -> None:
    def lie(m: dict[str, Any]) -> None:
        m["counts"]["household"]["rows"] += 1

    refused(pair.county, _forge(pair, manifest=lie), "bad_bundle")


def test_a_bad_file_among_good_ones_imports_none(pair: Link) -> None:
    good = send(pair.village, pair.folder)
    bad = pair.folder / "bad.pvb"
    bad.write_bytes(b"not a bundle")
    before = full_snapshot(pair.county)
    with pytest.raises(UserError):
        receive(pair.county, good, bad)
    assert full_snapshot(pair.county) == before


def test_full_disk_while_exporting(pair: Link, monkeypatch: pytest.MonkeyPatch) -> None:
    real = files._write_chunk
    written = [0]

    def fills_up(fd: int, data: memoryview) -> int:
        if written[0] > 100:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = real(fd, data[:50])
        written[0] += n
        return n

    monkeypatch.setattr(files, "_write_chunk", fills_up)
    out = pair.folder / "usb"
    out.mkdir()
    before = full_snapshot(pair.village)
    with pytest.raises(UserError) as err:
        send(pair.village, out)
    assert err.value.code == "disk_full" and "磁盘已满" in err.value.zh
    assert list(out.iterdir()) == []  # no half-written file, no temp file
    assert full_snapshot(pair.village) == before  # not recorded as sent
    monkeypatch.setattr(files, "_write_chunk", real)
    path = send(pair.village, out)
    _opened, incoming = load(pair.county, path)
    assert incoming.seq == 1


def test_a_damaged_encryption_header_is_named(pair: Link) -> None:
    """Issue 11 item 7: not age's "Unknown age format. Have you tried upgrading..."."""
    path = send(pair.village, pair.folder)
    data = bytearray(path.read_bytes())
    data[23] ^= 0x20  # inside "-> X25519 ...", the header's recipient line
    path.write_bytes(bytes(data))
    err = refused(pair.county, path, "bad_bundle")
    assert "加密文件头已损坏" in err.zh and "encryption header is damaged" in err.en
    assert "upgrading" not in err.en and "Unknown" not in err.en


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.__setitem__("seq", 2**63 - 1),
        lambda m: m["receipt"].__setitem__("cursor", 2**63),
        lambda m: m["range"].__setitem__("to", 2**64),
        lambda m: m["receipt"].__setitem__("seqs", [1, 2**70]),
    ],
    ids=["seq", "cursor", "range", "seqs"],
)
def test_numbers_past_their_limits_are_refused(
    pair: Link, change: Callable[[dict[str, Any]], None]
) -> None:
    """Issue 11: every number a bundle carries is bounded, not only revs."""
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    path = put_together(opened, pair.village, pair.county, pair.folder / "n.pvb", manifest=change)
    refused(pair.county, path, "bad_bundle")
