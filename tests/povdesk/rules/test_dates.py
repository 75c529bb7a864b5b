"""Tests for povdesk.rules.dates.age_on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from povdesk.rules.dates import age_on

births = st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2025, 12, 31))
offsets = st.integers(min_value=1, max_value=120)


def birthday_in(birth: dt.date, year: int) -> dt.date:
    """Independent oracle: the day the birthday is reached in `year`."""
    try:
        return birth.replace(year=year)
    except ValueError:  # 29 Feb in a non-leap year
        return dt.date(year, 3, 1)


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (dt.date(1990, 5, 17), dt.date(1990, 5, 17), 0),
        (dt.date(1990, 5, 17), dt.date(2020, 5, 16), 29),
        (dt.date(1990, 5, 17), dt.date(2020, 5, 17), 30),
        (dt.date(1990, 12, 31), dt.date(1991, 1, 1), 0),
        (dt.date(1990, 1, 1), dt.date(1990, 12, 31), 0),
        (dt.date(1990, 1, 1), dt.date(1991, 1, 1), 1),
        # 29 February: reached on 1 March in non-leap years, on the day in leap years.
        (dt.date(2000, 2, 29), dt.date(2001, 2, 28), 0),
        (dt.date(2000, 2, 29), dt.date(2001, 3, 1), 1),
        (dt.date(2000, 2, 29), dt.date(2004, 2, 28), 3),
        (dt.date(2000, 2, 29), dt.date(2004, 2, 29), 4),
        (dt.date(2000, 2, 29), dt.date(2100, 2, 28), 99),  # 2100 is not a leap year
        (dt.date(2000, 2, 29), dt.date(2100, 3, 1), 100),
        # Born 28 Feb or 1 Mar of a leap year: nothing special.
        (dt.date(2000, 2, 28), dt.date(2001, 2, 28), 1),
        (dt.date(2000, 3, 1), dt.date(2001, 2, 28), 0),
        (dt.date(2000, 3, 1), dt.date(2001, 3, 1), 1),
    ],
)
def test_known_ages(birth: dt.date, on: dt.date, expected: int) -> None:
    assert age_on(birth, on) == expected


def test_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before birth"):
        age_on(dt.date(2000, 1, 2), dt.date(2000, 1, 1))


@given(births, offsets)
def test_age_steps_up_by_one_exactly_on_the_birthday(birth: dt.date, years: int) -> None:
    day = birthday_in(birth, birth.year + years)
    assert age_on(birth, day) == years
    assert age_on(birth, day - dt.timedelta(days=1)) == years - 1


@given(births, st.integers(min_value=0, max_value=60_000))
def test_matches_birthday_counting(birth: dt.date, days: int) -> None:
    on = birth + dt.timedelta(days=days)
    reached = sum(1 for y in range(birth.year + 1, on.year + 1) if birthday_in(birth, y) <= on)
    assert age_on(birth, on) == reached


@given(births, st.integers(min_value=0, max_value=60_000), st.integers(0, 400))
def test_never_decreases(birth: dt.date, days: int, more: int) -> None:
    on = birth + dt.timedelta(days=days)
    assert age_on(birth, on) <= age_on(birth, on + dt.timedelta(days=more))


@given(st.integers(min_value=1880, max_value=2020).filter(lambda y: y % 4 == 0))
def test_leap_day_births(year: int) -> None:
    try:
        birth = dt.date(year, 2, 29)
    except ValueError:  # 1900 is divisible by 4 but not a leap year
        return
    for y in range(year + 1, year + 9):
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        if leap:
            assert age_on(birth, dt.date(y, 2, 28)) == y - year - 1
            assert age_on(birth, dt.date(y, 2, 29)) == y - year
        else:
            assert age_on(birth, dt.date(y, 2, 28)) == y - year - 1
            assert age_on(birth, dt.date(y, 3, 1)) == y - year
