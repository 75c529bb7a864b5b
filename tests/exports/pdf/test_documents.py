"""Each printout from the demo village: the household's real values are in the PDF's
extracted text, every font is embedded, and the public notice leaks nothing."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from exports.pdf import Request, render
from exports.pdf.page import Printing, Record, printout_id, qr_text
from exports.pdf.source import yuan
from povdesk.codes import HouseholdStatus
from povdesk.rules.income import net_income, per_capita_net
from povdesk.store import Store
from tests.exports.conftest import AT, PAGE_NO, body, flat, font_problems, pages


def visited(store: Store) -> list:  # type: ignore[type-arg]
    return [f for f in store.households.files() if f.visits]


def test_visit_record_holds_the_visit_and_the_household(demo: Store) -> None:
    file = visited(demo)[0]
    visit = max(file.visits, key=lambda v: (v.at, v.rev))
    pdf = render(demo, Request("visit", households=(file.household.number,)), at=AT)
    text = "\n".join(pages(pdf))
    body = flat(text)
    assert file.household.number in text
    assert file.head is not None and file.head.name in text
    assert flat(visit.findings) in body
    assert flat(visit.next_steps) in body
    cadre = demo.cadres.get(visit.cadre_ids[0])
    assert cadre.name in text
    assert "户主（签字或按手印）" in text and "帮扶干部（签字）" in text
    assert font_problems(pdf) == []


def test_village_visit_records_number_their_pages_per_household(demo: Store) -> None:
    files = visited(demo)
    pdf = render(demo, Request("visit"), at=AT)
    numbers = [PAGE_NO.search(p) for p in pages(pdf)]
    assert all(numbers)
    starts = [m for m in numbers if m is not None and m.group(1) == "1"]
    assert len(starts) == len(files)  # one record per visited household
    for m in numbers:
        assert m is not None and 1 <= int(m.group(1)) <= int(m.group(2))


def test_handbook_holds_members_income_and_measures(demo: Store) -> None:
    file = next(f for f in demo.households.files() if f.measures and f.incomes and f.size)
    pdf = render(demo, Request("handbook", households=(file.household.id,)), at=AT)
    text = "\n".join(pages(pdf))
    body = flat(text)
    assert len(pages(pdf)) >= 2
    for m in file.present:
        assert m.name in text
        if m.id_number:
            assert m.id_number in body  # the household's own book: the full number
    for inc in file.incomes:
        assert yuan(per_capita_net(net_income(inc), file.size)) in body
    for measure in file.measures:
        assert flat(measure.content) in body
        assert yuan(measure.cost) in body
    assert "户主签字" in text
    assert font_problems(pdf) == []


def test_policy_card_is_one_page_with_cadre_and_amounts(demo: Store) -> None:
    file = next(f for f in demo.households.files() if f.measures and f.pairings)
    pdf = render(demo, Request("card", households=(file.household.number,)), at=AT)
    got = pages(pdf)
    assert len(got) == 1
    text = got[0]
    cadre = demo.cadres.get(file.pairings[-1].cadre_id)
    assert cadre.name in text and cadre.phone in text
    for measure in file.measures:
        assert yuan(measure.cost) in text
    assert "12317" in text
    assert yuan(sum(f.amount for f in file.funds)) in text
    assert font_problems(pdf) == []


def test_notice_masks_ids_and_leaves_out_private_data(demo: Store) -> None:
    proposed = [
        f for f in demo.households.files() if f.household.status == HouseholdStatus.PROPOSED.value
    ]
    assert proposed, "the demo village has households proposed for exit"
    pdf = render(demo, Request("notice"), at=AT)
    text = "\n".join(pages(pdf))
    body = flat(text)
    for f in proposed:
        assert f.head is not None
        assert f.head.name in text
        assert demo.config.mask_id(f.head.id_number) in body
    assert not re.search(r"\d{17}[\dXx]", body), "an unmasked ID number"
    for f in demo.households.files():
        for secret in (f.household.bank_account, f.household.phone):
            if secret:
                assert secret not in body
        inc = f.latest_income(9999)
        if inc is not None and f.size:
            assert yuan(per_capita_net(net_income(inc), f.size)) not in body
    assert "公示期为2026年6月30日至2026年7月6日，共7天" in body
    assert font_problems(pdf) == []


def test_notice_follows_the_configured_mask(fresh: Store) -> None:
    fresh.config.set_id_mask(3, 2)
    head = next(
        f.head
        for f in fresh.households.files()
        if f.household.status == HouseholdStatus.PROPOSED.value and f.head
    )
    body = flat("".join(pages(render(fresh, Request("notice"), at=AT))))
    assert head.id_number[:3] + "*" * 13 + head.id_number[-2:] in body
    assert head.id_number[:6] + "*" * 8 not in body


def test_roster_totals_add_up_to_the_ledger(fresh: Store) -> None:
    entry = fresh.funds.entries()[0]
    fresh.funds.reverse(entry.id, "录入金额有误")  # a reversal counts, negative
    pdf = render(fresh, Request("roster"), at=AT)
    body = flat("\n".join(pages(pdf)))
    total = fresh.funds.total()
    assert f"合计{yuan(total)}元" in body
    by_source: dict[str, int] = defaultdict(int)
    for e in fresh.funds.entries():
        by_source[e.source] += e.amount
    assert sum(by_source.values()) == total
    for amount in by_source.values():
        assert yuan(amount) in body
    reversals = sum(1 for e in fresh.funds.entries() if e.reverses_id is not None)
    assert reversals >= 1
    assert f"共{len(fresh.funds.entries())}笔（其中冲销{reversals}笔）" in body
    for f in fresh.households.files():
        assert f.household.number in body
    assert font_problems(pdf) == []


def test_roster_headers_repeat_on_every_table_page(demo: Store) -> None:
    got = pages(render(demo, Request("roster"), at=AT))
    numbers = [h.number for h in demo.households.all()]
    with_rows = [p for p in got if any(n in p for n in numbers)]
    assert len(with_rows) >= 2  # the household table runs over a page
    for p in with_rows:
        assert "户编号" in p and "户主" in p  # its header row came along


def test_qr_and_footer_name_the_record_version_and_printout(demo: Store) -> None:
    record = Record("visit", "abc", 7, "入户走访记录", "青龙村")
    printing = Printing("王打印", AT)
    text = qr_text(record, printing)
    assert text.split("|") == ["povdesk", "visit", "abc", "7", printout_id(record, printing)]
    later = Printing("王打印", AT.replace(hour=9))
    assert printout_id(record, later) != printout_id(record, printing)
    newer = Record("visit", "abc", 8, "入户走访记录", "青龙村")
    assert printout_id(newer, printing) != printout_id(record, printing)
    file = visited(demo)[0]
    footer = pages(render(demo, Request("visit", households=(file.household.id,)), at=AT))[0]
    assert "打印人：王打印" in footer
    assert "打印时间：2026-06-30" in footer
    assert re.search(r"打印编号：[0-9a-f]{10}", footer)


def test_the_version_on_paper_follows_the_record(fresh: Store) -> None:
    hh = fresh.households.all()[0]

    def version() -> int:
        text = pages(render(fresh, Request("handbook", households=(hh.id,)), at=AT))[0]
        found = re.search(r"记录版本：(\d+)", text)
        assert found
        return int(found.group(1))

    before = version()
    fresh.households.update(hh.id, {"note": "改了备注"})
    assert version() > before


@pytest.mark.parametrize(("kind", "times"), [("visit", 240), ("handbook", 360), ("card", 0)])
def test_long_text_wraps_and_splits_across_pages(fresh: Store, kind: str, times: int) -> None:
    file = visited(fresh)[0]
    phrase = "该户反映村道年久失修雨天泥泞出行困难"
    long = phrase * 120
    name = "欧阳" + "长" * 40 + "名"
    cadre = fresh.cadres.add({"name": name, "unit": "县" + "很长的单位名称" * 12})
    fresh.cadres.pair(file.household.id, cadre.id, file.pairings[-1].start)
    fresh.visits.record(
        file.household.id, {"cadre_ids": [cadre.id], "findings": long, "next_steps": long}
    )
    fresh.measures.add(file.household.id, {"year": 2026, "content": long, "cost": 123456})
    got = pages(render(fresh, Request(kind, households=(file.household.id,)), at=AT))
    text = body(got)
    assert name in text
    if kind == "card":
        assert len(got) == 1  # a card stays on one page, set smaller
        return
    # Findings and next steps (and, in the handbook, the measure) in full, none cut off,
    # across pages that are numbered as one record. Counted by a character the phrase has
    # once: side-by-side cells continued over rows interleave in the extracted text.
    assert text.count("泞") == times
    assert len(got) >= 3
    totals = {m.group(2) for m in map(PAGE_NO.search, got) if m}
    assert totals == {str(len(got))}


def test_the_printed_qr_code_scans(demo: Store) -> None:
    """The code as a scanner sees the paper: the page rendered to pixels (by PDFium, as
    a browser shows it) and read back by a barcode reader."""
    import pypdfium2
    import zxingcpp

    file = visited(demo)[0]
    pdf = render(demo, Request("visit", households=(file.household.id,)), at=AT)
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=200 / 72).to_pil()  # 200 dpi, a cheap scanner's
    finally:
        document.close()
    codes = zxingcpp.read_barcodes(image)
    found = [b.text for b in codes if b.format == zxingcpp.BarcodeFormat.QRCode]
    footer = pages(pdf)[0]
    number = re.search(r"打印编号：([0-9a-f]{10})", footer)
    assert number
    assert len(found) == 1
    kind, record, _version, printout = found[0].split("|")[1:]
    assert (kind, printout) == ("visit", number.group(1))
    assert record  # the visit's own id
