"""Fast code-list lookups for the rules.

`CodeList.lookup` accepts codes, labels and aliases, so it strips, lower-cases and goes
through a class-level index on every call. The rules look up a field of every member of
every household in a village, and stored records almost always hold the plain code, so
`CodeTable` answers those from a dict and hands anything else to `lookup` unchanged.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from povdesk.codes import CodeList

__all__ = ["CodeTable"]

C = TypeVar("C", bound=CodeList)


class CodeTable(Generic[C]):
    """`cls.lookup(text)` for a non-empty text, None for an empty one or None."""

    __slots__ = ("_by_code", "_cls")

    def __init__(self, cls: type[C]) -> None:
        self._cls = cls
        # `lookup` is a pure function of the text over an immutable enum, so remembering
        # its answer for each code cannot change any result.
        self._by_code: dict[str, C | None] = {m.value: cls.lookup(m.value) for m in cls}

    def get(self, text: str | None) -> C | None:
        if not text:
            return None
        found = self._by_code.get(text)
        return found if found is not None else self._cls.lookup(text)
