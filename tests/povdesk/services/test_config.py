"""The ID masking pattern: stored per store, default first 6 and last 4, bounded."""

from __future__ import annotations

import pytest

from povdesk.errors import ValidationError
from povdesk.store import Store

ID = "420323198001011234"


def test_default_mask_is_first_six_and_last_four(store: Store) -> None:
    assert store.config.id_mask() == (6, 4)
    assert store.config.mask_id(ID) == "420323********1234"


def test_changed_mask_is_kept_and_applied(store: Store) -> None:
    store.config.set_id_mask(3, 2)
    assert store.config.id_mask() == (3, 2)
    assert store.config.mask_id(ID) == "420*************34"


@pytest.mark.parametrize(("start", "end"), [(-1, 4), (8, 4), (18, 0)])
def test_a_mask_showing_too_much_is_refused_and_nothing_changes(
    store: Store, start: int, end: int
) -> None:
    with pytest.raises(ValidationError):
        store.config.set_id_mask(start, end)
    assert store.config.id_mask() == (6, 4)
