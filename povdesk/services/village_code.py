"""The village code's form, checked wherever a code comes in (a new village, settings)."""

from __future__ import annotations

from povdesk.errors import ValidationError


def check_village_code(code: str) -> None:
    """12-digit statistical code: 6 county (GB/T 2260) + 3 township + 3 village."""
    if len(code) != 12 or not code.isdigit():
        raise ValidationError(
            [
                (
                    "code",
                    f"村代码应为 12 位数字，而不是 {code!r}",
                    f"a village code has 12 digits, not {code!r}",
                )
            ]
        )
