"""Money as people type and read it (yuan) and as povdesk keeps it (integer fen)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from povdesk.errors import UserError

# A trillion yuan: far above any real amount, and far inside SQLite's 64-bit integers.
LIMIT = Decimal(10) ** 12


def yuan(fen: int) -> str:
    """12345 -> "123.45"; exact, never through a float."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def to_fen(text: str) -> int:
    """ "1,500.5" -> 150050. More than two decimals is refused, not rounded: a fen that
    silently disappears is a fen nobody can trace."""
    cleaned = text.strip().replace(",", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise UserError(
            f"金额格式不对：{text!r}", f"Not an amount: {text!r}", code="invalid"
        ) from None
    if not value.is_finite() or abs(value) >= LIMIT:
        raise UserError(
            f"金额格式不对或过大：{text!r}",
            f"Not an amount, or too large: {text!r}",
            code="invalid",
        )
    if value != value.quantize(Decimal("0.01")):
        raise UserError(
            f"金额最多两位小数：{text}", f"At most two decimals: {text}", code="invalid"
        )
    return int(value * 100)
