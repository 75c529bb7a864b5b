"""The page every printout shares: margins, styles, and on every page a footer (village,
title, 第 x 页 共 y 页, printed by whom and when, the printout number) and a QR code.

One PDF may hold many records (a village's visit records): each record starts on a new
page and is numbered on its own ("page 2 of 3" of that household's paper), and its QR
code names that record and its version, so a scanned page leads back to both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.tables import TableStyle

from exports.pdf import fonts

MARGIN = 16 * mm
BOTTOM = 30 * mm  # room for the footer and its QR code
QR_SIZE = 20 * mm


@dataclass(frozen=True)
class Record:
    """What one printed record is: the QR code and the footer are made from this."""

    kind: str  # visit, handbook, card, notice, roster
    record_id: str
    rev: int  # the highest Lamport clock value among the rows printed: the version
    title: str
    village: str


@dataclass(frozen=True)
class Printing:
    """Who prints, and when (the same for every record of one printout)."""

    actor: str
    at: dt.datetime


def printout_id(record: Record, printing: Printing) -> str:
    """A short number for one printout of one version of one record."""
    key = f"{record.kind}|{record.record_id}|{record.rev}|{printing.at.isoformat()}"
    return hashlib.sha256(key.encode()).hexdigest()[:10]


def qr_text(record: Record, printing: Printing) -> str:
    return f"povdesk|{record.kind}|{record.record_id}|{record.rev}|{printout_id(record, printing)}"


@dataclass
class Section:
    """One record's pages."""

    record: Record
    story: list[Flowable]


# -- styles -----------------------------------------------------------------------------
def style(
    size: float = 10.5, *, align: Literal[0, 1, 2, 4] = 0, leading: float | None = None
) -> ParagraphStyle:
    return ParagraphStyle(
        f"povdesk-{size}-{align}",
        fontName=fonts.CJK,
        fontSize=size,
        leading=leading or size * 1.45,
        alignment=align,
        wordWrap="CJK",  # Chinese breaks between any two characters
        spaceAfter=size * 0.3,
    )


BODY = style()
SMALL = style(9)
CELL = style(9, leading=12)
TITLE = style(18, align=1, leading=26)
HEADING = ParagraphStyle("povdesk-heading", style(12.5, leading=18), spaceBefore=6)
KEEP_BELOW = 60  # points: a heading needs room for a few lines of what it heads


def para(text: object, st: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(fonts.markup("" if text is None else str(text)), st)


def heading(text: str) -> Flowable:
    return _Heading(para(text, HEADING))


class _Heading(Flowable):
    """A heading that never ends a page: with too little room below it, it asks for more
    than there is and so moves to the next page (keepWithNext would drag a whole table
    along, leaving half a page blank)."""

    def __init__(self, paragraph: Paragraph) -> None:
        super().__init__()
        self.paragraph = paragraph

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        _, h = self.paragraph.wrap(aw, ah)
        return (aw, h) if ah >= h + KEEP_BELOW else (aw, ah + 1)

    def getSpaceBefore(self) -> float:
        return float(self.paragraph.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.paragraph.getSpaceAfter())

    def draw(self) -> None:
        self.paragraph.drawOn(self.canv, 0, 0)


def title(text: str) -> Paragraph:
    return para(text, TITLE)


GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), fonts.CJK, 9),  # never Table's default, Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, "#000000"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def grid(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    header: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A ruled table; a header row repeats on every page it spans. Long or mixed-script
    cells are wrapped paragraphs; a short cell in one font is a plain string in that font
    (a paragraph per cell was most of a village's print time)."""
    commands: list[tuple[Any, ...]] = list(GRID.getCommands())
    cells: list[list[object]] = []
    for row in rows:
        out: list[object] = []
        fonts_used: list[str | None] = []
        for c, cell in enumerate(row):
            if isinstance(cell, Flowable):
                out.append(cell)
                fonts_used.append(None)
                continue
            text = "" if cell is None else str(cell)
            plain = _plain(text, widths[c] - 6)
            out.append(para(text, CELL) if plain is None else text)
            fonts_used.append(plain)
        for part in _continued(out, widths):
            r = len(cells)
            cells.append(part)
            for c, font in enumerate(fonts_used):
                if font is not None:
                    commands.append(("FONT", (c, r), (c, r), font, CELL.fontSize, CELL.leading))
    t = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0, splitByRow=True)
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), "#e6e6e6"))
    t.setStyle(TableStyle([*commands, *extra]))
    return t


