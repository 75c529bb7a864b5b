"""A visit's local date, worked out once per UTC hour for a whole village
(`_LocalDates`): always the date each time converted on its own gives, in any time zone,
across changes of date and of daylight saving time."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from povdesk.services.work import _local_date, _LocalDates

ZONES = ["Asia/Shanghai", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]


@contextmanager
def in_zone(name: str) -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    with in_zone(request.param):
        yield request.param


instants = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1))


# The zone is the same for every example: set once per test.
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(times=st.lists(instants, min_size=1, max_size=60))
def test_the_same_date_as_each_time_alone(zone: str, times: list[dt.datetime]) -> None:
    local = _LocalDates()
    for at in times:
        text = at.strftime("%Y-%m-%d %H:%M:%S.%f")  # as SQLite gives it back
        assert local(text) == _local_date(text), (zone, text)
        assert local(at) == _local_date(at), (zone, at)


def test_an_hour_across_midnight_is_converted_time_by_time() -> None:
    """In Kolkata (UTC+5:30) the UTC hour 18:00-19:00 holds local midnight: the times
    on either side of it get different dates, whichever comes first."""
    with in_zone("Asia/Kolkata"):
        for order in (1, -1):
            local = _LocalDates()
            times = ["2026-03-01 18:10:00.000000", "2026-03-01 18:40:00.000000"][::order]
            got = {t: local(t) for t in times}
            assert got["2026-03-01 18:10:00.000000"] == dt.date(2026, 3, 1)
            assert got["2026-03-01 18:40:00.000000"] == dt.date(2026, 3, 2)
