"""A finding: one thing a rule says about a household, in a form every screen can use."""

from __future__ import annotations

from dataclasses import dataclass

from povdesk.codes import Dimension, Severity


@dataclass(frozen=True)
class Finding:
    """`code` is stable (tests, filters and the county rely on it); `blocking` blocks exit.

    `field` names the model field the finding concerns (e.g. "school_status"), so a form
    can show it beside that field; `member_id` names the member when there is one.
    """

    code: str
    dimension: Dimension
    blocking: bool
    severity: Severity
    household_id: str
    zh: str
    en: str
    member_id: str | None = None
    field: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "dimension": self.dimension.value,
            "blocking": self.blocking,
            "severity": self.severity.value,
            "household_id": self.household_id,
            "member_id": self.member_id,
            "field": self.field,
            "zh": self.zh,
            "en": self.en,
        }
