from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from povdesk.models import TRANSFER_FIELDS, IncomeData
from povdesk.rules.income import (
    above_line,
    net_above_line,
    net_income,
    net_seventy_percent,
    per_capita,
    per_capita_net,
    seventy_percent,
    total_income,
    transfer_income,
)

COMPONENTS = ("wages", "production", "property", *TRANSFER_FIELDS)
fen = st.integers(min_value=0, max_value=10**10)
sizes = st.integers(min_value=1, max_value=30)


def inc(**kw: Any) -> IncomeData:
    return IncomeData(household_id="h1", year=2019, **kw)


incomes = st.builds(
    inc,
    wages=fen,
    production=fen,
    property=fen,
    production_costs=fen,
    **{name: fen for name in TRANSFER_FIELDS},
)


def test_total_adds_every_component() -> None:
    values = {name: 10**i for i, name in enumerate(COMPONENTS)}
    assert total_income(inc(**values)) == sum(values.values())
    assert transfer_income(inc(**values)) == sum(values[n] for n in TRANSFER_FIELDS)


def test_of_which_amounts_are_not_counted_twice() -> None:
    plain = inc(wages=300_000, property=50_000)
    with_sub = inc(wages=300_000, public_post_wages=100_000, property=50_000, asset_dividend=50_000)
    assert total_income(with_sub) == total_income(plain) == 350_000


def test_net_subtracts_production_costs() -> None:
    assert net_income(inc(wages=1000, production=500, production_costs=300)) == 1200


def test_per_capita_floors_and_rejects_empty_household() -> None:
    assert per_capita(inc(wages=1000), 3) == 333
    assert per_capita(inc(wages=100, production_costs=200), 3) == -34  # floor, not toward 0
    with pytest.raises(ValueError):
        per_capita(inc(wages=1000), 0)
    with pytest.raises(ValueError):
        above_line(inc(wages=1000), 0, 100)
    with pytest.raises(ValueError):
        seventy_percent(inc(wages=1000), 0, 100)


def test_above_line_is_strict_and_does_not_round() -> None:
    # 3 × 374,700 = 1,124,100: exactly at the line is not above it.
    assert not above_line(inc(wages=1_124_100), 3, 374_700)
    assert above_line(inc(wages=1_124_101), 3, 374_700)
    # Per-capita 374,700.33 fen floors to 374,700 for display, yet is above the line.
    assert per_capita(inc(wages=1_124_101), 3) == 374_700


def test_seventy_percent_boundary() -> None:
    # reference 1,000,000 × 70% × 2 = 1,400,000
    assert seventy_percent(inc(wages=1_400_000), 2, 1_000_000)
    assert not seventy_percent(inc(wages=1_399_999), 2, 1_000_000)


@given(incomes, sizes)
def test_per_capita_is_the_floor(i: IncomeData, size: int) -> None:
    pc, net = per_capita(i, size), net_income(i)
    assert pc * size <= net < (pc + 1) * size


@given(incomes, sizes, fen)
def test_above_line_agrees_with_fractions(i: IncomeData, size: int, line: int) -> None:
    assert above_line(i, size, line) == (Fraction(net_income(i), size) > line)


@given(incomes, sizes, fen)
def test_seventy_percent_agrees_with_fractions(i: IncomeData, size: int, ref: int) -> None:
    expected = Fraction(net_income(i), size) >= Fraction(7, 10) * ref
    assert seventy_percent(i, size, ref) == expected


@given(incomes, st.sampled_from(COMPONENTS), st.integers(min_value=0, max_value=10**9))
def test_adding_a_component_never_lowers_total(i: IncomeData, name: str, extra: int) -> None:
    more = i.model_copy(update={name: getattr(i, name) + extra})
    assert total_income(more) == total_income(i) + extra >= total_income(i)
    assert net_income(more) >= net_income(i)


@given(incomes, st.sampled_from(("public_post_wages", "asset_dividend")), fen)
def test_of_which_amounts_never_change_total(i: IncomeData, name: str, amount: int) -> None:
    assert total_income(i.model_copy(update={name: amount})) == total_income(i)


@given(incomes, sizes, fen, fen)
def test_net_forms_agree_with_the_income_forms(
    i: IncomeData, size: int, line: int, ref: int
) -> None:
    net = net_income(i)
    assert per_capita_net(net, size) == per_capita(i, size)
    assert net_above_line(net, size, line) == above_line(i, size, line)
    assert net_seventy_percent(net, size, ref) == seventy_percent(i, size, ref)


def test_net_forms_reject_empty_household() -> None:
    for call in (
        lambda: per_capita_net(1000, 0),
        lambda: net_above_line(1000, 0, 100),
        lambda: net_seventy_percent(1000, 0, 100),
    ):
        with pytest.raises(ValueError):
            call()
