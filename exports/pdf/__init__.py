"""Printed documents (reportlab, no Qt): visit record, household handbook, policy card,
public notice, village roster and ledger. `render(store, Request(kind, ...))` → PDF bytes."""

from exports.pdf.documents import KINDS, PER_HOUSEHOLD, Request, render, render_each

__all__ = ["KINDS", "PER_HOUSEHOLD", "Request", "render", "render_each"]