ROW_LIMIT = 300  # points: a longer cell goes on in continuation rows


def _continued(row: list[object], widths: Sequence[float]) -> list[list[object]]:
    """A row whose text is too long for a page, as several rows: reportlab cannot break a
    row across pages (its splitInRow repeats the header inside the row)."""
    pieces: list[list[object]] = []
    for c, cell in enumerate(row):
        if not isinstance(cell, Paragraph):
            pieces.append([cell])
            continue
        parts: list[object] = [cell]
        while True:
            last = parts[-1]
            assert isinstance(last, Paragraph)
            _, h = last.wrap(widths[c] - 6, 1e6)
            if h <= ROW_LIMIT:
                break
            split = last.split(widths[c] - 6, ROW_LIMIT)
            if len(split) < 2:
                break
            parts[-1:] = split
        pieces.append(parts)
    depth = max(len(p) for p in pieces)
    if depth == 1:
        return [row]
    return [[p[i] if i < len(p) else "" for p in pieces] for i in range(depth)]


# A date, an amount or a number is never broken across lines (a paragraph in CJK mode
# breaks anywhere, 2026-1 / 2-05): it stays one plain string even where it is tight.
_UNBROKEN = re.compile(r"^[-+]?[\d][\d,.:/ -]*$")


def _plain(text: str, room: float) -> str | None:
    """The font a cell can be set in as a plain string, or None if it needs a paragraph."""
    if "\n" in text:
        return None
    parts = fonts.runs(text)
    if len(parts) > 1:
        return None
    font = parts[0][0] if parts else fonts.CJK
    if _UNBROKEN.match(text):
        return font
    if parts and pdfmetrics.stringWidth(text, font, CELL.fontSize) > room:
        return None
    return font


def sign_off(labels: Sequence[str], width: float) -> list[Flowable]:
    """A signature block at the end of a document: each label with room to sign, then
    the date (e.g. 户主、帮扶责任人; 制表人、审核人)."""
    cells: list[object] = []
    for label in labels:
        cells += [f"{label}（签字）：", ""]
    cells += ["日期：", ""]
    n = len(labels) + 1
    unit = width / n
    widths = [unit * 0.45, unit * 0.55] * n
    table = Table([cells], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.CJK, 10),
                *[("LINEBELOW", (c, 0), (c, 0), 0.5, "#000000") for c in range(1, 2 * n, 2)],
                ("TOPPADDING", (0, 0), (-1, -1), 18),  # room for a hand-written name
            ]
        )
    )
    return [Spacer(1, 18), KeepTogether([table])]


