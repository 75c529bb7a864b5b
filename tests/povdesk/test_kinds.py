"""A field's kind owns how its value is read and shown (issue 15 §3): what one place shows,
every place reads back, for every declared field, in both languages and through a cell."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from povdesk import kinds
from povdesk.fields import FieldSpec, spec, specs
from povdesk.models import ENTITIES, FundEntryData, HouseholdData, IncomeData
from povdesk.money import to_fen

FIELDS = [s for _, (_, model) in ENTITIES.items() for s in specs(model)]
# Text as the store takes it: no control characters or lone surrogates (povdesk.inputs).
TEXT = st.characters(blacklist_categories=("Cc", "Cs"))
# Words of a text list (村民小组, cadre ids): anything but the list separators, and not
# starting like JSON.
WORD = (
    st.text(TEXT, min_size=1, max_size=8)
    .map(str.strip)
    .filter(lambda w: bool(w) and kinds.LIST_SEPARATORS.search(w) is None and w[0] not in "[{")
)


def values(s: FieldSpec, *, cell: bool = False) -> st.SearchStrategy[Any]:
    """Every value the field can hold (for a cell: what a spreadsheet can hold exactly,
    15 significant digits)."""
    if s.kind == "money":
        low = -kinds.MONEY_LIMIT if s.negative else 0
        base: st.SearchStrategy[Any] = st.integers(low, kinds.MONEY_LIMIT)
    elif s.kind == "int":
        base = st.integers(0, 10**12)
    elif s.kind == "float":
        base = (
            st.decimals(0, 10**6, places=2).map(float)
            if cell
            else st.floats(0, 10**9, allow_nan=False, allow_infinity=False)
        )
    elif s.kind == "bool":
        base = st.booleans()
    elif s.kind == "date":
        base = st.dates()
    elif s.kind == "datetime":
        base = st.datetimes(
            min_value=dt.datetime(1970, 1, 2),
            max_value=dt.datetime(2200, 1, 1),
            timezones=st.just(dt.UTC),
        ).map(lambda t: t.replace(second=0, microsecond=0))
    elif s.kind == "code":
        assert s.codes is not None
        base = st.sampled_from([m.value for m in s.codes])
    elif s.kind == "codes":
        assert s.codes is not None
        base = st.lists(st.sampled_from([m.value for m in s.codes]), unique=True)
    elif s.kind == "json":
        base = st.lists(WORD, max_size=4) | st.dictionaries(WORD, st.booleans() | WORD, max_size=3)
    else:
        base = st.text(TEXT, max_size=20).map(str.strip)
    if s.optional:  # "not recorded" is None, and an empty text or list reads as that
        return st.none() | base.filter(lambda v: v not in ("", [], {}))
    return base


@st.composite
def field_and_value(draw: st.DrawFn, cell: bool = False) -> tuple[FieldSpec, Any]:
    s = draw(st.sampled_from(FIELDS))
    return s, draw(values(s, cell=cell))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_and_value(), st.sampled_from(["zh", "en"]))
def test_what_is_shown_reads_back(fv: tuple[FieldSpec, Any], lang: str) -> None:
    s, value = fv
    assert s.parse(s.display(value, lang)) == value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_and_value())
def test_the_json_form_reads_back(fv: tuple[FieldSpec, Any]) -> None:
    s, value = fv
    assert s.from_json(s.json_form(value)) == value


def _as_read(cell: Any) -> Any:
    """What openpyxl gives back for what was written: numbers as int or float, dates as
    datetimes at midnight."""
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral_value() else float(cell)
    if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime):
        return dt.datetime(cell.year, cell.month, cell.day)
    return cell


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_and_value(cell=True))
def test_the_spreadsheet_form_reads_back(fv: tuple[FieldSpec, Any]) -> None:
    s, value = fv
    assert s.from_cell(_as_read(s.cell_form(value))) == value


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_a_real_workbook_gives_every_field_back(data: st.DataObject) -> None:
    row = [data.draw(values(s, cell=True)) for s in FIELDS]
    wb = openpyxl.Workbook()
    wb.active.append([s.cell_form(v) for s, v in zip(FIELDS, row, strict=True)])
    buf = io.BytesIO()
    wb.save(buf)
    back = next(openpyxl.load_workbook(buf).active.iter_rows(values_only=True))
    back += (None,) * (len(FIELDS) - len(back))  # empty cells at the end are not read
    assert [s.from_cell(c) for s, c in zip(FIELDS, back, strict=True)] == row


# -- where two readers disagreed, the more accepting unambiguous rule now holds everywhere
WATER = spec(HouseholdData, "water_safe")
WAGES = spec(IncomeData, "wages")
AMOUNT = spec(FundEntryData, "amount")
CAUSES = spec(HouseholdData, "secondary_causes")


@pytest.mark.parametrize(
    ("text", "value"), [("有", True), ("无", False), ("√", True), ("×", False)]
)
def test_yes_no_as_the_roster_reads_it_everywhere(text: str, value: bool) -> None:
    """Conflict review used to refuse 有/无/√/× (only the roster took them)."""
    assert WATER.parse(text) is value


@pytest.mark.parametrize(
    ("text", "fen"), [("1,234.50", 123450), ("1，234.50元", 123450), ("１２００元", 120000)]
)
def test_amounts_with_full_width_commas_and_yuan(text: str, fen: int) -> None:
    """The window and the command line (to_fen) refused 元; the roster refused a
    full-width comma."""
    assert to_fen(text) == fen
    assert WAGES.parse(text) == fen
    assert kinds.parse_money(text) == fen


def test_a_sign_only_where_the_field_allows_it() -> None:
    """Conflict review read "-3.00" as an income of minus three yuan; only a ledger
    entry (a reversal) may be negative."""
    assert AMOUNT.parse("-3.00") == -300
    with pytest.raises(kinds.BadValue, match="negative"):
        WAGES.parse("-3.00")


@pytest.mark.parametrize("text", ["1,5", "1,23", "1e3"])
def test_ambiguous_amounts_are_refused(text: str) -> None:
    """to_fen dropped every comma ("1,5" was 15 yuan, though it may mean 1.5) and took
    exponents; the roster refused both, and now so does every reader."""
    with pytest.raises(kinds.BadValue):
        kinds.parse_money(text)
    with pytest.raises(Exception, match="金额格式不对"):
        to_fen(text)


@pytest.mark.parametrize(
    "text", ["因病，因学", "因病；因学", "因病、因学", "01 03", "Illness, Schooling costs"]
)
def test_full_width_list_separators(text: str) -> None:
    """Both multi-choice readers meant to split on ， and ； but listed the ASCII marks
    twice instead."""
    assert CAUSES.parse(text) == ["01", "03"]


def test_english_labels_with_spaces_are_one_choice() -> None:
    first = CAUSES.codes.parse("01")  # type: ignore[union-attr]
    words = [m for m in CAUSES.codes if " " in m.en]  # type: ignore[union-attr]
    assert words, "a label with a space to read"
    assert CAUSES.parse(f"{words[0].en}, {first.en}") == [words[0].value, first.value]


def test_paper_groups_thousands_and_reads_back() -> None:
    assert kinds.yuan(123456789, grouped=True) == "1,234,567.89"
    assert kinds.yuan(-5) == "-0.05"
    assert WAGES.parse(kinds.yuan(123456789, grouped=True)) == 123456789


def test_a_float_shows_every_digit_it_has() -> None:
    """`:g` (roster export, printouts) rounded to six digits: 123456.78 was shown 123457."""
    shown = spec(HouseholdData, "housing_area").display(123456.78)
    assert shown == "123456.78"
    assert spec(HouseholdData, "housing_area").display(102.0) == "102"
