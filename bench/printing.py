"""Benchmark of the printouts (issue 4): the visit records of a 500-household village in
one PDF, against a minimal reportlab document of the same text and page count made in
the same run (one paragraph per page in the same embedded fonts: no tables, no footer,
no QR code). Targets: within 3x of that baseline, and under 5 s.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Iterator
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate

from exports.pdf import Request, fonts, render
from povdesk.demo.generator import init_and_generate
from povdesk.store import Store

TODAY = dt.date(2026, 6, 30)
HOUSEHOLDS = 500  # the village size, whatever `make bench` uses for the core


def run(tmp: Path, households: int) -> Iterator[str]:
    n = min(households, HOUSEHOLDS)
    store = Store(tmp / "printing.sqlite", create=True)
    init_and_generate(store, households=n, seed=1, today=TODAY)
    fonts.ensure_fonts()
    render(store, Request("visit", households=(store.households.all()[0].id,)))  # warm up
    # Best of three for both sides: the machine is shared, and a single run of either
    # would measure the neighbours as much as the printing.
    t_print, pdf = float("inf"), b""
    for _ in range(3):
        start = time.perf_counter()
        pdf = render(store, Request("visit"))
        t_print = min(t_print, time.perf_counter() - start)
    store.close()
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    t_base = min(_timed_baseline(pages) for _ in range(3))
    ratio = t_print / t_base
    yield f"printing: visit records of a {n}-household village, {len(pages)} pages in one PDF"
    yield (
        f"  {'visit records (one PDF)':<34} {t_print:8.3f} s   baseline {t_base:7.3f} s   "
        f"ratio {ratio:6.2f}x  (minimal reportlab document, same text and page count)  "
        f"target <= 3x: {'met' if ratio <= 3 else 'NOT met'}; "
        f"target < 5 s: {'met' if t_print < 5 else 'NOT met'}"
    )


def _timed_baseline(pages: list[str]) -> float:
    start = time.perf_counter()
    _baseline(pages)
    return time.perf_counter() - start


def _baseline(pages: list[str]) -> bytes:
    style = ParagraphStyle("plain", fontName=fonts.CJK, fontSize=9, leading=12, wordWrap="CJK")
    story: list[Flowable] = []
    for i, text in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.append(Paragraph(fonts.markup(text), style))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()
