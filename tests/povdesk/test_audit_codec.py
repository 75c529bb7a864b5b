"""The audit log's compact stored form gives back exactly the text that is hashed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticUndefined

from povdesk import audit_codec as codec
from povdesk import audit_rows
from povdesk.bulk import canonical
from povdesk.demo.generator import init_and_generate
from povdesk.models import ENTITIES, new_id, table
from povdesk.store import Store
from povdesk.store.tx import _with_defaults


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("codec") / "demo.sqlite", create=True)
    init_and_generate(store, households=6, seed=3, today=dt.date(2026, 6, 1))
    return store


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_every_entitys_rows_round_trip(demo: Store, entity: str) -> None:
    t = table(entity)
    with demo.read() as conn:
        rows = [dict(r) for r in conn.execute(t.select()).mappings()]
    if not rows:  # a kind the demo does not make: one row of its defaults
        made = _with_defaults(entity, {"id": new_id()})
        rows = [{k: "样例" if v is PydanticUndefined else v for k, v in made.items()}]
    for row in rows:
        payload = {k: v for k, v in row.items() if k not in ("rev", "origin", "updated_at")}
        text = canonical(payload)
        packed = codec.pack(text)
        assert codec.unpack(packed) == text
        assert len(packed) < len(text.encode())  # and it is smaller
        for key in payload:  # every field name of every entity has its code
            assert key in codec.KEYS, key


# Field names (known and not), ids, code-like and free text, numbers, nested values.
_names = st.sampled_from(codec.KEYS) | st.text(min_size=0, max_size=12)
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.uuids().map(lambda u: u.hex)
    | st.sampled_from(['"id":', ',"note":', "true", "\x01\x02\x03", "null", "{}"])
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_names, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_names, _values, max_size=25))
def test_any_json_object_round_trips(row: dict[str, Any]) -> None:
    text = canonical(row)
    assert codec.unpack(codec.pack(text)) == text
    assert json.loads(codec.unpack(codec.pack(text))) == row


@given(st.text())
def test_any_text_round_trips(text: str) -> None:
    # Not JSON at all (a value put in by hand in an old store): kept exactly too.
    assert codec.unpack(codec.pack(text)) == text


@given(st.text(alphabet="0123456789abcdef", min_size=32, max_size=32) | st.text(max_size=40))
def test_store_ids_round_trip(text: str) -> None:
    assert codec.id_text(codec.id_bytes(text)) == text


@given(
    st.datetimes(
        min_value=dt.datetime(1971, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=st.none()
    )
)
def test_times_round_trip(at: dt.datetime) -> None:
    assert codec.time_value(codec.time_int(at)) == at
    assert codec.time_value(codec.time_int(at.replace(tzinfo=dt.UTC))) == at


def test_a_tampered_compact_entry_is_caught(store: Store, tmp_path: Path) -> None:
    for i in range(3):
        hh = store.households.create({"number": f"000{i}"})
        store.households.update(hh.id, {"group": f"{i}组"})
    assert store.audit.verify() == []
    path = store.target
    store.close()
    con = sqlite3.connect(path)
    (seq,) = con.execute("SELECT max(seq) FROM audit_log WHERE action = 'update'").fetchone()
    con.execute("DROP TRIGGER audit_log_no_update")
    (after,) = con.execute("SELECT after FROM audit_log WHERE seq = ?", (seq,)).fetchone()
    assert isinstance(after, bytes) and "组" in codec.unpack(after)
    forged = codec.pack(codec.unpack(after).replace("组", "队"))
    con.execute("UPDATE audit_log SET after = ? WHERE seq = ?", (forged, seq))
    con.commit()
    con.close()
    with Store(path) as again:
        problems = again.audit.verify()
    assert [(p.seq, p.kind) for p in problems] == [(seq, "edited")]


def test_a_value_that_would_not_come_back_as_it_is_is_stored_in_full() -> None:
    # The row would hand back 127.0, a UTC time, 1 for True: the hash's text would differ.
    assert audit_rows.marker("household", {"id": "a", "housing_area": 127.0}) is not None
    assert audit_rows.marker("household", {"id": "a", "housing_area": 127}) is None
    assert audit_rows.marker("household", {"id": "a", "electricity": 1}) is None
    utc = dt.datetime(2026, 3, 5, 9, 30, tzinfo=dt.UTC)
    assert audit_rows.marker("visit", {"id": "a", "at": utc}) is not None
    beijing = utc.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert audit_rows.marker("visit", {"id": "a", "at": beijing}) is None
    assert audit_rows.marker("visit", {"id": "a", "no_such_field": 1}) is None
    # Asked again, in the other order: the answers for a shape seen before are the same
    # (a time's answer depends on its zone, not only on its type).
    assert audit_rows.marker("visit", {"id": "a", "at": beijing}) is None
    assert audit_rows.marker("visit", {"id": "a", "at": utc}) is not None
    assert audit_rows.marker("household", {"id": "a", "housing_area": 127}) is None
    assert audit_rows.marker("household", {"id": "b", "housing_area": 12.5}) is not None
    assert audit_rows.marker("household", {"id": "b", "housing_area": None}) is not None
