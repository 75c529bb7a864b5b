"""Chinese resident identity card numbers (居民身份证号), GB 11643-1999.

Layout of the 18-character number:

    AAAAAA YYYYMMDD SSS C
    |      |        |   +- check character, ISO 7064 MOD 11-2 (0-9 or X)
    |      |        +----- sequence code; its last digit is odd for men, even for women
    |      +-------------- date of birth
    +--------------------- address code (GB/T 2260 administrative division)

Numbers issued before 1999 have 15 digits (AAAAAA YYMMDD SSS): a two-digit year
assumed to be 19YY and no check character. They are upgraded to 18 characters on
parsing so the rest of the application only ever sees one form.

Everything here is pure: no database, no Qt, no clock except when `today` is omitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import mul

from povdesk.errors import UserError

__all__ = [
    "MIN_BIRTH_DATE",
    "PROVINCE_CODES",
    "SEX_FEMALE",
    "SEX_MALE",
    "IdInfo",
    "IdNumberError",
    "agrees",
    "checksum_char",
    "is_valid",
    "make",
    "mask",
    "parse",
    "upgrade_15",
]

# GB/T 2261.1 sex codes, as stored elsewhere in the app.
SEX_MALE = "1"
SEX_FEMALE = "2"
# GB/T 2261.1 also has 0 (unknown) and 9 (not stated); neither can contradict a number.
_SEX_NOT_STATED = frozenset({"0", "9"})

# Birth dates before this are treated as typing errors rather than real people.
MIN_BIRTH_DATE = date(1880, 1, 1)

# Province-level prefixes of GB/T 2260, plus 81/82/83 used by residence permits for
# Hong Kong, Macao and Taiwan residents. Only the prefix is checked: county-level
# address codes are renamed and merged over time, and people keep their old numbers.
PROVINCE_CODES: frozenset[str] = frozenset(
    f"{n:02d}"
    for n in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
    )
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CODE_OFFSET = ord("0") * sum(_WEIGHTS)
_CHECK_CHARS = "10X98765432"
_ASCII_DIGITS = frozenset("0123456789")

# Numbers are often typed with a Chinese IME in full-width mode; accept those digits
# and X rather than reject a number that looks right on screen.
_FULLWIDTH = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)}, "\uff38": "X", "\uff58": "X", "x": "X"}
)


class IdNumberError(UserError, ValueError):
    """An ID number that cannot be valid.

    `code` is stable and meant for programs: "length", "chars", "province", "date",
    "future_date" or "checksum". `zh` and `en` are complete sentences for people.
    It is a `UserError` so the UI shows it instead of treating it as a bug, and a
    `ValueError` so plain callers can catch it as bad input.
    """

    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(zh, en, code=code)


@dataclass(frozen=True, slots=True)
class IdInfo:
    """What an ID number says about its holder."""

    number: str  # normalised: 18 characters, upper-case X
    birth_date: date
    sex: str  # SEX_MALE or SEX_FEMALE
    address_code: str
    province_code: str
    upgraded_from_15: bool


def _is_digits(s: str) -> bool:
    # str.isdigit() alone also accepts other scripts' digits and superscripts.
    return s.isascii() and s.isdigit()


def _length_error(n: int, zh_expected: str, en_expected: str) -> IdNumberError:
    return IdNumberError(
        "length",
        f"身份证号长度应为{zh_expected}，实际为{n}位。",
        f"ID number must be {en_expected} characters long, but has {n}.",
    )


def _check_first17(first17: str) -> None:
    if len(first17) != 17:
        raise _length_error(len(first17), "17位", "17")
    if not _is_digits(first17):
        raise IdNumberError(
            "chars",
            "身份证号前17位只能是数字。",
            "The first 17 characters of an ID number must be digits.",
        )


def checksum_char(first17: str) -> str:
    """Check character for the first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2).

    S = sum(a_i * W_i) with W = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, and S mod 11 =
    0..10 maps to 1 0 X 9 8 7 6 5 4 3 2. Because 11 is prime and no weight is a
    multiple of 11, any single wrong digit changes the check character.
    """
    _check_first17(first17)
    # Over the ASCII codes (digits checked above): each code is its digit plus 48.
    total = sum(map(mul, first17.encode("ascii"), _WEIGHTS)) - _CODE_OFFSET
    return _CHECK_CHARS[total % 11]


def upgrade_15(old: str) -> str:
    """Turn a 15-digit legacy number into its 18-character form.

    Only the shape is checked here; use `parse` to validate the result.
    """
    s = old.strip().translate(_FULLWIDTH)
    if len(s) != 15:
        raise _length_error(len(s), "15位", "15")
    if not _is_digits(s):
        raise IdNumberError(
            "chars",
            "15位旧身份证号只能包含数字。",
            "A 15-digit old-style ID number may contain digits only.",
        )
    first17 = s[:6] + "19" + s[6:]
    return first17 + checksum_char(first17)


def _birth_date(yyyymmdd: str, today: date) -> date:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        raise IdNumberError(
            "date",
            f"身份证号中的出生日期 {yyyymmdd} 不是有效日期。",
            f"The birth date in the ID number ({yyyymmdd}) is not a real date.",
        ) from None
    if born < MIN_BIRTH_DATE:
        raise IdNumberError(
            "date",
            f"身份证号中的出生日期 {born.isoformat()} 早于 1880-01-01，不可能正确。",
            f"The birth date in the ID number ({born.isoformat()}) is before 1880-01-01.",
        )
    if born > today:
        raise IdNumberError(
            "future_date",
            f"身份证号中的出生日期 {born.isoformat()} 晚于今天（{today.isoformat()}）。",
            f"The birth date in the ID number ({born.isoformat()}) is after today "
            f"({today.isoformat()}).",
        )
    return born


def parse(raw: str, today: date | None = None) -> IdInfo:
    """Validate and decode an ID number (see `_parse`); results are cached, because the
    rules read the same numbers again and again when they check a whole village."""
    return _parse(raw, today or date.today())


# Small: the rules parse each number twice within one household's check, so 256 entries
# already had every hit of a village check (measured); a cache of every number of a
# township (350,000 people) kept 170 MB alive in the window for the sake of a re-check.
@lru_cache(maxsize=1_024)
def _parse(raw: str, today: date) -> IdInfo:
    """Validate and decode an 18- or 15-character ID number.

    Surrounding whitespace is ignored, and lower-case or full-width x and full-width
    digits are accepted. Checks run in the order length, chars, province, date,
    future_date, checksum, and the first failure raises `IdNumberError`.
    """
    s = raw.strip().translate(_FULLWIDTH)
    if len(s) not in (15, 18):
        raise _length_error(len(s), "18位（旧版为15位）", "18 (or 15 for old-style numbers)")
    if len(s) == 18:
        if not (_is_digits(s[:17]) and (s[17] in _ASCII_DIGITS or s[17] == "X")):
            raise IdNumberError(
                "chars",
                "身份证号只能包含数字，只有最后一位可以是 X。",
                "An ID number may contain digits only; just the last character may be X.",
            )
        number, upgraded = s, False
    else:
        number, upgraded = upgrade_15(s), True

    province = number[:2]
    if province not in PROVINCE_CODES:
        raise IdNumberError(
            "province",
            f"身份证号前两位 {province} 不是有效的省级行政区划代码。",
            f"The ID number starts with {province}, which is not a province-level code.",
        )

    born = _birth_date(number[6:14], date.today() if today is None else today)

    # The first 17 are ASCII digits by now: `checksum_char` without checking them again.
    expected = _CHECK_CHARS[
        (sum(map(mul, number[:17].encode("ascii"), _WEIGHTS)) - _CODE_OFFSET) % 11
    ]
    if number[17] != expected:
        raise IdNumberError(
            "checksum",
            f"身份证号校验位错误（应为 {expected}）。",
            f"ID number check character is wrong (expected {expected}).",
        )

    return IdInfo(
        number=number,
        birth_date=born,
        sex=SEX_MALE if int(number[16]) % 2 == 1 else SEX_FEMALE,
        address_code=number[:6],
        province_code=province,
        upgraded_from_15=upgraded,
    )


def is_valid(raw: str, today: date | None = None) -> bool:
    """True if `parse` would accept `raw`."""
    try:
        parse(raw, today)
    except IdNumberError:
        return False
    return True


def agrees(info: IdInfo, sex: str | None, birth_date: date | None) -> list[str]:
    """Problem codes where a member's recorded sex or birth date contradicts the number.

    Returns a subset of ["sex_mismatch", "birth_mismatch"], in that order. None means
    the field was not recorded, and the GB/T 2261.1 codes 0 (unknown) and 9 (not
    stated) are treated the same way: neither can contradict anything.
    """
    problems: list[str] = []
    if sex is not None and sex not in _SEX_NOT_STATED and sex != info.sex:
        problems.append("sex_mismatch")
    if birth_date is not None and birth_date != info.birth_date:
        problems.append("birth_mismatch")
    return problems


def mask(number: str, keep_start: int = 6, keep_end: int = 4, char: str = "*") -> str:
    """Hide the middle of a number for display, e.g. 420323********1234.

    The result has the same length as `number`. At most keep_start + keep_end
    characters are shown; a number no longer than that is masked entirely, since
    showing it all would reveal the whole number.
    """
    if keep_start < 0 or keep_end < 0:
        raise ValueError("keep_start and keep_end must not be negative")
    if len(char) != 1:
        raise ValueError("char must be a single character")
    n = len(number)
    if n <= keep_start + keep_end:
        return char * n
    return number[:keep_start] + char * (n - keep_start - keep_end) + number[n - keep_end :]


def make(address_code: str, birth: date, seq: int) -> str:
    """Build a valid 18-character number (for demo data and tests).

    `seq` is the 3-digit sequence code 0..999; odd means male, even female. The
    province prefix and the 1880 lower limit are enforced so that the result passes
    `parse`; a future birth date is allowed so tests can build such numbers.
    """
    if len(address_code) != 6 or not _is_digits(address_code):
        raise ValueError(f"address code must be 6 digits, got {address_code!r}")
    if address_code[:2] not in PROVINCE_CODES:
        raise ValueError(f"address code {address_code} has no valid province prefix")
    if not 0 <= seq <= 999:
        raise ValueError(f"sequence code must be 0..999, got {seq}")
    if birth < MIN_BIRTH_DATE:
        raise ValueError(f"birth date {birth.isoformat()} is before 1880-01-01")
    first17 = f"{address_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return first17 + checksum_char(first17)
