"""The import's batch path (povdesk/sync/fresh.py) decides exactly as the record-by-record
path: the same conversion, the same checks, the same audit entries; a batch with any bad
value goes the record-by-record way, which names it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from povdesk.audit_rows import marker, markers
from povdesk.errors import ValidationError
from povdesk.inputs import columns_clean, row_problems
from povdesk.models import ENTITIES
from povdesk.rules.exit_guard import GUARDED_STATUSES, covered_codes, guard_reasons
from povdesk.rules.readiness import readiness
from povdesk.rules.standards import STANDARD_MISSING
from povdesk.store.tx import check_codes, codes_clean, table
from povdesk.sync import incoming
from povdesk.sync.types import convert, convert_columns
from povdesk.sync.values import row_json
from tests.povdesk.sync.conftest import Link

STAMP = ("rev", "origin", "updated_at")


def bundle_rows(pair: Link) -> dict[str, list[dict[str, Any]]]:
    """Every row of the demo village as a bundle carries it (JSON form)."""
    out = {}
    with pair.village.read() as conn:
        for entity in ENTITIES:
            t = table(entity)
            rows = conn.execute(select(t).order_by(t.c.id)).mappings().all()
            if len(rows) >= 2:
                out[entity] = [row_json(dict(r)) for r in rows]
    return out


def test_batch_conversion_is_the_record_by_record_conversion(pair: Link) -> None:
    found = bundle_rows(pair)
    assert len(found) >= 12
    for entity, rows in found.items():
        columns = convert_columns(entity, rows)
        assert columns is not None, entity
        want = [convert(entity, r) for r in rows]
        assert list(columns) == [c.name for c in table(entity).columns]
        for name, values in columns.items():
            assert values == [w[name] for w in want], (entity, name)
            assert [type(v) for v in values] == [type(w[name]) for w in want], (entity, name)


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("household", "status", 5),
        ("household", "number", None),
        ("household", "land_cultivated", "wide"),
        ("household", "identified_year", 2015.5),
        ("household", "identified_year", 2**63),
        ("household", "land_cultivated", 10**400),
        ("household", "secondary_causes", "01"),
        ("household", "secondary_causes", ["01", 2]),
        ("household", "id", "x" * 40),
        ("household", "updated_at", "not a time"),
        ("household", "military_family", "yes"),
        ("member", "birth_date", "1990-01-1"),
        ("member", "birth_date", "1990-02-30"),
    ],
)
def test_a_bad_value_sends_the_batch_one_by_one(
    pair: Link, entity: str, field: str, value: Any
) -> None:
    rows = bundle_rows(pair)[entity]
    rows[1] = {**rows[1], field: value}
    with pytest.raises(ValidationError):
        convert(entity, rows[1])
    assert convert_columns(entity, rows) is None


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("household", "address", "青龙村\x1b[2J"),
        ("household", "note", "改\u202e过"),
        ("household", "address", "长" * 201),
        ("household", "note", "\ud800"),
        ("household", "number", "42282310720500９1"),
        ("member", "id_number", "422823199001011234"),
        ("member", "name", "\x00"),
        ("income", "wages", 10**14),
        ("visit", "findings", "x" * 10_001),
        ("visit", "checklist", {"food_clothing": "met\x1b"}),
    ],
)
def test_a_value_the_text_rules_refuse_is_seen_in_its_batch(
    pair: Link, entity: str, field: str, value: Any
) -> None:
    rows = bundle_rows(pair)[entity]
    clean = convert_columns(entity, rows)
    assert clean is not None and columns_clean(entity, clean)
    assert not any(row_problems(entity, convert(entity, r)) for r in rows)
    rows[-1] = {**rows[-1], field: value}
    columns = convert_columns(entity, rows)
    assert columns is not None  # the right type: only the text rules refuse it
    assert row_problems(entity, convert(entity, rows[-1]))
    assert not columns_clean(entity, columns)


@pytest.mark.parametrize(
    ("field", "value"), [("status", "99"), ("secondary_causes", ["10", "77"]), ("fuel", "x")]
)
def test_a_code_not_in_its_list_is_seen_in_its_batch(pair: Link, field: str, value: Any) -> None:
    rows = bundle_rows(pair)["household"]
    clean = convert_columns("household", rows)
    assert clean is not None and codes_clean("household", clean)
    rows[0] = {**rows[0], field: value}
    columns = convert_columns("household", rows)
    assert columns is not None
    assert check_codes("household", convert("household", rows[0]))
    assert not codes_clean("household", columns)


def test_markers_are_each_rows_marker(pair: Link) -> None:
    for entity, rows in bundle_rows(pair).items():
        columns = convert_columns(entity, rows)
        assert columns is not None
        if entity == "visit":  # a time in another zone is stored in full, not referred to
            zone = dt.timezone(dt.timedelta(hours=8))
            columns["at"][0] = columns["at"][0].astimezone(zone)
        names = tuple(k for k in columns if k not in STAMP)
        one_by_one = [marker(entity, {n: columns[n][i] for n in names}) for i in range(len(rows))]
        assert markers(entity, columns, names) == one_by_one, entity
        if entity == "visit":
            assert one_by_one[0] is None and one_by_one[1] is not None


def test_a_first_bundle_goes_by_batches(pair: Link, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every record of a village's first bundle is new at the county: none of them is
    converted record by record (else the batch path silently stopped working)."""

    def one_by_one(entity: str, row: dict[str, Any]) -> dict[str, Any]:
        if entity in incoming.NATURAL_KEYS:
            return convert(entity, row)
        raise AssertionError(f"{entity} converted record by record")

    monkeypatch.setattr(incoming, "convert", one_by_one)
    _, report = pair.to_county()
    created = sum(k["created"] for k in report.kinds.values())
    assert created > 100
    assert pair.county.audit.verify() == []


def test_status_doubts_are_the_guard_on_whole_files(pair: Link) -> None:
    """Of a household the bundle sets to 拟退出 or 已脱贫 the import reads only what the
    rules read, and the doubts it reports are those the guard finds on the whole files."""
    v, c = pair.village, pair.county
    _, report = pair.to_county()
    ids = sorted(h for h in c.households.ids() if c.households.get(h).status in GUARDED_STATUSES)
    ctx = c.config.context()
    want = []
    for file in c.households.files(household_ids=ids):
        reasons = guard_reasons(
            readiness(file, ctx), file.household.id, covered_codes(file.overrides, ctx.year)
        )
        left = [(f.zh, f.en) for f in reasons if f.code != STANDARD_MISSING]
        if left:
            want.append((file.household.number, file.household.status, left))
    assert want  # the demo village has a household the guard doubts
    assert report.status_doubts == sorted(want)
    assert len(ids) == len(v.households.ids()) - sum(
        1 for h in v.households.ids() if v.households.get(h).status not in GUARDED_STATUSES
    )
