"""A small demo village (20 households) shared by the printout tests, and PDF helpers."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from povdesk.demo.generator import init_and_generate
from povdesk.store import Store

TODAY = dt.date(2026, 6, 30)
AT = dt.datetime(2026, 6, 30, 8, 0, tzinfo=dt.UTC)
PAGE_NO = re.compile(r"第 (\d+) 页 共 (\d+) 页")
STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def make_demo(path: Path, households: int = 20) -> Store:
    store = Store(path, create=True)
    init_and_generate(store, households=households, seed=1, today=TODAY)
    store.actor = "王打印"
    return store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = make_demo(tmp_path_factory.mktemp("print") / "demo.sqlite")
    yield store
    store.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Store]:
    """A demo village a test may change."""
    store = make_demo(tmp_path / "fresh.sqlite")
    yield store
    store.close()


def pages(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text without the line breaks and spaces that wrapping put in."""
    return re.sub(r"\s+", "", text)


def body(got: list[str]) -> str:
    """The pages' text without their footers, flattened: what runs across pages."""
    lines = [
        line
        for text in got
        for line in text.splitlines()
        if not (PAGE_NO.search(line) or "打印人:" in line or "打印编号:" in line)
    ]
    return flat("".join(lines))


def font_problems(pdf: bytes) -> list[str]:
    """Every font used on any page must be embedded, and none a standard-14 font."""
    problems = []
    fonts_seen = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            continue
        for name, ref in fonts.get_object().items():
            font = ref.get_object()
            fonts_seen += 1
            base = str(font.get("/BaseFont", "")).lstrip("/")
            if base.split("+")[-1] in STANDARD_14:
                problems.append(f"{name}: standard font {base}")
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"{name}: {base} not embedded")
    if not fonts_seen:
        problems.append("no fonts at all")
    return problems
