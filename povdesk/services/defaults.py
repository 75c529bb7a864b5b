"""Default configuration rows; all of them editable afterwards (domain.md: configurable).

Poverty lines: domain.md §3, current-price figures (yuan per person per year). Reference
incomes: Hubei's rural per-capita disposable income, from the Hubei statistical
communiqués of each year (yuan); a county sets its own figure in the same table, and the
rules use the county's figure before the province's.
"""

from __future__ import annotations

POVERTY_LINES_YUAN: dict[int, int] = {
    2014: 2800,
    2015: 2855,
    2016: 2952,
    2017: 3335,
    2018: 3535,
    2019: 3747,
    2020: 4000,
}

HUBEI_RURAL_INCOME_YUAN: dict[int, int] = {
    2014: 10849,
    2015: 11844,
    2016: 12725,
    2017: 13812,
    2018: 14978,
    2019: 16391,
    2020: 16306,
}

HUBEI = "42"
