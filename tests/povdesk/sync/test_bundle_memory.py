"""Issue 11 item 5: a trusted sender's bundle full of empty records (180 MB inflated once
took over 4 GB and crashed) is refused in little memory, the store unchanged."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from exports.bundle import container
from tests.peak import LIMIT_MB, run_measured
from tests.povdesk.sync.conftest import Link, full_snapshot, put_together, send, take_apart


def gzip_of_empty_records(megabytes: int) -> bytes:
    """gzip of {"deleted":[],"records":[{},{},...],"resolutions":[]}, built in pieces."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    out = [z.compress(b'{"deleted":[],"records":[')]
    piece = b"{}," * (1 << 20)
    for _ in range(megabytes // 3):
        out.append(z.compress(piece))
    out.append(z.compress(b'{}],"resolutions":[]}'))
    out.append(z.flush())
    return b"".join(out)


@pytest.mark.parametrize("megabytes", [180, 60])  # past the byte cap; within it
def test_empty_records_are_refused_in_little_memory(
    pair: Link, tmp_path: Path, megabytes: int
) -> None:
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    opened.put(container.RECORDS, gzip_of_empty_records(megabytes))
    path = put_together(opened, pair.village, pair.county, tmp_path / "empty.pvb")
    before = full_snapshot(pair.county)
    pair.county.engine.dispose()
    code = (
        "from pathlib import Path\n"
        "from exports.bundle.importer import import_bundles\n"
        "from povdesk.errors import UserError\n"
        "from povdesk.store import Store\n"
        f"with Store({str(pair.county.target)!r}) as s:\n"
        "    try:\n"
        f"        import_bundles(s, [Path({str(path)!r})])\n"
        "    except UserError as e:\n"
        "        print(e.code, e.en)\n"
    )
    rc, out, mb = run_measured(code)
    assert rc == 0 and "bad_bundle" in out, out
    assert mb < LIMIT_MB, mb
    assert full_snapshot(pair.county) == before


def test_a_large_bundle_from_a_stranger_is_refused_in_little_memory(
    pair: Link, tmp_path: Path
) -> None:
    """200 MB of attachment from a sender this store does not trust: decrypted as a
    stream to a temporary file, its manifest read first, the rest never read."""
    import hashlib

    from tests.povdesk.sync.conftest import VILLAGE_B, link, make_county, make_village

    stranger = make_village(tmp_path / "s", VILLAGE_B, households=1)
    link(stranger, make_county(tmp_path / "s"), tmp_path / "s")
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    big = bytes(200 << 20)
    opened.members.append((f"files/{hashlib.sha256(big).hexdigest()}", big))
    path = put_together(opened, stranger, pair.county, tmp_path / "big.pvb")
    del big, opened
    assert path.stat().st_size > 200 << 20
    before = full_snapshot(pair.county)
    pair.county.engine.dispose()
    code = (
        "from pathlib import Path\n"
        "from exports.bundle.importer import import_bundles\n"
        "from povdesk.errors import UserError\n"
        "from povdesk.store import Store\n"
        f"with Store({str(pair.county.target)!r}) as s:\n"
        "    try:\n"
        f"        import_bundles(s, [Path({str(path)!r})])\n"
        "    except UserError as e:\n"
        "        print(e.code)\n"
    )
    rc, out, mb = run_measured(code)
    assert rc == 0 and "untrusted" in out, out
    assert mb < LIMIT_MB, mb
    assert full_snapshot(pair.county) == before
