"""Household income arithmetic (domain.md §2 "Income", §3 exit standard 1, §1 "two 70%").

Money is integer fen throughout and no comparison here ever rounds: the exit decision
"per-capita net income above the poverty line" must not flip on a rounding of a division
(domain.md §2: "Money is exact: integer fen, never floating point"). Comparisons are
therefore done by cross-multiplying (net > line × size) instead of comparing a quotient.

Each test comes twice: on an `IncomeData`, and on a net income already computed
(`net_above_line`, ...), so a rule that needs several figures for one household adds up
the components only once.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from povdesk.models import TRANSFER_FIELDS, IncomeData

__all__ = [
    "above_line",
    "net_above_line",
    "net_income",
    "net_seventy_percent",
    "per_capita",
    "per_capita_net",
    "seventy_percent",
    "total_income",
    "transfer_income",
]

# All transfer components in one C-level call (several names: it returns a tuple).
_transfers = attrgetter(*TRANSFER_FIELDS)


def transfer_income(inc: IncomeData) -> int:
    """转移性收入: the sum of every transfer component listed in `TRANSFER_FIELDS`."""
    return sum(map(int, _transfers(inc)))


def total_income(inc: IncomeData) -> int:
    """All income in fen: wages + production + property + transfers.

    `public_post_wages` (其中:公益岗位工资) and `asset_dividend` (其中:资产收益分红) are
    "of which" amounts already counted inside `wages` and `property`; adding them again
    would count the same yuan twice and push a household over the line on paper only
    (算账脱贫, the "accounting exit" domain.md §1 warns about).
    """
    return inc.wages + inc.production + inc.property + transfer_income(inc)


def net_income(inc: IncomeData) -> int:
    """纯收入 = all income − production costs (domain.md §2)."""
    return total_income(inc) - inc.production_costs


def _check_size(size: int) -> None:
    # A household with nobody present has no per-capita figure; saying 0 would wrongly
    # read as "below every line", saying anything else would invent a number.
    if size <= 0:
        raise ValueError(f"household size must be positive, got {size}")


def per_capita(inc: IncomeData, size: int) -> int:
    """人均纯收入 in whole fen, rounded down (floor), for display and reports.

    Floor, not round: a figure shown to the county must never claim more than the
    household has. Decisions use `above_line`/`seventy_percent`, which do not round at all.
    """
    _check_size(size)
    return per_capita_net(net_income(inc), size)


def per_capita_net(net: int, size: int) -> int:
    """`per_capita` of a household whose net income (`net_income`) is `net`."""
    _check_size(size)
    return net // size


def above_line(inc: IncomeData, size: int, line_fen: int) -> bool:
    """Exit standard 1 (domain.md §3): per-capita net income strictly above the line.

    net / size > line  ⇔  net > line × size  (size > 0), so no division and no rounding.
    """
    _check_size(size)
    return net_above_line(net_income(inc), size, line_fen)


def net_above_line(net: int, size: int, line_fen: int) -> bool:
    """`above_line` of a household whose net income (`net_income`) is `net`."""
    _check_size(size)
    return net > line_fen * size


def seventy_percent(inc: IncomeData, size: int, reference_fen: int) -> bool:
    """The "two 70%" goal (domain.md §1): per-capita income ≥ 70% of the reference income.

    net / size ≥ 0.7 × reference  ⇔  10 × net ≥ 7 × reference × size  (size > 0).
    """
    _check_size(size)
    return net_seventy_percent(net_income(inc), size, reference_fen)


def net_seventy_percent(net: int, size: int, reference_fen: int) -> bool:
    """`seventy_percent` of a household whose net income (`net_income`) is `net`."""
    _check_size(size)
    return 10 * net >= 7 * reference_fen * size


@dataclass(frozen=True)
class Standing:
    """One year's income against that year's line and the 70% reference, for display.

    `above_line`/`seventy` are None when the line or reference for the year is unknown,
    or when no member is present (nothing to divide by): unknown is not "fine".
    """

    year: int
    net: int
    size: int
    per_capita: int | None
    line: int | None
    above_line: bool | None
    reference: int | None
    seventy: bool | None


def standing(inc: IncomeData, size: int, line: int | None, reference: int | None) -> Standing:
    net = net_income(inc)
    if size <= 0:
        return Standing(inc.year, net, size, None, line, None, reference, None)
    return Standing(
        inc.year,
        net,
        size,
        per_capita_net(net, size),
        line,
        None if line is None else net_above_line(net, size, line),
        reference,
        None if reference is None else net_seventy_percent(net, size, reference),
    )
