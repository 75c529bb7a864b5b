"""Printed documents (reportlab, no Qt): visit record, household handbook, policy card,
public notice, village roster and ledger. `render(store, Request(kind, ...))` → PDF bytes."""

from exports.pdf.documents import (
    KINDS,
    PER_HOUSEHOLD,
    Rendered,
    Request,
    check,
    least_days,
    render,
    render_each,
    render_report,
)

__all__ = [
    "KINDS",
    "PER_HOUSEHOLD",
    "Rendered",
    "Request",
    "check",
    "least_days",
    "render",
    "render_each",
    "render_report",
]
