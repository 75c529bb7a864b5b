"""The import's column checks give the same answers as the models' own validation."""

from __future__ import annotations

from typing import Any

import pytest

from povdesk.errors import ValidationError
from povdesk.models import ENTITIES
from povdesk.store.tx import table, validate
from povdesk.sync.types import convert
from povdesk.sync.values import row_json
from tests.povdesk.sync.conftest import Link


def rows(pair: Link) -> list[tuple[str, dict[str, Any]]]:
    pair.village.attachments.add(sorted(pair.village.households.ids())[0], b"x", filename="a")
    out = []
    with pair.village.read() as conn:
        for entity in ENTITIES:
            first = conn.execute(table(entity).select().limit(1)).mappings().first()
            if first is not None:
                out.append((entity, row_json(dict(first))))
    return out


def test_good_rows_convert_like_the_model(pair: Link) -> None:
    found = rows(pair)
    assert len(found) >= 14  # nearly every kind has a row in the demo village
    for entity, row in found:
        assert convert(entity, row) == validate(entity, dict(row)), entity


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("number", 17),
        ("land_cultivated", "wide"),
        ("identified_year", 2015.5),
        ("secondary_causes", "01"),
        ("id", "x" * 40),
        ("updated_at", "not a time"),
    ],
)
def test_bad_values_are_refused_by_both(pair: Link, field: str, value: Any) -> None:
    entity, row = next(x for x in rows(pair) if x[0] == "household")
    bad = {**row, field: value}
    with pytest.raises(ValidationError):
        convert(entity, bad)
    with pytest.raises(ValidationError):
        validate(entity, dict(bad))


@pytest.mark.parametrize(("field", "value"), [("military_family", "yes"), ("rev", "3")])
def test_bundle_values_are_not_coerced(pair: Link, field: str, value: Any) -> None:
    """Stricter than pydantic's lax mode: a povdesk bundle never carries "yes" for true."""
    entity, row = next(x for x in rows(pair) if x[0] == "household")
    with pytest.raises(ValidationError):
        convert(entity, {**row, field: value})
