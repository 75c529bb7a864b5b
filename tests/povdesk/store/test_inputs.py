"""Issue 11: one validator for every entrance. The text rules and code shapes that sync
import applies (tests/povdesk/county/test_trust.py) are the ones a form's edit meets in `Tx`."""

from __future__ import annotations

import datetime as dt

import pytest

from povdesk.errors import ValidationError
from povdesk.inputs import household_number_problem, text_problem
from povdesk.store import Store
from tests.conftest import person, snapshot


@pytest.mark.parametrize(
    "values",
    [
        {"number": "../../../../tmp/x/pwned"},
        {"number": "0001", "note": "坏\ud800字"},
        {"number": "0001", "address": "一组\x1b[2J"},
        {"number": "0001", "phone": "138\u202e00"},
        {"number": "0001", "bank_name": "农" * 201},
    ],
    ids=["traversal", "surrogate", "escape", "bidi", "too-long"],
)
def test_a_form_refuses_bad_text_and_codes(store: Store, values: dict[str, str]) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError):
        store.households.create(values)
    assert snapshot(store) == before


def test_free_text_keeps_its_line_breaks_and_edits_are_checked(store: Store) -> None:
    hh = store.households.create({"number": "0001", "note": "第一行\n第二行\r\n第三行"})
    before = snapshot(store)
    with pytest.raises(ValidationError):
        store.households.update(hh.id, {"group": "一组\n二组"})  # one line only
    with pytest.raises(ValidationError):
        store.members.add(hh.id, {"name": "王\x00明", "relation": "01"})
    assert snapshot(store) == before
    m = store.members.add(
        hh.id, {"name": "王明", "relation": "01", "id_number": person(dt.date(1970, 1, 1), 1)}
    )
    assert m.name == "王明"


def test_the_rules_say_which_character() -> None:
    found = text_problem("王\u200b明")
    assert found is not None and "U+200B" in found[0] and "U+200B" in found[1]
    assert text_problem("a\nb", free=True) is None and text_problem("a\nb") is not None


@pytest.mark.parametrize(
    ("number", "word"),
    [
        ("４２０３２３１０５２０１０００１", "全角"),
        ("4203231052010001\u200b", "数字"),
        ("4203231052010", "16 至 18 位"),
        ("4203231052020001", "村代码"),
    ],
)
def test_household_number_rule_of_the_roster(number: str, word: str) -> None:
    found = household_number_problem(number, "420323105201")
    assert found is not None and word in found[0]
    assert household_number_problem("4203231052010001", "420323105201") is None
