"""Field values in their JSON form, the form they travel in and are compared in (sync
bundles, the sync ledger's conflicts).

Dates and times are ISO text (times in UTC), lists and dicts stay JSON: comparing a local
value with a remote one in this form makes "the same" mean the same bytes on both sides.
A leaf module: the services (the sync ledger) and povdesk.sync both use it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any


def to_json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, str):
        return str(value)  # a plain str, not a CodeList member
    return value


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
