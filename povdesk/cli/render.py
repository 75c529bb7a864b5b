"""Plain-text output for people: tables that line up with Chinese characters."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from povdesk.audit import jsonable


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in headers]] + [[str(c) for c in r] for r in rows]
    cols = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(pad(c, w) for c, w in zip(r, cols, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in cols))
    return "\n".join(lines)


def emit_json(data: Any) -> None:
    json.dump(jsonable(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
