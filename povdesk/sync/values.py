"""Field values in their JSON form, the form they travel in and are compared in.

Dates and times are ISO text (times in UTC), lists and dicts stay JSON: comparing a local
value with a remote one in this form makes "the same" mean the same bytes on both sides."""

from __future__ import annotations

import datetime as dt
from typing import Any

from povdesk.json_form import canonical as canonical
from povdesk.json_form import row_json as row_json
from povdesk.kinds import json_form

to_json = json_form  # the field kinds' JSON form (povdesk.kinds)


def parse_time(text: Any) -> dt.datetime:
    """A remote `updated_at`; raises ValueError/TypeError on anything else."""
    if not isinstance(text, str):
        raise TypeError("time must be text")
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
