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
import zlib
from collections.abc import Callable, Iterable, Sequence, Sized
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any, BinaryIO, Literal

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.tables import TableStyle

from exports.pdf import fonts, qr
from exports.pdf.plain_table import PlainTable

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


def para(text: object, st: ParagraphStyle = BODY) -> Flowable:
    return Text("" if text is None else str(text), st)


class Text(Flowable):
    """Plain text in a paragraph style. Most printed texts are one short line (a title,
    a heading, a label, a finding): those are drawn as one line, without the markup
    parsing and line breaking a Paragraph does for each (that was most of a village's
    print time). Anything longer is a Paragraph, made when it turns out to be needed."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self._para: Paragraph | None = None
        self._width = -1.0  # the line's width, when it is one line

    def paragraph(self) -> Paragraph:
        if self._para is None:
            self._para = Paragraph(fonts.markup(self.text), self.style)
        return self._para

    def one_line(self, aw: float) -> bool:
        """Whether the text is set as one line in a width of `aw`."""
        if self._para is not None or "\n" in self.text:
            return False
        if self._width < 0:
            self._width = fonts.width(self.text, self.style.fontSize)
        if self._width <= aw - self.style.leftIndent - self.style.rightIndent:
            return True
        self.paragraph()
        return False

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self.one_line(aw):
            self.width, self.height = aw, self.style.leading
            return aw, self.style.leading
        w, h = self.paragraph().wrap(aw, ah)
        self.width, self.height = w, h
        return w, h

    def split(self, aw: float, ah: float) -> list[Flowable]:
        if self.one_line(aw):
            return []  # one line either fits or moves on whole
        return list(self.paragraph().split(aw, ah))

    def getSpaceBefore(self) -> float:  # reportlab's name
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if self._para is not None:
            self._para.drawOn(canvas, x, y, _sW)  # type: ignore[call-arg]
            return
        # One line is drawn where it goes: without the saved, moved and restored canvas
        # state a flowable is drawn in (thousands of times for a village).
        obj = canvas.beginText()
        self.line_into(obj, x, y)
        canvas.drawText(obj)

    def line_into(self, obj: PDFTextObject, x: float, y: float) -> bool:
        """The one line into a text object shared with other lines (a table's), placed
        as drawOn places it; False, and nothing drawn, when the text is a paragraph."""
        if self._para is not None:
            return False
        st = self.style
        x += st.leftIndent
        align = int(st.alignment)
        if align in (1, 2):  # centred, right-aligned
            room = self.width - st.leftIndent - st.rightIndent
            if self._width < 0:
                self._width = fonts.width(self.text, st.fontSize)
            x += room / 2 - self._width / 2 if align == 1 else room - self._width
        fonts.line_into(obj, x, y + self.height - st.fontSize, self.text, st.fontSize)
        return True

    def draw(self) -> None:
        self.drawOn(self.canv, 0, 0)


def heading(text: str) -> Flowable:
    return _Heading(para(text, HEADING))


class _Heading(Flowable):
    """A heading that never ends a page: with too little room below it, it asks for more
    than there is and so moves to the next page (keepWithNext would drag a whole table
    along, leaving half a page blank)."""

    def __init__(self, paragraph: Flowable) -> None:
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


def title(text: str) -> Flowable:
    return para(text, TITLE)


# Colours as objects: a colour named by a string is parsed again at every table drawn.
BLACK = HexColor("#000000")
HEADER_GREY = HexColor("#e6e6e6")
LABEL_GREY = HexColor("#f0f0f0")

GRID = TableStyle(
    [
        # Never Table's default, Helvetica; the cells' own size and leading, so that
        # only a cell in the Latin font needs a command of its own.
        ("FONT", (0, 0), (-1, -1), fonts.CJK, CELL.fontSize, CELL.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, BLACK),
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
) -> Flowable:
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
                if font is not None and font != fonts.CJK:
                    commands.append(("FONT", (c, r), (c, r), font, CELL.fontSize, CELL.leading))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_GREY))
    commands += extra

    def table() -> Table:
        t = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0, splitByRow=True)
        t.setStyle(TableStyle(commands))
        return t

    return PlainTable(cells, widths, commands, table)


ROW_LIMIT = 300  # points: a longer cell goes on in continuation rows


def _continued(row: list[object], widths: Sequence[float]) -> list[list[object]]:
    """A row whose text is too long for a page, as several rows: reportlab cannot break a
    row across pages (its splitInRow repeats the header inside the row)."""
    if not any(isinstance(cell, (Text, Paragraph)) for cell in row):
        return [row]  # plain strings: one line each
    pieces: list[list[object]] = []
    for c, cell in enumerate(row):
        if isinstance(cell, Text):
            if cell.one_line(widths[c] - 6):
                pieces.append([cell])
                continue
            cell = cell.paragraph()
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


@lru_cache(maxsize=8192)  # the same labels and values, thousands of times a village
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
                *[("LINEBELOW", (c, 0), (c, 0), 0.5, BLACK) for c in range(1, 2 * n, 2)],
                ("TOPPADDING", (0, 0), (-1, -1), 18),  # room for a hand-written name
            ]
        )
    )
    return [Spacer(1, 18), KeepTogether([table])]


def pairs(items: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Flowable:
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
    shade = [("BACKGROUND", (2 * i, 0), (2 * i, -1), LABEL_GREY) for i in range(columns)]
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
        """A record's pages are held back until its last one is done, when its page
        count is known; then they get their footers and go into the document, each
        page's content compressed at once. Only one record's pages are ever waiting: a
        village's printout of 10,000 records used to keep every page until the end."""

        def __init__(self, *args: Any, **kw: Any) -> None:
            # Otherwise every page starts in Helvetica, a standard font never embedded.
            kw["initialFontName"] = fonts.CJK
            super().__init__(*args, **kw)
            self.povdesk_record: Record | None = None
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            waiting = self._pages
            if waiting and waiting[-1]["povdesk_record"] is not self.povdesk_record:
                current = dict(self.__dict__)
                self._flush()
                self.__dict__.update(current)
            waiting.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own reset

        def _flush(self) -> None:
            # The saved states all share this one list: it is emptied in place.
            pages = list(self._pages)
            self._pages.clear()
            record = pages[0]["povdesk_record"] if pages else None
            qr_ops = qr.operators(qr_text(record, printing), QR_SIZE) if record else ""
            for number, state in enumerate(pages, 1):
                self.__dict__.update(state)
                if record is not None:
                    form = self._footer_form(record)
                    _footer(self, record, printing, number, len(pages), qr_ops, form)
                Canvas.showPage(self)
                _compress_last_page(self)

        def _footer_form(self, record: Record) -> str:
            """The footer's unchanging part (its rule, the village and title, who
            printed and when) drawn once per document as a form, placed on every page."""
            forms: dict[tuple[str, str], str] = self.__dict__.setdefault("povdesk_forms", {})
            key = (record.village, record.title)
            if key not in forms:
                forms[key] = f"footer{len(forms)}"
                self.beginForm(forms[key])
                _footer_static(self, record, printing)
                self.endForm()
            return forms[key]

        def save(self) -> None:
            self._flush()
            Canvas.save(self)

    return PageCanvas


def _compress_last_page(canvas: Canvas) -> None:
    """The page just added, its content compressed now rather than when the document
    is written (reportlab keeps every page's content as text until then)."""
    page = canvas._doc.Pages.pages[-1]  # type: ignore[attr-defined]
    if not canvas._pageCompression or page.stream is None:  # type: ignore[attr-defined]
        return
    content = page.stream.encode("utf8") if isinstance(page.stream, str) else page.stream
    # Level 1: a tenth of a village's print time less than the default level, for a file
    # about a fifth larger (1.8 MB for 500 records in place of 1.5 MB).
    data = zlib.compress(content, 1)
    stream = PDFStream(PDFDictionary({"Filter": PDFName("FlateDecode")}), data)
    stream.__Comment__ = "page stream"  # type: ignore[attr-defined]
    page.Contents = stream
    page.stream = None


def _footer(
    canvas: Canvas,
    record: Record,
    printing: Printing,
    page: int,
    total: int,
    qr_ops: str,
    form: str,
) -> None:
    w, _ = canvas._pagesize  # type: ignore[attr-defined]
    canvas.doForm(form)
    canvas.saveState()
    canvas.translate(w - MARGIN - QR_SIZE, 6 * mm)
    canvas.addLiteral(qr_ops)  # the code is made once per record (a few hundred bytes)
    canvas.restoreState()
    right = w - MARGIN - QR_SIZE - 4 * mm
    y = 19 * mm
    fonts.draw(canvas, right, y, f"第 {page} 页 共 {total} 页", 9, align="right")
    fonts.draw(
        canvas,
        MARGIN,
        y - 10 * mm,
        f"打印编号：{printout_id(record, printing)}  记录版本：{record.rev}",
        8,
    )


def _footer_static(canvas: Canvas, record: Record, printing: Printing) -> None:
    w, _ = canvas._pagesize  # type: ignore[attr-defined]
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, BOTTOM - 4 * mm, w - MARGIN, BOTTOM - 4 * mm)
    y = 19 * mm
    fonts.draw(canvas, MARGIN, y, f"{record.village} · {record.title}", 9)
    when = printing.at.astimezone().strftime("%Y-%m-%d %H:%M")
    fonts.draw(canvas, MARGIN, y - 5 * mm, f"打印人：{printing.actor}  打印时间：{when}", 8)


