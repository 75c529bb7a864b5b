"""Tests for povdesk.rules.idcard (GB 11643-1999 resident ID numbers)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from povdesk.errors import UserError
from povdesk.rules import idcard
from povdesk.rules.idcard import IdNumberError

TODAY = dt.date(2025, 12, 31)

addresses = st.sampled_from(["420323", "422823", "110105"])
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
seqs = st.integers(min_value=0, max_value=999)


def with_check(first17: str) -> str:
    return first17 + idcard.checksum_char(first17)


def error_code(raw: str, today: dt.date = TODAY) -> str:
    with pytest.raises(IdNumberError) as info:
        idcard.parse(raw, today=today)
    return info.value.code


# --- checksum ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),  # GB 11643-1999 example
        ("44052418800101001", "4"),
        ("00000000000000000", "1"),  # S = 0
        ("00000000000000001", "X"),  # S = 2
        ("10000000000000000", "5"),  # S = 7
        ("01000000000000000", "3"),  # S = 9
        ("00000001000000000", "0"),  # S = 1
        ("00000000000000005", "2"),  # S = 10
    ],
)
def test_checksum_vectors(first17: str, expected: str) -> None:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    s = sum(int(a) * w for a, w in zip(first17, weights, strict=True))
    # Cross-check the table against the standard's formula (12 - S) mod 11.
    manual = (12 - s) % 11
    assert expected == ("X" if manual == 10 else str(manual))
    assert idcard.checksum_char(first17) == expected


@pytest.mark.parametrize("pos", range(17))
def test_weights_are_powers_of_two(pos: int) -> None:
    # ISO 7064 MOD 11-2 defines W_i = 2^(17 - i) mod 11; derive it rather than copy the
    # table, and probe one position at a time so every weight is exercised.
    for digit in range(1, 10):
        first17 = "0" * pos + str(digit) + "0" * (16 - pos)
        value = (12 - digit * pow(2, 17 - pos, 11)) % 11
        assert idcard.checksum_char(first17) == ("X" if value == 10 else str(value))


@pytest.mark.parametrize("bad", ["", "1101051949123100", "110105194912310021", "1101051949123100X"])
def test_checksum_rejects_bad_input(bad: str) -> None:
    with pytest.raises(IdNumberError):
        idcard.checksum_char(bad)


# --- known numbers ----------------------------------------------------------------


def test_standard_example_female() -> None:
    info = idcard.parse("11010519491231002X", today=TODAY)
    assert info == idcard.IdInfo(
        number="11010519491231002X",
        birth_date=dt.date(1949, 12, 31),
        sex="2",
        address_code="110105",
        province_code="11",
        upgraded_from_15=False,
    )


def test_earliest_allowed_birth_male() -> None:
    info = idcard.parse("440524188001010014", today=TODAY)
    assert info.birth_date == dt.date(1880, 1, 1)
    assert info.sex == "1"
    assert info.address_code == "440524"
    assert info.province_code == "44"
    assert not info.upgraded_from_15


@pytest.mark.parametrize(
    "raw",
    ["  11010519491231002x\t", "\n11010519491231002X ", "１１０１０５１９４９１２３１００２ｘ"],
)
def test_normalisation(raw: str) -> None:
    assert idcard.parse(raw, today=TODAY).number == "11010519491231002X"


def test_info_is_frozen() -> None:
    info = idcard.parse("11010519491231002X", today=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.sex = "1"  # type: ignore[misc]


def test_today_defaults_to_the_real_date() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert not idcard.is_valid(idcard.make("110105", tomorrow, 1))
    assert idcard.is_valid(idcard.make("110105", dt.date.today(), 1))


# --- every error code -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "1101051949123100", "11010519491231002X0", "11010549123100", "1101054912310020"],
)
def test_length(raw: str) -> None:
    assert error_code(raw) == "length"


@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002A",
        "1101051949123100X2",  # X only allowed last
        "110105 9491231002X",  # inner whitespace
        # Other scripts' digits and superscripts pass str.isdigit() and even int().
        "11010519491231002١",
        "1101051949123100١X",
        "110105194912310²2X",
        "11010549123100١",
        "11010549123100X",  # 15-digit numbers have no check character
        "1101054912310O2",
    ],
)
def test_chars(raw: str) -> None:
    assert error_code(raw) == "chars"


NOT_PROVINCES = "00 10 16 20 24 30 38 47 55 66 70 72 80 84 90 99"
# Both ends of every range in GB/T 2260, plus the residence-permit prefixes.
PROVINCE_EDGES = "11 15 21 23 31 37 41 46 50 54 61 65 71 81 82 83"


@pytest.mark.parametrize("prefix", NOT_PROVINCES.split())
def test_province(prefix: str) -> None:
    assert error_code(with_check(prefix + "010519491231002")) == "province"


@pytest.mark.parametrize("code", PROVINCE_EDGES.split())
def test_every_province_boundary_is_accepted(code: str) -> None:
    assert idcard.is_valid(with_check(code + "010519491231002"), today=TODAY)


@pytest.mark.parametrize(
    "yyyymmdd",
    ["19490230", "19491301", "19490001", "19490100", "19000229", "18791231", "00000000"],
)
def test_date(yyyymmdd: str) -> None:
    assert error_code(with_check("110105" + yyyymmdd + "002")) == "date"


def test_date_in_15_digit_number() -> None:
    assert error_code("110105490230002") == "date"


def test_leap_day_is_a_real_date() -> None:
    assert idcard.parse(with_check("11010520000229002"), today=TODAY).birth_date == dt.date(
        2000, 2, 29
    )


def test_future_date() -> None:
    number = idcard.make("110105", TODAY + dt.timedelta(days=1), 2)
    assert error_code(number) == "future_date"
    assert idcard.parse(number, today=TODAY + dt.timedelta(days=1)).birth_date > TODAY


def test_born_today_is_fine() -> None:
    assert idcard.is_valid(idcard.make("110105", TODAY, 2), today=TODAY)


def test_checksum() -> None:
    with pytest.raises(IdNumberError) as info:
        idcard.parse("110105194912310021", today=TODAY)
    err = info.value
    assert err.code == "checksum"
    assert err.zh == "身份证号校验位错误（应为 X）。"
    assert err.en == "ID number check character is wrong (expected X)."


def test_error_is_a_value_error_and_a_user_error() -> None:
    with pytest.raises(IdNumberError) as info:
        idcard.parse("abc", today=TODAY)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, UserError)
    assert info.value.zh and info.value.en
    assert info.value.zh != info.value.en


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12345", "length"),
        ("1101051949123100A2", "chars"),
        (with_check("99010519491231002"), "province"),
        (with_check("11010519491301002"), "date"),
        ("110105194912310021", "checksum"),
    ],
)
def test_is_valid_false_for_every_error(raw: str, code: str) -> None:
    assert error_code(raw) == code
    assert not idcard.is_valid(raw, today=TODAY)


# --- 15-digit numbers ---------------------------------------------------------------


def test_upgrade_known() -> None:
    assert idcard.upgrade_15("110105491231002") == "11010519491231002X"


def test_parse_15_digit() -> None:
    info = idcard.parse(" 110105491231002 ", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.upgraded_from_15
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "2"


@pytest.mark.parametrize(
    ("bad", "code"),
    [("11010549123100", "length"), ("11010519491231002X", "length"), ("11010549123100X", "chars")],
)
def test_upgrade_rejects(bad: str, code: str) -> None:
    with pytest.raises(IdNumberError) as info:
        idcard.upgrade_15(bad)
    assert info.value.code == code


@given(addresses, st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)), seqs)
def test_upgrade_round_trip(address: str, birth: dt.date, seq: int) -> None:
    full = idcard.make(address, birth, seq)
    old = full[:6] + full[8:17]
    assert len(old) == 15
    assert idcard.upgrade_15(old) == full
    info = idcard.parse(old, today=TODAY)
    assert info.number == full
    assert info.upgraded_from_15


# --- properties of make/parse -----------------------------------------------------


@given(addresses, births, seqs)
def test_make_parse_round_trip(address: str, birth: dt.date, seq: int) -> None:
    number = idcard.make(address, birth, seq)
    assert len(number) == 18
    info = idcard.parse(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.sex == ("1" if seq % 2 == 1 else "2")
    assert info.address_code == address
    assert info.province_code == address[:2]
    assert not info.upgraded_from_15
    assert idcard.parse(number.lower(), today=TODAY) == info


@given(addresses, births, seqs, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_caught(
    address: str, birth: dt.date, seq: int, pos: int, delta: int
) -> None:
    number = idcard.make(address, birth, seq)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    assert changed != number
    assert not idcard.is_valid(changed, today=TODAY)


@given(addresses, births, seqs, st.sampled_from("0123456789X"))
def test_only_one_check_character_is_accepted(
    address: str, birth: dt.date, seq: int, check: str
) -> None:
    number = idcard.make(address, birth, seq)
    candidate = number[:17] + check
    assert idcard.is_valid(candidate, today=TODAY) == (candidate == number)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("42032", dt.date(1990, 1, 1), 1), "6 digits"),
        (("42032a", dt.date(1990, 1, 1), 1), "6 digits"),
        (("990101", dt.date(1990, 1, 1), 1), "province"),
        (("420323", dt.date(1990, 1, 1), -1), "0..999"),
        (("420323", dt.date(1990, 1, 1), 1000), "0..999"),
        (("420323", dt.date(1879, 12, 31), 1), "1880"),
    ],
)
def test_make_rejects(args: tuple[str, dt.date, int], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        idcard.make(*args)


# --- agrees -------------------------------------------------------------------------


def test_agrees() -> None:
    info = idcard.parse("11010519491231002X", today=TODAY)  # female, 1949-12-31
    born = dt.date(1949, 12, 31)
    assert idcard.agrees(info, None, None) == []
    assert idcard.agrees(info, "2", born) == []
    assert idcard.agrees(info, "2", None) == []
    assert idcard.agrees(info, None, born) == []
    assert idcard.agrees(info, "1", born) == ["sex_mismatch"]
    assert idcard.agrees(info, "2", dt.date(1949, 12, 30)) == ["birth_mismatch"]
    assert idcard.agrees(info, "1", dt.date(1950, 1, 1)) == ["sex_mismatch", "birth_mismatch"]
    # GB/T 2261.1 "unknown" and "not stated" cannot contradict the number.
    assert idcard.agrees(info, "0", born) == []
    assert idcard.agrees(info, "9", born) == []


@given(addresses, births, seqs, st.sampled_from(["1", "2"]), births)
def test_agrees_property(
    address: str, birth: dt.date, seq: int, sex: str, recorded: dt.date
) -> None:
    info = idcard.parse(idcard.make(address, birth, seq), today=TODAY)
    problems = idcard.agrees(info, sex, recorded)
    assert ("sex_mismatch" in problems) == (sex != ("1" if seq % 2 else "2"))
    assert ("birth_mismatch" in problems) == (recorded != birth)


# --- mask ---------------------------------------------------------------------------


def test_mask_default() -> None:
    assert idcard.mask("420323199001011234") == "420323********1234"
    assert idcard.mask("11010519491231002X") == "110105********002X"


@pytest.mark.parametrize(
    ("number", "kwargs", "expected"),
    [
        ("", {}, ""),
        ("12345", {}, "*****"),
        ("1234567890", {}, "**********"),  # exactly keep_start + keep_end: all hidden
        ("12345678901", {}, "123456*8901"),
        ("110105491231002", {}, "110105*****1002"),
        ("420323199001011234", {"keep_start": 0, "keep_end": 0}, "*" * 18),
        ("420323199001011234", {"keep_start": 3, "keep_end": 0, "char": "#"}, "420" + "#" * 15),
        ("420323199001011234", {"keep_start": 0, "keep_end": 2}, "*" * 16 + "34"),
    ],
)
def test_mask_cases(number: str, kwargs: dict[str, object], expected: str) -> None:
    assert idcard.mask(number, **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs", [{"keep_start": -1}, {"keep_end": -1}, {"char": ""}, {"char": "**"}]
)
def test_mask_rejects(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        idcard.mask("420323199001011234", **kwargs)  # type: ignore[arg-type]


@given(addresses, births, seqs)
def test_mask_never_reveals_the_middle(address: str, birth: dt.date, seq: int) -> None:
    number = idcard.make(address, birth, seq)
    masked = idcard.mask(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:14] == "*" * 8
    # The birth date must not be recoverable from the masked form.
    assert birth.strftime("%Y%m%d") not in masked


@given(
    st.text(alphabet="0123456789X", max_size=30),
    st.integers(0, 20),
    st.integers(0, 20),
)
def test_mask_reveals_at_most_keep(number: str, start: int, end: int) -> None:
    masked = idcard.mask(number, keep_start=start, keep_end=end, char="*")
    assert len(masked) == len(number)
    shown = [i for i, c in enumerate(masked) if c != "*"]
    assert len(shown) <= start + end
    assert len(shown) < len(number) or not number
    for i in shown:
        assert masked[i] == number[i]
        assert i < start or i >= len(number) - end
