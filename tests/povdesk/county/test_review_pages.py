"""The review queue by pages (issue 17): each page is read and checked alone, and the
pages together are the whole queue, in order, once each — also when a decision shrinks
the queue between two reads."""

from __future__ import annotations

import pytest

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.county import review
from povdesk.errors import UserError
from tests.povdesk.county.conftest import County
from tests.povdesk.sync.conftest import VILLAGE_A


@pytest.fixture
def imported(county: County) -> County:
    import_folder(county.store, [county.usb])
    return county


def keys(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(r["village_code"], r["number"]) for r in rows]


def test_pages_by_key_give_every_household_once_in_order(imported: County) -> None:
    c = imported
    whole = review.queue(c.store, c.ctx())
    assert len(whole) >= 5  # enough for several pages of 2
    seen: list[dict[str, object]] = []
    page = review.page(c.store, c.ctx(), size=2)
    numbers = [page.number]
    while True:
        assert page.total == len(whole) and page.pages == -(-len(whole) // 2)
        assert page.rows == whole[page.start : page.start + len(page.rows)]
        seen += page.rows
        if not page.has_next:
            break
        page = review.page(c.store, c.ctx(), after=page.last_key, size=2)
        numbers.append(page.number)
    assert keys(seen) == keys(whole)
    assert numbers == list(range(1, page.pages + 1))
    # and back again, by key
    back = review.page(c.store, c.ctx(), before=page.first_key, size=2)
    assert back.rows == whole[page.start - 2 : page.start]
    assert back.number == page.number - 1


def test_page_by_number_and_the_count(imported: County) -> None:
    c = imported
    whole = review.queue(c.store, c.ctx())
    second = review.page(c.store, c.ctx(), number=2, size=2)
    assert second.rows == whole[2:4] and second.start == 2 and second.number == 2
    beyond = review.page(c.store, c.ctx(), number=99, size=2)
    assert beyond.rows == [] and not beyond.has_next and beyond.total == len(whole)
    only_a = review.page(c.store, c.ctx(), village=VILLAGE_A, size=100)
    assert only_a.rows == [r for r in whole if r["village_code"] == VILLAGE_A]
    assert only_a.total == len(only_a.rows) and only_a.pages == 1
    with pytest.raises(UserError):
        review.page(c.store, c.ctx(), size=0)


def test_a_decision_between_two_reads_skips_no_household(imported: County) -> None:
    """The user decides on the first page, then turns to the next: by key, the next page
    starts right after the last row seen; counting rows would now skip one."""
    c = imported
    whole = review.queue(c.store, c.ctx())
    first = review.page(c.store, c.ctx(), size=2)
    decided = first.rows[0]
    review.decide(c.store, str(decided["id"]), review.REJECT, "请补充收入佐证材料", ctx=c.ctx())
    after = review.page(c.store, c.ctx(), after=first.last_key, size=2)
    assert after.rows == whole[2:4]
    assert after.total == len(whole) - 1 and after.start == 1
    # the first page read again: the decided household is gone, the next one moves up
    again = review.page(c.store, c.ctx(), size=2)
    assert keys(again.rows) == keys(whole[1:3])
    rest = [r for r in whole if r["id"] != decided["id"]]
    assert keys(review.queue(c.store, c.ctx())) == keys(rest)


def test_the_command_shows_the_page(imported: County, capsys: pytest.CaptureFixture[str]) -> None:
    c = imported
    total = len(review.queue(c.store, c.ctx()))
    db = ["--db", c.store.target]
    year = ["--year", "2025"]
    assert main(["county", "queue", *db, *year, "--page", "2", "--page-size", "2"]) == 0
    out = capsys.readouterr()
    assert f"第 2 / {-(-total // 2)} 页" in out.err and f"共 {total} 户" in out.err
    assert main(["county", "queue", *db, *year, "--page-size", "2", "--json"]) == 0
    import json

    got = json.loads(capsys.readouterr().out)
    assert got["page"] == 1 and got["total"] == total and len(got["rows"]) == 2
    nxt = got["next_after"]
    assert main(["county", "queue", *db, *year, "--after", nxt, "--page-size", "2", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["page"] == 2 and second["rows"][0]["number"] != got["rows"][-1]["number"]
    assert main(["county", "queue", *db, "--after", "no-slash"]) != 0
