"""The import's fast paths keep every promise of the audit log: one hash-chained entry per
imported record with its fields, in the same canonical form a local change writes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from povdesk import audit, audit_rows
from povdesk.errors import ValidationError
from povdesk.models import AuditEntry
from povdesk.store import Store
from povdesk.store.tx import table
from povdesk.sync.types import convert
from povdesk.sync.values import row_json
from tests.povdesk.sync.conftest import Link

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]
STAMP = ("rev", "origin", "updated_at")


NAMES = [c.name for c in AUDIT.columns]


def entries(store: Store, action: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The entries' content as hashed: a create that refers to its row, rebuilt."""
    with store.read() as conn:
        rows = [dict(zip(NAMES, r, strict=True)) for r in audit_rows.entries(conn)]
    return {(r["entity"], r["row_id"]): r for r in rows if r["action"] == action}


def stored(store: Store, entity: str) -> list[dict[str, Any]]:
    with store.read() as conn:
        return [dict(r) for r in conn.execute(select(table(entity))).mappings()]


def test_every_imported_record_has_its_own_create_entry(pair: Link) -> None:
    v, c = pair.village, pair.county
    _, report = pair.to_county()
    created = entries(c, "create")
    at_village = entries(v, "create")
    n = 0
    for entity, counts in report.kinds.items():
        rows = stored(c, entity)
        assert counts["created"] > 0
        for row in rows:
            if row["origin"] != v.store_id:
                continue  # the county's own configuration rows
            n += 1
            e = created[(entity, row["id"])]
            assert e["before"] == "{}"
            # Every field, as stored now, in the entry: per-field "after".
            after = json.loads(e["after"])
            assert after == {k: x for k, x in row_json(row).items() if k not in STAMP}
            assert (e["origin"], e["rev"]) == (v.store_id, row["rev"])
            # Byte for byte the text the village's own Tx wrote for the same record.
            assert e["after"] == at_village[(entity, row["id"])]["after"], (entity, row["id"])
    assert n == sum(k["created"] for k in report.kinds.values())
    assert c.audit.verify() == []
    # The Lamport clock moved past every rev received.
    assert c.clock() >= max(r["rev"] for r in stored(c, "household"))


def test_chain_links_each_entry_to_the_one_before(pair: Link) -> None:
    c = pair.county
    pair.to_county()
    with c.read() as conn:
        rows = [dict(zip(NAMES, r, strict=True)) for r in audit_rows.entries(conn)]
    prev = audit.GENESIS
    for r in rows:
        # The previous hash is not stored: it is the previous entry's (audit_codec).
        fields = {k: r[k] for k in r if k != "hash"}
        assert audit.entry_hash(**fields, prev_hash=prev) == r["hash"]
        prev = r["hash"]
    meta = c.meta()
    assert (int(meta["audit_seq"]), meta["audit_hash"]) == (rows[-1]["seq"], prev)


def test_an_edit_arrives_as_an_update_with_before_and_after(pair: Link) -> None:
    v, c = pair.village, pair.county
    pair.to_county()
    hh = sorted(v.households.ids())[0]
    old = v.households.get(hh).address
    v.households.update(hh, {"address": "新地址 1 号"})
    _, report = pair.to_county()
    assert report.kinds["household"]["updated"] == 1
    last = c.audit.history("household", hh)[-1]
    assert last["action"] == "update" and last["origin"] == v.store_id
    assert json.loads(last["before"]) == {"address": old}
    assert json.loads(last["after"]) == {"address": "新地址 1 号"}
    assert c.audit.verify() == []


def test_many_entries_in_one_transaction_are_all_kept(store: Store) -> None:
    """More entries than the Tx keeps waiting (5,000): flushed part-way and at the end, in
    order, the chain unbroken."""
    with store.tx() as tx:
        tx.insert_many("cadre", [{"name": f"干部{i}"} for i in range(5_100)], trusted=True)
    with store.read() as conn:
        seqs = [r[0] for r in conn.execute(select(AUDIT.c.seq).order_by(AUDIT.c.seq))]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) >= 5_100
    assert store.audit.verify() == []


def test_conversion_names_every_bad_field_in_column_order(pair: Link) -> None:
    with pair.village.read() as conn:
        row = row_json(dict(conn.execute(select(table("household"))).mappings().first() or {}))
    bad = {**row, "status": 5, "number": None, "land_cultivated": "wide", "road_km": None}
    with pytest.raises(ValidationError) as err:
        convert("household", bad)
    names = [p[0] for p in err.value.problems]
    columns = [c.name for c in table("household").columns]
    assert names == sorted(["status", "number", "land_cultivated"], key=columns.index)
    assert ("number", "不能为空", "must not be empty") in err.value.problems
