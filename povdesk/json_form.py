"""Values in their JSON form as stored text: the sync ledger's conflicts and sync bundles.
A leaf module (the field kinds' JSON form, povdesk.kinds, is the only thing it reads), so
the services (the sync ledger) and povdesk.sync can both use it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from povdesk.kinds import json_form as to_json


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