def pairs(items: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Table:
    """Label | value cells, `columns` pairs to a row (a form's header block)."""
    rows: list[list[object]] = []
    for i in range(0, len(items), columns):
        row: list[object] = []
        for label, value in items[i : i + columns]:
            row += [label, value]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    label_w = width * 0.16 if columns == 2 else width * 0.22
    value_w = width / columns - label_w
    shade = [("BACKGROUND", (2 * i, 0), (2 * i, -1), "#f0f0f0") for i in range(columns)]
    return grid(rows, [label_w, value_w] * columns, header=False, extra=shade)


# -- the document -----------------------------------------------------------------------
Progress = Callable[[int, int], None]


class _Mark(Flowable):
    """Zero-size: tells the canvas which record the following pages belong to, and the
    caller how far the build has come (a progress callback may raise to cancel)."""

    def __init__(self, record: Record, index: int, total: int, progress: Progress | None):
        super().__init__()
        self.record = record
        self.index, self.total, self.progress = index, total, progress

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.povdesk_record = self.record  # type: ignore[attr-defined]
        if self.progress is not None:
            self.progress(self.index, self.total)


def _canvas_class(printing: Printing) -> type[Canvas]:
    class PageCanvas(Canvas):
        """Pages are kept until the end, when each record's page count is known."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            # Otherwise every page starts in Helvetica, a standard font never embedded.
            kw["initialFontName"] = fonts.CJK
            super().__init__(*args, **kw)
            self.povdesk_record: Record | None = None
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own reset

        def save(self) -> None:
            totals = Counter(id(p["povdesk_record"]) for p in self._pages)
            seen: Counter[int] = Counter()
            forms: dict[int, str] = {}
            for state in self._pages:
                self.__dict__.update(state)
                record = state["povdesk_record"]
                seen[id(record)] += 1
                if record is not None:
                    key = id(record)
                    if key not in forms:
                        forms[key] = f"qr{len(forms)}"
                        _qr_form(self, forms[key], qr_text(record, printing))
                    _footer(self, record, printing, seen[key], totals[key], forms[key])
                Canvas.showPage(self)
            Canvas.save(self)

    return PageCanvas


def _qr_form(canvas: Canvas, name: str, text: str) -> None:
    """The QR code as a form XObject, drawn once per record and placed on each page."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(text)
    # A fixed mask pattern: any of the eight is a valid code that scanners read; choosing
    # the "best" one scores all eight and took a third of a village's print time.
    code.version = code.calculate_version()  # type: ignore[no-untyped-call]
    code.makeImpl(False, 0)
    n: int = code.getModuleCount()  # type: ignore[no-untyped-call]
    dark: Callable[[int, int], bool] = code.isDark
    cell = QR_SIZE / (n + 2)  # a quiet zone of one module each side (white paper)
    # Whole runs of dark modules as integer rectangles in module units, scaled once:
    # the raw operators, since formatting tens of thousands of floats was the slow part.
    ops = []
    for r in range(n):
        c = 0
        while c < n:
            if dark(r, c):
                start = c
                while c < n and dark(r, c):
                    c += 1
                ops.append(f"{start + 1} {n - r} {c - start} 1 re")
            else:
                c += 1
    canvas.beginForm(name)
    canvas.addLiteral(f"q {cell:.4f} 0 0 {cell:.4f} 0 0 cm 0 g {' '.join(ops)} f Q")
    canvas.endForm()


def _footer(
    canvas: Canvas, record: Record, printing: Printing, page: int, total: int, form: str
) -> None:
    w, _ = canvas._pagesize  # type: ignore[attr-defined]
    canvas.saveState()
    canvas.translate(w - MARGIN - QR_SIZE, 6 * mm)
    canvas.doForm(form)
    canvas.restoreState()
    canvas.saveState()
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, BOTTOM - 4 * mm, w - MARGIN, BOTTOM - 4 * mm)
    left = MARGIN
    right = w - MARGIN - QR_SIZE - 4 * mm
    y = 19 * mm
    fonts.draw(canvas, left, y, f"{record.village} · {record.title}", 9)
    fonts.draw(canvas, right, y, f"第 {page} 页 共 {total} 页", 9, align="right")
    when = printing.at.astimezone().strftime("%Y-%m-%d %H:%M")
    fonts.draw(canvas, left, y - 5 * mm, f"打印人：{printing.actor}  打印时间：{when}", 8)
    fonts.draw(
        canvas,
        left,
        y - 10 * mm,
        f"打印编号：{printout_id(record, printing)}  记录版本：{record.rev}",
        8,
    )
    canvas.restoreState()


def build(
    sections: Sequence[Section],
    printing: Printing,
    *,
    wide: bool = False,
    progress: Progress | None = None,
) -> bytes:
    """All sections in one PDF, each record starting on a new page."""
    fonts.ensure_fonts()
    size = landscape(A4) if wide else A4
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM,
        title=sections[0].record.title if sections else "",
        author=printing.actor,
        creator="povdesk",
    )
    story: list[Flowable] = []
    for i, section in enumerate(sections):
        if i:
            story.append(PageBreak())
        story.append(_Mark(section.record, i, len(sections), progress))
        story += section.story
    doc.build(story, canvasmaker=_canvas_class(printing))
    if progress is not None:
        progress(len(sections), len(sections))
    return buf.getvalue()


def frame_width(wide: bool = False) -> float:
    w = (landscape(A4) if wide else A4)[0]
    return float(w - 2 * MARGIN)