def build(
    sections: Iterable[Section],
    printing: Printing,
    *,
    wide: bool = False,
    progress: Progress | None = None,
    total: int | None = None,
    into: BinaryIO | None = None,
) -> bytes:
    """All sections in one PDF, each record starting on a new page. `sections` may be a
    generator: each is laid out and let go before the next is asked for, so memory does
    not grow with their number. `total` is their count for `progress` (by default
    len(sections)); with `into` the PDF is written there and b"" returned."""
    fonts.ensure_fonts()
    if total is None:
        total = len(sections) if isinstance(sections, Sized) else 0
    items = iter(sections)
    first = next(items, None)
    size = landscape(A4) if wide else A4
    buf = into if into is not None else io.BytesIO()
    doc = _Document(
        buf,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM,
        title=first.record.title if first else "",
        author=printing.actor,
        creator="povdesk",
    )
    everything = items if first is None else chain([first], items)
    done = doc.build_sections(everything, _canvas_class(printing), total, progress)
    if progress is not None:
        progress(done, max(total, done))
    return buf.getvalue() if into is None and isinstance(buf, io.BytesIO) else b""


class _Document(SimpleDocTemplate):
    """reportlab's document, fed one record's flowables at a time. Its own `build`
    takes one list of every flowable, and takes each from the front of that list
    (a copy of the rest each time: slow, and all of it in memory at once)."""

    def build_sections(
        self,
        sections: Iterable[Section],
        canvasmaker: type[Canvas],
        total: int,
        progress: Progress | None,
    ) -> int:
        """The document built from `sections` (as SimpleDocTemplate.build does it, one
        flowable list at a time); gives how many sections there were."""
        self._calc()  # type: ignore[attr-defined]
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="normal")
        self.addPageTemplates(
            [
                PageTemplate(id="First", frames=frame, pagesize=self.pagesize),
                PageTemplate(id="Later", frames=frame, pagesize=self.pagesize),
            ]
        )
        self._startBuild(None, canvasmaker)  # type: ignore[attr-defined]
        canvas = self.canv
        info = canvas._doc.info  # type: ignore[attr-defined]
        count = 0
        try:
            canvas._doctemplate = self  # type: ignore[attr-defined]
            for i, section in enumerate(sections):
                flowables: list[Flowable] = [PageBreak()] if i else []
                flowables.append(_Mark(section.record, i, total, progress))
                flowables += section.story
                while flowables:
                    self.clean_hanging()
                    self.handle_flowable(flowables)
                count = i + 1
        finally:
            del canvas._doctemplate  # type: ignore[attr-defined]
        canvas._doc.info = info  # type: ignore[attr-defined]
        self._endBuild()  # type: ignore[attr-defined]
        return count


def frame_width(wide: bool = False) -> float:
    w = (landscape(A4) if wide else A4)[0]
    return float(w - 2 * MARGIN)
