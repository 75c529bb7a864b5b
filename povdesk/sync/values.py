"""Field values in their JSON form, the form they travel in and are compared in.

Dates and times are ISO text (times in UTC), lists and dicts stay JSON: comparing a local
value with a remote one in this form makes "the same" mean the same bytes on both sides."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from povdesk.kinds import json_form

to_json = json_form  # the field kinds' JSON form (povdesk.kinds)


def row_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: to_json(v) for k, v in row.items()}


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return to_json(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 text: the same content gives the same bytes."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_encode
    )


def parse_time(text: Any) -> dt.datetime:
    """A remote `updated_at`; raises ValueError/TypeError on anything else."""
    if not isinstance(text, str):
        raise TypeError("time must be text")
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
