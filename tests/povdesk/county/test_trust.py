"""Issue 11: a signed bundle speaks only for its sender's village, numbers stay in range,
and the bundle series cannot fork. Each attack is a bundle signed with a trusted store's
own key (as an adversary with that store's laptop would make it), refused with the
county store exactly as before, on every backend."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from exports.bundle import container, writer
from exports.bundle.importer import import_bundles
from povdesk.errors import UserError
from povdesk.models import AuditEntry
from povdesk.store import Store
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import (
    VILLAGE_A,
    VILLAGE_B,
    full_snapshot,
    put_together,
    take_apart,
)

AUDIT = AuditEntry.__table__  # type: ignore[attr-defined]


def refused(store: Store, path: Path, code: str) -> UserError:
    before = full_snapshot(store)
    with pytest.raises(UserError) as err:
        import_bundles(store, [path])
    assert err.value.code == code, err.value.en
    assert err.value.zh and err.value.en
    assert full_snapshot(store) == before
    return err.value


def first_bundles(county: County) -> None:
    for code in (VILLAGE_A, VILLAGE_B):
        import_bundles(county.store, [county.usb / f"{code}-000001.pvb"])


def household_record(county: County, code: str, change: dict[str, Any]) -> dict[str, Any]:
    """A household record of village `code` as its own next bundle would carry it."""
    v = county.villages[code]
    hid = v.households.ids()[0]
    v.households.update(hid, change)
    path = writer.export(v, county.folder / f"peek-{code}.pvb").path
    body = take_apart(path, county.store).body
    return next(r for r in body["records"] if r["e"] == "household" and r["id"] == hid)


def a_bundle_with(county: County, name: str, extra: list[dict[str, Any]]) -> Path:
    """Village A's real next bundle, with `extra` records added, signed with A's key."""
    a = county.villages[VILLAGE_A]
    a.households.update(a.households.ids()[1], {"note": "本周走访"})
    path = writer.export(a, county.folder / f"a-{name}.pvb").path
    opened = take_apart(path, county.store)
    body = opened.body
    body["records"] = body["records"] + extra
    return put_together(opened, a, county.store, county.folder / f"forged-{name}.pvb", body=body)


def test_a_village_cannot_change_another_villages_household(county: County) -> None:
    first_bundles(county)
    theirs = household_record(county, VILLAGE_B, {"bank_account": "6222000011112222"})
    err = refused(county.store, a_bundle_with(county, "b", [theirs]), "not_sender_village")
    assert theirs["row"]["number"] in err.zh and theirs["row"]["number"] in err.en


def test_a_village_cannot_move_another_villages_household_into_its_own(county: County) -> None:
    first_bundles(county)
    theirs = household_record(county, VILLAGE_B, {"note": "搬走"})
    with county.store.read() as conn:
        from povdesk.store.tx import table

        v = table("village")
        a_id = conn.execute(select(v.c.id).where(v.c.code == VILLAGE_A)).scalar_one()
    theirs["row"]["village_id"] = a_id  # "now in A": still B's household here
    refused(county.store, a_bundle_with(county, "move", [theirs]), "not_sender_village")


def test_a_village_cannot_set_the_countys_poverty_line(county: County) -> None:
    first_bundles(county)
    a = county.villages[VILLAGE_A]
    with a.read() as conn:
        from povdesk.store.tx import table

        t = table("poverty_line")
        row = dict(conn.execute(select(t).where(t.c.year == 2025)).mappings().one())
    row = {**row, "amount": 1, "origin": county.store.store_id, "rev": row["rev"]}
    row["updated_at"] = row["updated_at"].isoformat()
    record = {"e": "poverty_line", "id": row["id"], "row": row, "created": None, "fields": {}}
    err = refused(county.store, a_bundle_with(county, "line", [record]), "county_only")
    assert "扶贫标准" in err.zh and "poverty line" in err.en


def test_a_village_cannot_set_the_countys_monitoring_range(county: County) -> None:
    """The monitoring range is a standard like the line (domain.md §8): county-only."""
    first_bundles(county)
    a = county.villages[VILLAGE_A]
    a.config.set_monitoring_range(2025, 1)  # its own provisional figure, as a village may
    with a.read() as conn:
        from povdesk.store.tx import table

        t = table("monitoring_range")
        row = dict(conn.execute(select(t).where(t.c.year == 2025)).mappings().one())
    row = {**row, "origin": county.store.store_id}
    row["updated_at"] = row["updated_at"].isoformat()
    record = {"e": "monitoring_range", "id": row["id"], "row": row, "created": None, "fields": {}}
    err = refused(county.store, a_bundle_with(county, "range", [record]), "county_only")
    assert "监测范围" in err.zh and "monitoring range" in err.en


def test_the_audit_names_the_verified_sender_not_the_claimed_origin(county: County) -> None:
    first_bundles(county)
    a = county.villages[VILLAGE_A]
    hid = a.households.ids()[2]
    a.households.update(hid, {"phone": "13900000000"})
    path = writer.export(a, county.folder / "a-claim.pvb").path
    opened = take_apart(path, county.store)
    body = opened.body
    for r in body["records"]:
        r["row"]["origin"] = county.store.store_id  # "the county made this"
    forged = put_together(opened, a, county.store, county.folder / "claim.pvb", body=body)
    import_bundles(county.store, [forged])
    with county.store.read() as conn:
        origins = {
            o
            for (o,) in conn.execute(
                select(AUDIT.c.origin).where(AUDIT.c.row_id == hid, AUDIT.c.action == "update")
            )
        }
    assert origins == {a.store_id}


def test_the_countys_return_bundle_changes_only_its_village(county: County) -> None:
    first_bundles(county)
    a, b = county.villages[VILLAGE_A], county.villages[VILLAGE_B]
    county.back_to(VILLAGE_A)
    # B's village row and a household of B, as the county holds them.
    b_body = take_apart(county.usb / f"{VILLAGE_B}-000001.pvb", county.store).body
    b_village = next(r for r in b_body["records"] if r["e"] == "village")
    b_home = next(r for r in b_body["records"] if r["e"] == "household")
    assert b_village["row"]["code"] == VILLAGE_B and b.store_id
    county.store.config.set_poverty_line(2032, 600_000)  # something real to return to A
    path = writer.export(county.store, county.folder / "ret.pvb", to=VILLAGE_A).path
    opened = take_apart(path, a)
    body = opened.body
    body["records"] = [b_village, *body["records"], b_home]
    forged = put_together(opened, county.store, a, county.folder / "ret-forged.pvb", body=body)
    err = refused(a, forged, "not_sender_village")
    assert VILLAGE_B in err.en


@pytest.mark.parametrize("rev", [2**63 - 1, 2**62, 1 << 40])
def test_a_huge_rev_is_refused(county: County, rev: int) -> None:
    first_bundles(county)
    a = county.villages[VILLAGE_A]
    a.households.update(a.households.ids()[0], {"note": "rev"})
    path = writer.export(a, county.folder / "rev.pvb").path
    opened = take_apart(path, county.store)
    body = opened.body
    body["records"][0]["row"]["rev"] = rev
    forged = put_together(opened, a, county.store, county.folder / "rev-forged.pvb", body=body)
    refused(county.store, forged, "bad_rev" if rev < 2**62 else "bad_bundle")
    # The county's own next decision still works.
    county.store.config.set_poverty_line(2031, 500_000)


def test_a_forked_series_is_refused_by_its_prev_hash(county: County) -> None:
    """A bundle the village never recorded (a kill at the rename, before the fix) is
    imported; the real bundle of that number is refused as a fork, and so is the next
    one, whose `prev` names the real one."""
    a = county.villages[VILLAGE_A]
    real1 = county.usb / f"{VILLAGE_A}-000001.pvb"

    def later(m: dict[str, Any]) -> None:
        m["created"] = "2030-01-01T00:00:00+00:00"

    fork = put_together(
        take_apart(real1, county.store), a, county.store, county.folder / "f.pvb", manifest=later
    )
    import_bundles(county.store, [fork])
    refused(county.store, real1, "forked")
    a.households.update(a.households.ids()[0], {"note": "第二包"})
    real2 = writer.export(a, county.folder / "real2.pvb").path
    refused(county.store, real2, "broken_chain")


def a_bundle_changing(county: County, name: str, entity: str, change: dict[str, Any]) -> Path:
    """Village A's real next bundle with one `entity` record's row changed, signed with
    A's key. The records part is written with JSON escapes, so that a lone surrogate
    travels exactly as a hostile file would carry it."""
    a = county.villages[VILLAGE_A]
    hid = a.households.ids()[3]
    a.households.update(hid, {"note": "本周走访"})
    for m in a.members.of(hid):
        a.members.update(m.id, {"migrant_place": "武汉"})
    path = writer.export(a, county.folder / f"a-{name}.pvb").path
    opened = take_apart(path, county.store)
    body = opened.body
    changed = [r for r in body["records"] if r["e"] == entity and r["fields"]]
    # The latest change: older ones in the bundle were already received and are skipped.
    target = max(changed, key=lambda r: max(pos for _, pos in r["fields"].values()))
    position = max(pos for _, pos in target["fields"].values())
    for k, v in change.items():  # listed as changed by A, so the merge takes it
        target["fields"][k] = [target["row"][k], position]
        target["row"][k] = v
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")
    opened.put(container.RECORDS, container.compress(data))
    return put_together(opened, a, county.store, county.folder / f"forged-{name}.pvb")


@pytest.mark.parametrize(
    ("entity", "change"),
    [
        ("member", {"id_number": "123"}),  # the roster refuses it: so does sync
        ("member", {"name": "王\ud800明"}),  # a lone surrogate
        ("member", {"name": "\x1b[2J\x1b[31m王明"}),  # terminal escape codes
        ("household", {"number": "../../../../tmp/x/pwned"}),
        ("household", {"note": "很" * 20_001}),
        ("household", {"phone": "138\u202e0000"}),  # a direction override
    ],
    ids=["id-number", "surrogate", "escape", "traversal", "too-long", "bidi"],
)
def test_sync_refuses_what_any_other_entrance_refuses(
    county: County, entity: str, change: dict[str, Any]
) -> None:
    first_bundles(county)
    refused(county.store, a_bundle_changing(county, "bad", entity, change), "invalid")


def test_a_large_income_travels_to_the_county(county: County) -> None:
    """30,000,000 yuan, which the roster accepts, once blocked a village's whole sync at
    a PostgreSQL county ("integer out of range")."""
    first_bundles(county)
    a = county.villages[VILLAGE_A]
    hid = a.households.ids()[0]
    a.incomes.set(hid, 2026, {"wages": 3_000_000_000})
    import_bundles(county.store, [writer.export(a, county.folder / "big.pvb").path])
    [income] = [i for i in county.store.incomes.of(hid) if i.year == 2026]
    assert income.wages == 3_000_000_000


def test_a_village_cannot_delete_or_resolve_another_villages_records(county: County) -> None:
    first_bundles(county)
    b_body = take_apart(county.usb / f"{VILLAGE_B}-000001.pvb", county.store).body
    theirs = next(r for r in b_body["records"] if r["e"] in ("measure", "visit", "pairing"))
    a = county.villages[VILLAGE_A]
    a.households.update(a.households.ids()[1], {"note": "本周走访"})
    path = writer.export(a, county.folder / "a-del.pvb").path
    for part, item in (
        ("deleted", {"e": theirs["e"], "id": theirs["id"], "seq": 1 << 40}),
        (
            "resolutions",
            {
                "e": "household",
                "id": theirs["row"]["household_id"],
                "field": "phone",
                "value": "110",
                "replaces": ["", "", ""],
            },
        ),
    ):
        opened = take_apart(path, county.store)
        body = opened.body
        body[part] = [*body[part], item]
        forged = put_together(opened, a, county.store, county.folder / f"{part}.pvb", body=body)
        refused(county.store, forged, "not_sender_village")
