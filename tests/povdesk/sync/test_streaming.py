"""Issue 17: bundles are written and read as streams. The records part is the same
canonical JSON as before, whatever the reading: a bundle that is not the writer's
canonical text (spaces, keys in another order, records out of entity order) still
imports the same; a bundle cut or padded inside the records part is refused whole."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path
from typing import Any

import pytest

from exports.bundle import container, stream
from povdesk.errors import UserError
from povdesk.models import ENTITIES
from povdesk.store import Store
from povdesk.sync.values import canonical
from tests.povdesk.sync.conftest import (
    Link,
    full_snapshot,
    put_together,
    receive,
    send,
    take_apart,
)


def elements(text: bytes, *, step: int = 7, structures: int = 10_000) -> list[tuple[str, Any]]:
    """`stream.Elements` over `text` gzipped and read back in pieces of `step` bytes."""
    data = gzip.compress(text)
    pieces = iter(data[i : i + step] for i in range(0, len(data), step))
    chunks = stream.inflated(lambda _n: next(pieces, b""), 1 << 20)
    return list(stream.Elements(chunks, structures))


def test_elements_match_json_loads_whatever_the_pieces() -> None:
    body = {
        "deleted": [{"e": "measure", "id": "a" * 32, "seq": 12345}],
        "records": [{"n": 1.5e3, "t": "户主，“引号” \\ ]}", "l": [1, [2, {}]]}, {}, 7, None],
        "resolutions": [],
    }
    for text in (canonical(body), json.dumps(body, indent=2), json.dumps(body)):
        for step in (1, 3, 1000):
            got = elements(text.encode(), step=step)
            want = [(k, v) for k, items in body.items() for v in items]
            assert got == want


@pytest.mark.parametrize(
    "text",
    [b"", b"[]", b'{"records":[1,]}', b'{"records":[1]', b'{"records":[1]} x', b'{"a":1}'],
)
def test_elements_refuse_what_is_not_an_object_of_arrays(text: bytes) -> None:
    with pytest.raises((UserError, stream.WrongShape)):
        elements(text)


def test_elements_stop_at_the_structure_limit() -> None:
    with pytest.raises(UserError) as err:
        elements(b'{"records":[' + b"{}," * 100 + b"{}]}", structures=50)
    assert "far more" in err.value.en


def test_inflated_stops_at_the_byte_cap() -> None:
    data = gzip.compress(b" " * 100_000)
    pieces = iter([data])
    with pytest.raises(UserError) as err:
        list(stream.inflated(lambda _n: next(pieces, b""), 10_000))
    assert "beyond the limit" in err.value.en


def test_trailing_bytes_after_the_gzip_end_are_refused() -> None:
    data = zlib.compress(b"{}", wbits=31) + b"junk"
    pieces = iter([data])
    with pytest.raises(UserError):
        list(stream.inflated(lambda _n: next(pieces, b""), 1 << 20))


def ids(store: Store, table: str) -> list[str]:
    with store.read() as conn:
        return sorted(r[0] for r in conn.exec_driver_sql(f"SELECT id FROM {table}"))


def test_records_in_any_order_and_any_spacing_import_the_same(pair: Link, tmp_path: Path) -> None:
    """The writer's records with the entities in reverse order (children before their
    households; each entity's own rows in their order, as a reversing fund entry needs)
    and spaced out as plain json.dumps does: the county gets every row, references first."""
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    body = opened.body
    rank = {e: i for i, e in enumerate(ENTITIES)}
    body["records"].sort(key=lambda r: -rank[r["e"]])  # stable: same order within one
    opened.put(container.RECORDS, gzip.compress(json.dumps(body, indent=1).encode()))
    odd = put_together(opened, pair.village, pair.county, tmp_path / "odd.pvb")
    report = receive(pair.county, odd)[0]
    assert sum(k["created"] for k in report.kinds.values()) == len(body["records"])
    for table in ("household", "member", "income", "visit"):
        assert ids(pair.county, table) == ids(pair.village, table) != []


def test_a_bad_record_late_in_the_part_leaves_nothing_behind(pair: Link, tmp_path: Path) -> None:
    """The records are checked as they stream by: one bad record at the very end refuses
    the whole bundle, with nothing of the earlier ones stored."""
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    body = opened.body
    body["records"][-1]["row"]["rev"] = -1
    bad = put_together(opened, pair.village, pair.county, tmp_path / "bad.pvb", body=body)
    before = full_snapshot(pair.county)
    with pytest.raises(UserError) as err:
        receive(pair.county, bad)
    assert err.value.code == "bad_bundle"
    assert full_snapshot(pair.county) == before


def test_a_part_that_is_not_an_object_of_arrays_closes_what_it_opened(
    pair: Link, tmp_path: Path
) -> None:
    """Records followed by a key whose value is not an array: refused, and the temporary
    file the checked records went to is closed at once (an open one is a ResourceWarning,
    an error in these tests, when the refusal is let go)."""
    opened = take_apart(send(pair.village, pair.folder), pair.county)
    records = canonical(opened.body["records"])
    text = f'{{"records":{records},"deleted":1,"resolutions":[]}}'.encode()
    opened.put(container.RECORDS, gzip.compress(text, mtime=0))
    bad = put_together(opened, pair.village, pair.county, tmp_path / "bad.pvb")
    before = full_snapshot(pair.county)
    with pytest.raises(UserError) as err:
        receive(pair.county, bad)
    assert err.value.code == "bad_bundle"
    del err  # the refusal's frames, and whatever they alone held, go now
    assert full_snapshot(pair.county) == before
