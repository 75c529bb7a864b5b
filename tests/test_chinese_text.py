"""Chinese that reads right (issue 12): every Chinese string of the window, the core's
messages and the command line, and the text of every printed document, use full-width
punctuation next to Chinese characters and carry no internal names, True/False or
English system errors. A failure lists file:line; `python scripts/zh_text.py --fix`
repairs the punctuation (see its docstring)."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pypdf import PdfReader

from exports.pdf import KINDS, Request, render
from povdesk.demo.generator import init_and_generate
from povdesk.store import Store

ROOT = Path(__file__).resolve().parents[1]


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("zh_text", ROOT / "scripts" / "zh_text.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["zh_text"] = module
    spec.loader.exec_module(module)
    return module


def test_the_scan_finds_what_it_should() -> None:
    zh = tool()
    assert zh.marks("规定,经农户申请") == [2]
    assert zh.marks("收入(元)") == [2, 4]
    assert zh.marks("Excel 工作簿 (*.xlsx)") == []  # Qt's filter syntax
    assert zh.marks("户主, 配偶") == [2]
    assert not zh.is_chinese("households of 户主, 配偶, 子 and so on")
    assert zh.text_problems("问题：water_unmet") == ["internal name 'water_unmet'"]
    assert zh.text_problems("见 domain.md §3") == ["a project file name"]
    assert zh.text_problems("是否在校：True") == ["True/False/None"]
    assert zh.fixed("年度:{}，共 {} 户(含拟退出)") == "年度：{}，共 {} 户（含拟退出）"


def test_every_chinese_string_of_the_code_reads_right() -> None:
    problems = tool().scan()
    assert problems == [], "\n" + "\n".join(map(str, problems))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("zh") / "demo.sqlite", create=True)
    init_and_generate(store, households=30, seed=3)
    yield store
    store.close()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_printed_document_reads_right(demo: Store, kind: str) -> None:
    zh = tool()
    ids = tuple(h.id for h in demo.households.all())
    request = Request(kind) if kind in ("notice", "roster") else Request(kind, households=ids)
    if kind == "visit":
        visits = [v for h in ids for v in demo.visits.of(h)]
        request = Request(kind, visit=visits[0].id)
    pdf = render(demo, request)
    problems = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        for line in (page.extract_text() or "").splitlines():
            if zh.is_chinese(line):
                problems += [
                    f"{kind} page {n}: {what}: {line!r}" for what in zh.text_problems(line)
                ]
    assert problems == [], "\n" + "\n".join(problems)
