"""`CodeTable`: the rules' fast code lookup must answer exactly as `CodeList.lookup`."""

from __future__ import annotations

import pytest

from povdesk import codes
from povdesk.codes import CodeList
from povdesk.rules.codetable import CodeTable

CODE_LISTS = sorted(
    (
        c
        for c in vars(codes).values()
        if isinstance(c, type) and issubclass(c, CodeList) and c is not CodeList
    ),
    key=lambda c: c.__name__,
)


def _texts(cls: type[CodeList]) -> list[str]:
    """Codes, labels, aliases, and the spellings `lookup` folds (case, padding)."""
    out = ["", " ", "none", "None", "?", "zz"]
    for m in cls:
        for t in (m.value, m.zh, m.en, *m.aliases):
            out += [t, t.lower(), t.upper(), f" {t} ", f"{t}x"]
    return out


@pytest.mark.parametrize("cls", CODE_LISTS, ids=lambda c: c.__name__)
def test_answers_as_lookup_does(cls: type[CodeList]) -> None:
    table = CodeTable(cls)
    for text in _texts(cls):
        expected = cls.lookup(text) if text else None
        assert table.get(text) is expected, (cls.__name__, text)
    assert table.get(None) is None


@pytest.mark.parametrize("cls", CODE_LISTS, ids=lambda c: c.__name__)
def test_empty_text_is_none_for_lookup_too(cls: type[CodeList]) -> None:
    # Some rules used to call lookup unguarded on a possibly empty field; CodeTable's
    # None for an empty text must be what lookup answered there.
    assert cls.lookup("") is None
    assert cls.lookup(None) is None
