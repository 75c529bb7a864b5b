"""The fonts every printout is set in, embedded as subsets so a PDF prints the same anywhere.

reportlab embeds TrueType (glyf) outlines only. The bundled CJK font, Droid Sans Fallback,
has no ASCII glyphs at all (no digits, no Latin letters), so text is split into runs: CJK
characters in Droid Sans Fallback, Latin letters, digits and ASCII punctuation in DejaVu
Sans. No text ever falls back to one of the 14 standard PDF fonts (those are not
embedded, and have no Chinese).
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from povdesk.errors import UserError

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "fonts"
CJK_FILE = RESOURCES / "DroidSansFallbackFull.ttf"
LATIN_FILE = RESOURCES / "DejaVuSans.ttf"
CJK = "povdesk-cjk"
LATIN = "povdesk-latin"
# Below the CJK blocks the Latin font draws whatever it has (its shapes are the ones
# meant for digits and punctuation); from the CJK radicals on, the CJK font does.
_CJK_START = 0x2E80


def ensure_fonts(cjk_file: Path | None = None, latin_file: Path | None = None) -> None:
    """Register both fonts once; a missing or unreadable file is the user's to fix."""
    for name, path in ((CJK, cjk_file or CJK_FILE), (LATIN, latin_file or LATIN_FILE)):
        if not path.is_file():
            raise UserError(
                f"找不到打印用字体文件：{path}。请重新安装 povdesk（字体随程序提供）。",
                f"The font file for printing is missing: {path}. Reinstall povdesk "
                "(the fonts ship with it).",
                code="font_missing",
            )
        if name in pdfmetrics.getRegisteredFontNames():
            continue
        _latin_chars.cache_clear()
        runs.cache_clear()
        width.cache_clear()
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except Exception as exc:  # reportlab raises TTFError and plain errors alike
            raise UserError(
                f"字体文件无法使用（文件损坏或不是 TrueType 字体）：{path}",
                f"The font file cannot be used: {path} ({exc})",
                code="font_bad",
            ) from None


@cache
def _latin_chars() -> frozenset[int]:
    cjk = pdfmetrics.getFont(CJK).face.charToGlyph  # type: ignore[attr-defined]
    latin = pdfmetrics.getFont(LATIN).face.charToGlyph  # type: ignore[attr-defined]
    return frozenset(c for c in latin if c < _CJK_START or c not in cjk)


@lru_cache(maxsize=8192)
def runs(text: str) -> tuple[tuple[str, str], ...]:
    """(font name, text) runs, each in the font that has its glyphs. Remembered: a
    village's printout sets the same labels, headings and values thousands of times."""
    latin = _latin_chars()
    out: list[tuple[str, str]] = []
    start = 0
    current = ""
    for i, ch in enumerate(text):
        font = LATIN if ord(ch) in latin else CJK
        if font != current:
            if i > start:
                out.append((current, text[start:i]))
            start, current = i, font
    if len(text) > start:
        out.append((current, text[start:]))
    return tuple(out)


def markup(text: str) -> str:
    """Paragraph markup for plain text: escaped, Latin runs in the Latin font, line
    breaks kept. Paragraph styles name the CJK font, so only Latin runs are tagged."""
    parts = []
    for font, run in runs(text):
        safe = escape(run).replace("\n", "<br/>")
        parts.append(f'<font face="{LATIN}">{safe}</font>' if font == LATIN else safe)
    return "".join(parts)


@lru_cache(maxsize=8192)
def width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs(text))


def draw(canvas: Canvas, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    """Draw one line on a canvas in runs (for the footer, outside any Paragraph)."""
    if align != "left":
        w = width(text, size)
        x -= w if align == "right" else w / 2
    # One text object, so a PDF reader extracts the line as one line.
    obj = canvas.beginText()
    line_into(obj, x, y, text, size)
    canvas.drawText(obj)


def line_into(obj: PDFTextObject, x: float, y: float, text: str, size: float) -> None:
    """One line set at (x, y) in runs, into a text object that may hold other lines."""
    obj.setTextOrigin(x, y)
    for font, run in runs(text):
        obj.setFont(font, size)
        obj.textOut(run)
