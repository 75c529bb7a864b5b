"""Stored text on its way out, so that it stays text (issue 11): a spreadsheet never
gets a live formula from data, a terminal never gets an escape sequence from data."""

from __future__ import annotations

import re

# What spreadsheet programs read as the start of a formula (OWASP's CSV injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def formula_like(text: str) -> bool:
    """Text a spreadsheet would evaluate; a signed number ("-12.50") is just a number."""
    return text.startswith(FORMULA_START) and not _NUMBER.match(text)


def csv_cell(text: str) -> str:
    """A CSV cell Excel shows as the text itself: a leading apostrophe, as Excel's own
    "text" prefix. The roster reader takes it off again."""
    return "'" + text if formula_like(text) else text


def uncsv_cell(text: str) -> str:
    """The inverse of `csv_cell`, for the roster reader."""
    return text[1:] if text.startswith("'") and formula_like(text[1:]) else text


def printable(text: str) -> str:
    """For a terminal: control characters and direction overrides shown as \\x1b or
    \\u202e, so a name can never move the cursor, clear the screen or reorder a line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
