"""Roster import (花名册导入): the national system's or a team's member list, read from
.xlsx or .csv, checked whole, and written in one transaction; plus a fill-in template."""

from povdesk.roster.columns import COLUMNS, REQUIRED, Column
from povdesk.roster.importer import import_roster
from povdesk.roster.reader import Sheet, read_roster
from povdesk.roster.report import (
    Counts,
    ImportReport,
    RosterRejected,
    RosterWarning,
    RowProblem,
)
from povdesk.roster.template import write_template

__all__ = [
    "COLUMNS",
    "REQUIRED",
    "Column",
    "Counts",
    "ImportReport",
    "RosterRejected",
    "RosterWarning",
    "RowProblem",
    "Sheet",
    "import_roster",
    "read_roster",
    "write_template",
]
