"""Writing a village back out in the roster layout, so the same file can be re-imported.

Used by the county's spreadsheets (same headers as import) and by `make bench`, and it
keeps import honest: export then import must give back the same households and people.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from povdesk import kinds
from povdesk.codes import Relation
from povdesk.roster.columns import COLUMNS, ORDER, Column
from povdesk.rules.facts import HouseholdFile
from povdesk.safe_text import csv_cell
from povdesk.store.store import Store


def format_cell(column: Column, value: Any) -> str:
    """The text a person would type for a stored value (the inverse of Column.parse):
    the field kind's Chinese display."""
    if value == []:
        return ""
    return kinds.display(column.kind, value, "zh", column.codes)


def roster_rows(files: list[HouseholdFile]) -> Iterator[list[str]]:
    """One row per present member; household columns and the latest income on the
    head's row, as the national system exports it."""
    columns = [COLUMNS[h] for h in ORDER]
    for file in files:
        income = max(file.incomes, key=lambda i: i.year) if file.incomes else None
        members = sorted(file.present, key=lambda m: m.relation != Relation.HEAD.value)
        for m in members:
            head = m.relation == Relation.HEAD.value
            row = []
            for c in columns:
                source: Any = {"member": m, "household": file.household, "income": income}[c.entity]
                if source is None or (c.household_level and not head and not c.required):
                    row.append("")
                    continue
                row.append(format_cell(c, getattr(source, c.field)))
            yield row


def write_roster_csv(store: Store, path: Path, *, village_id: str | None = None) -> int:
    """Write the village's roster as UTF-8 CSV (with BOM, so Excel opens it right);
    returns the number of member rows."""
    files = store.households.files(village_id=village_id)
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ORDER)
        for row in roster_rows(files):
            # Excel evaluates a CSV cell "=HYPERLINK(...)": stored names stay text.
            writer.writerow([csv_cell(v) for v in row])
            count += 1
    return count
