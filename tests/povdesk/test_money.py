"""Money typed in yuan becomes exact fen, or is refused; never rounded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from povdesk.errors import UserError
from povdesk.money import to_fen, yuan


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("0", 0),
        ("1500.5", 150050),
        ("1,500.50", 150050),
        (" 12.30 ", 1230),
        ("-3.01", -301),
        ("4000", 400000),
    ],
)
def test_to_fen(text: str, fen: int) -> None:
    assert to_fen(text) == fen


@pytest.mark.parametrize("text", ["12.345", "abc", "", "1e400", "nan", "inf"])
def test_bad_amounts_are_refused(text: str) -> None:
    with pytest.raises(UserError):
        to_fen(text)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_round_trip(fen: int) -> None:
    assert to_fen(yuan(fen)) == fen
    assert Decimal(yuan(fen)) * 100 == fen
