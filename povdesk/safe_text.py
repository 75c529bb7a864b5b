"""Stored text on its way out, so that it stays text (issue 11): a spreadsheet never
gets a live formula from data, a terminal never gets an escape sequence from data."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

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


class _Escaping:
    """A text stream that shows control characters instead of sending them."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        return self._inner.write(printable(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """Everything the command line prints (names, village names, messages quoting a
    file's content) goes through `printable`: a key file's name with terminal escape
    codes is shown, never obeyed."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaping(out), _Escaping(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
