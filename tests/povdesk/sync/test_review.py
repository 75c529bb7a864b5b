"""Conflicts as the review screen lists them, typed values checked by the core, and the
export / import previews, on real bundles between a village and its county."""

from __future__ import annotations

import pytest

from exports.bundle.preview import peers, preview_export, preview_import
from povdesk.errors import UserError
from povdesk.sync import ledger
from povdesk.sync.review import open_conflicts, resolve_typed, show, typed_value
from tests.conftest import snapshot
from tests.povdesk.sync.conftest import VILLAGE_A, Link, receive, send


def exchanged(pair: Link) -> None:
    receive(pair.county, send(pair.village, pair.folder))
    receive(pair.village, send(pair.county, pair.folder, to=VILLAGE_A))


def test_typed_values_go_through_the_core(pair: Link) -> None:
    v, c = pair.village, pair.county
    exchanged(pair)
    hh = next(
        h for h in sorted(v.households.ids()) if v.households.get(h).danger_grade not in ("B", "C")
    )
    v.households.update(hh, {"danger_grade": "C"})
    c.households.update(hh, {"danger_grade": "B"})
    receive(c, send(v, pair.folder))
    [found] = open_conflicts(c)
    assert found.household == c.households.get(hh).number
    assert (found.kind("en"), found.label("zh"), found.show("local", "zh")) == (
        "household",
        "危房等级",
        "B级",
    )
    assert typed_value(c, found.id, " D级 ") == "D"  # a label typed, the code stored
    with pytest.raises(UserError):
        typed_value(c, found.id, "E级")  # not in the code list: the core refuses it
    assert resolve_typed(c, found.id, "d") == "D"
    assert c.households.get(hh).danger_grade == "D"
    assert open_conflicts(c) == []


def test_typed_values_are_read_as_the_roster_reads_them(pair: Link) -> None:
    """Issue 15 §3: conflict review refused 有/无 (the roster took them) and took a
    negative income (the roster refused it); both now read as the field's kind reads."""
    v, c = pair.village, pair.county
    exchanged(pair)
    hh = next(h for h in sorted(v.households.ids()) if v.incomes.of(h))
    was = v.households.get(hh).water_safe
    v.households.update(hh, {"water_safe": not was})
    c.households.update(hh, {"water_safe": None})
    [mine], [theirs] = v.incomes.of(hh)[-1:], c.incomes.of(hh)[-1:]
    v.incomes.set(hh, mine.year, {"wages": mine.wages + 100})
    c.incomes.set(hh, theirs.year, {"wages": theirs.wages + 200})
    receive(c, send(v, pair.folder))
    by_field = {x.field: x for x in open_conflicts(c)}
    water, wages = by_field["water_safe"], by_field["wages"]
    assert typed_value(c, water.id, "有") is True
    assert typed_value(c, water.id, "无") is False
    assert typed_value(c, water.id, "") is None  # optional: not recorded
    with pytest.raises(UserError, match="negative"):
        typed_value(c, wages.id, "-3.00")
    assert typed_value(c, wages.id, "1，234.50元") == 123450


def test_deleted_there_edited_here_is_kept_or_deleted(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = sorted(v.households.ids())[0]
    photo = v.attachments.add(hh, b"photo", filename="a.png")
    exchanged(pair)
    with c.tx() as tx:
        tx.update("attachment", photo.id, {"caption": "县里补的说明"})
    v.attachments.remove(photo.id)
    receive(c, send(v, pair.folder))
    [found] = open_conflicts(c)
    assert found.deletion and found.label("en") == "whole record (deleted there)"
    assert (found.choice("local"), found.choice("remote")) == (False, True)
    with pytest.raises(UserError):
        typed_value(c, found.id, "whatever")


def test_values_in_words() -> None:
    assert show("fund_entry", "amount", 123456, "zh") == "1234.56 元"
    assert show("household", "water_safe", False, "en") == "no"
    assert show("household", "secondary_causes", ["01", "03"], "zh") == "因病、因学"
    assert show("household", "note", None, "zh") == "（空）"


def test_previews_count_and_change_nothing(pair: Link) -> None:
    v, c = pair.village, pair.county
    hh = sorted(v.households.ids())[0]
    v.attachments.add(hh, b"x" * 2048, filename="a.png")
    [county] = peers(v)
    p = preview_export(v)
    assert p.peer.store_id == county.store_id and p.seq == 1
    assert p.households == len(v.households.ids()) and p.files == 1 and p.file_bytes == 2048
    assert p.kinds["household"] == {"rows": len(v.households.ids()), "deleted": 0}
    with v.read() as conn:
        assert ledger.entries(conn, "out", county.store_id) == []  # a preview writes nothing
    path = send(v, pair.folder)
    before = snapshot(c)
    [summary] = preview_import(c, [path])
    assert summary.report.dry_run and summary.totals["created"] > 0
    assert snapshot(c) == before
