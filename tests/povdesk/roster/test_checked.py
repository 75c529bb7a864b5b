"""The import's rows go to the store as `checked` (store/tx.py), so the store's own checks
of a stored value must have run as the file was read: a value a column's reader lets
through but the store refuses is still a row problem, and nothing is stored. And the
import reports its progress as it goes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from povdesk.inputs import row_problems
from povdesk.roster import RosterRejected, import_roster
from povdesk.roster.columns import COLUMNS, Column
from povdesk.store.tx import check_codes

TOO_BIG = 1 << 70  # beyond the store's 64-bit integers (inputs.row_problems)


def test_a_value_the_store_refuses_is_a_row_problem(
    store, rows, csv_file, db_dump, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reader that lets an out-of-range number through, as a future column's might.
    real = Column.parse

    def lenient(self: Column, raw: str) -> Any:
        return TOO_BIG if self.field == "migrant_months" else real(self, raw)

    monkeypatch.setattr(Column, "parse", lenient)
    rows[2]["务工时间"] = "9"
    before = db_dump(store)
    with pytest.raises(RosterRejected) as caught:
        import_roster(store, csv_file(rows))
    problems = caught.value.problems
    assert (4, "务工时间", "9") in [(p.row, p.column, p.value) for p in problems]
    for p in problems:  # every row that gives the column, each named
        assert p.column == "务工时间"
        assert "超出范围" in p.zh and "out of range" in p.en
    assert db_dump(store) == before


@pytest.mark.parametrize(
    "column", [c for c in COLUMNS.values() if c.kind == "date"], ids=lambda c: c.field
)
def test_the_store_has_no_rule_for_a_date_but_its_type(column: Column) -> None:
    # What lets the roster's reader take a parsed date without the store's checks
    # (roster/rows.py): a rule added for dates must be run there too.
    assert column.codes is None
    for day in (dt.date(1, 1, 1), dt.date(1880, 1, 1), dt.date(2026, 6, 30), dt.date.max):
        values = {column.field: day}
        assert row_problems(column.entity, values) == []
        assert check_codes(column.entity, values) == []


def test_progress_moves_forward_to_the_end(store, rows, csv_file) -> None:
    seen: list[tuple[int, int]] = []
    import_roster(store, csv_file(rows), progress=lambda done, total: seen.append((done, total)))
    assert {total for _, total in seen} == {100}
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[0] > 0 and done[-1] == 100
    assert len(set(done)) >= 4  # read, rows, planned, written


def test_a_dry_run_reports_progress_without_writing(store, rows, csv_file, db_dump) -> None:
    seen: list[int] = []
    before = db_dump(store)
    import_roster(store, csv_file(rows), dry_run=True, progress=lambda d, _t: seen.append(d))
    assert seen and seen[-1] == 100
    assert db_dump(store) == before
