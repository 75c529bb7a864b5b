"""Calendar helpers shared by the rules (pure functions, standard library only)."""

from __future__ import annotations

from datetime import date

__all__ = ["age_on"]


def age_on(birth: date, on: date) -> int:
    """Age in completed years on the day `on`.

    The birthday counts as reached on its calendar day. Someone born on 29 February
    reaches their birthday on 1 March in non-leap years (the usual legal reading in
    China, and what comparing (month, day) tuples gives without a special case:
    (2, 28) < (2, 29) <= (3, 1)).

    Raises ValueError if `on` is before `birth`: a negative age is always a data error
    upstream and must not be silently treated as "under any age limit".
    """
    if on < birth:
        raise ValueError(f"date {on.isoformat()} is before birth date {birth.isoformat()}")
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years
