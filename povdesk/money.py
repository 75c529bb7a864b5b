"""Money as people type and read it (yuan) and as povdesk keeps it (integer fen).

The reading and writing themselves are the money kind's (povdesk.kinds); this is the
front door for an amount typed on its own (a payment, a poverty line), where a sign is
let through for the service to judge, and the messages name the amount typed."""

from __future__ import annotations

from povdesk.errors import UserError
from povdesk.kinds import BadValue, parse_money, yuan

__all__ = ["to_fen", "yuan"]


def to_fen(text: str) -> int:
    """ "1,500.5" -> 150050; "1，234.50元" -> 123450. More than two decimals is refused,
    not rounded: a fen that silently disappears is a fen nobody can trace."""
    try:
        return parse_money(text, negative=True)
    except BadValue as exc:
        if exc.reason == "decimals":
            raise UserError(
                f"金额最多两位小数：{text}", f"At most two decimals: {text}", code="invalid"
            ) from None
        if exc.reason == "large":
            raise UserError(
                f"金额格式不对或过大：{text!r}",
                f"Not an amount, or too large: {text!r}",
                code="invalid",
            ) from None
        raise UserError(
            f"金额格式不对：{text!r}", f"Not an amount: {text!r}", code="invalid"
        ) from None
