"""The fast row-to-data path must give exactly what pydantic's own constructor gives."""

from __future__ import annotations

import pytest

from povdesk.models import ENTITIES
from povdesk.services.base import as_data


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_as_data_equals_model_construct(entity: str) -> None:
    cls = ENTITIES[entity][1]
    row = cls.model_construct().model_dump()
    fast, slow = as_data(cls, row), cls.model_construct(**row)
    assert type(fast) is type(slow)
    assert fast == slow
    assert fast.model_dump() == slow.model_dump() == row
    assert fast.model_fields_set == slow.model_fields_set
    assert repr(fast) == repr(slow)
    fast.id = "changed"  # plain data stays assignable, like any pydantic model
    assert fast.id == "changed" and slow.id != "changed"
