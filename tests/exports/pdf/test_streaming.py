"""A village's printout made a few households at a time (issue 17): every household's
record, in 户编号 order, with its own text, whatever the chunk size; the QR code's own
Reed-Solomon step gives reportlab's bytes; the CLI's progress bar stays off a pipe."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

from app.main import main
from exports.pdf import Request, page, qr, render, render_each, render_report
from exports.pdf.page import Text, para
from povdesk.store import Store
from tests.exports.conftest import AT, PAGE_NO, flat, pages


def latest_visits(store: Store) -> list[tuple[str, str, str]]:
    """(户编号, head's name, the latest visit's findings) of each visited household, in
    户编号 order: what a village's printout holds, page by page."""
    out = []
    for f in sorted(store.households.files(), key=lambda f: f.household.number):
        if f.visits:
            visit = max(f.visits, key=lambda v: (v.at, v.rev))
            head = f.head.name if f.head else ""
            out.append((f.household.number, head, flat(visit.findings or "无")))
    return out


def records(pdf: bytes) -> list[str]:
    """Each record's text (its pages joined), in the order printed."""
    out: list[str] = []
    for text in pages(pdf):
        m = PAGE_NO.search(text)
        assert m is not None
        if m.group(1) == "1":
            out.append(text)
        else:
            out[-1] += "\n" + text
    return out


@pytest.mark.parametrize("chunk", [1, 3, 7, 500])
def test_every_household_in_order_whatever_the_chunk(demo: Store, chunk: int) -> None:
    expected = latest_visits(demo)
    assert len(expected) > 7  # several chunks of 3 and of 7, and a last short one
    pdf = render_report(demo, Request("visit"), at=AT, chunk=chunk).pdf
    got = records(pdf)
    assert len(got) == len(expected)
    for text, (number, head, findings) in zip(got, expected, strict=True):
        assert number in text
        assert head in text
        assert findings in flat(text)


def test_chunks_change_nothing_on_paper(demo: Store) -> None:
    one = pages(render_report(demo, Request("visit"), at=AT, chunk=2).pdf)
    whole = pages(render_report(demo, Request("visit"), at=AT, chunk=10_000).pdf)
    assert one == whole


def test_named_households_print_in_the_order_named_across_chunks(demo: Store) -> None:
    numbers = [n for n, _, _ in latest_visits(demo)][:5][::-1]
    pdf = render_report(demo, Request("visit", households=tuple(numbers)), at=AT, chunk=2).pdf
    got = records(pdf)
    assert [next(n for n in numbers if n in t) for t in got] == numbers


def test_no_id_number_on_a_visit_record(demo: Store) -> None:
    text = "\n".join(pages(render(demo, Request("visit"), at=AT)))
    ids = [m.id_number for f in demo.households.files() for m in f.members if m.id_number]
    assert ids
    assert not [i for i in ids if i in text]


def test_written_into_a_file_as_made(demo: Store) -> None:
    buf = io.BytesIO()
    done = render_report(demo, Request("visit"), at=AT, into=buf)
    assert done.pdf == b""
    assert pages(buf.getvalue()) == pages(render(demo, Request("visit"), at=AT))


def test_progress_reaches_the_end_and_can_cancel(demo: Store) -> None:
    seen: list[tuple[int, int]] = []
    render(demo, Request("visit"), at=AT, progress=lambda d, t: seen.append((d, t)))
    total = len(demo.households.all())
    assert seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    class Stop(Exception):
        pass

    def stop(done: int, total: int) -> None:
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        render(demo, Request("visit"), at=AT, progress=stop)


def test_split_files_read_in_chunks(demo: Store) -> None:
    got = [number for number, _ in render_each(demo, Request("card"), at=AT, chunk=3)]
    assert got == sorted(h.number for h in demo.households.all())


def test_cli_prints_no_bar_into_a_pipe(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "v.pdf"
    assert main(["print", "visit", "--db", demo.target, "--all", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "正在生成" not in err and "\r" not in err
    assert len(records(out.read_bytes())) == len(latest_visits(demo))


@pytest.mark.parametrize(
    "text",
    ["povdesk|visit|abc|7|0123456789", "a", "12345", "x" * 200, "povdesk|handbook|" + "9" * 40],
)
def test_qr_code_is_reportlabs_own(text: str) -> None:
    code = QRCode(None, QRErrorCorrectLevel.M)  # type: ignore[no-untyped-call]
    code.addData(text)  # type: ignore[no-untyped-call]
    version = code.calculate_version()  # type: ignore[no-untyped-call]
    level, data = code.errorCorrectLevel, code.dataList
    assert qr.code_words(version, level, data) == QRCode.createData(version, level, data)  # type: ignore[no-untyped-call]
    code.version = version
    code.makeImpl(False, 0)  # type: ignore[no-untyped-call]
    assert qr.modules(text) == [[bool(m) for m in row] for row in code.modules]


def test_one_line_text_and_a_long_one() -> None:
    short = para("发现问题")
    assert isinstance(short, Text)
    assert short.wrap(400, 800)[1] == short.style.leading
    long = para("家中粮食充足，" * 40)
    _, h = long.wrap(400, 800)
    assert h > 3 * long.style.leading  # wrapped over several lines
    parts = long.split(400, 2 * long.style.leading + 1)
    assert len(parts) == 2


def test_plain_table_draws_what_the_table_would() -> None:
    from reportlab.platypus import SimpleDocTemplate

    from exports.pdf import fonts
    from exports.pdf.plain_table import PlainTable

    fonts.ensure_fonts()
    rows = [
        ["核查项目", "结果"],
        ["饮水安全", "已保障"],
        ["家庭人口", "5 人"],
        ["日期", "2026-03-07"],
    ]
    plain = page.grid(rows, [200.0, 200.0])
    assert isinstance(plain, PlainTable)

    def text_of(flowable: object) -> str:
        buf = io.BytesIO()
        SimpleDocTemplate(buf).build([flowable])  # type: ignore[list-item]
        return "\n".join(pages(buf.getvalue()))

    drawn = text_of(plain)
    assert plain._table is None  # drawn by itself, no reportlab Table made
    # The same words in the same order (one text object per table puts a row's cells
    # on one extracted line, where the Table's text objects put each on its own).
    table = text_of(page.grid(rows, [200.0, 200.0]).table())  # type: ignore[attr-defined]
    assert drawn.split() == table.split()
    for cell in ("饮水安全", "已保障", "5 人", "2026-03-07"):
        assert cell in drawn


def test_plain_table_leaves_long_cells_to_the_table() -> None:
    from exports.pdf.plain_table import PlainTable

    long = page.grid([["发现问题", "家中粮食充足，" * 30]], [100.0, 300.0], header=False)
    assert isinstance(long, PlainTable)
    _, h = long.wrap(400, 800)
    assert long._table is not None  # the cell wraps: reportlab's Table sets it
    assert h > 3 * page.CELL.leading
