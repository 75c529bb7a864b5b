"""Reading a bundle's records part a piece at a time (issue 17): inflated in steps of
1 MB and parsed element by element, so a village's whole history is never in memory at
once, as text or as the dicts JSON makes of it.

The part is one JSON object whose values are arrays (docs/bundle-format.md §2.2);
`Elements` yields (key, element) for every element of every array, in file order. Any
JSON text of that shape is read (the writer's canonical form or not); anything else raises
`damaged`, as do bombs: more inflated bytes, more objects and arrays, or a larger single
element than the limits allow."""

from __future__ import annotations

import codecs
import json
import zlib
from collections.abc import Callable, Iterator
from typing import Any

from exports.bundle.container import damaged

STEP = 1 << 20
# One record as text: a row of a few dozen fields is a few kB; the cap stops a crafted
# endless string from being parsed again and again as it grows.
MAX_ELEMENT = 8 << 20
WHITESPACE = " \t\n\r"

_decoder = json.JSONDecoder()


def inflated(read: Callable[[int], bytes], limit: int) -> Iterator[bytes]:
    """gzip data read by `read(n)` until it returns b"", inflated in steps of 1 MB, at
    most `limit` bytes in all: a decompression bomb stops at the cap."""
    d = zlib.decompressobj(wbits=31)
    size = 0
    try:
        while True:
            data = read(STEP)
            if not data:
                break
            if d.eof:
                raise _incomplete()
            pending = data
            while pending and not d.eof:
                chunk = d.decompress(pending, STEP)
                pending = d.unconsumed_tail
                size += len(chunk)
                if size > limit:
                    raise damaged(
                        "记录部分解压后超过大小上限", "the records part inflates beyond the limit"
                    )
                if chunk:
                    yield chunk
                elif pending:
                    raise _incomplete()
            if d.eof and (pending or d.unused_data):
                raise _incomplete()
    except zlib.error as exc:
        raise damaged("记录部分无法解压", f"the records part does not inflate ({exc})") from None
    if not d.eof:
        raise _incomplete()


def _incomplete() -> Exception:
    return damaged("记录部分不完整", "the records part is incomplete")


def _not_json() -> Exception:
    return damaged("记录部分不是有效的 JSON", "the records part is not valid JSON")


class WrongShape(ValueError):
    """Valid JSON so far, but not an object of arrays: the caller says so in its words."""


class Elements:
    """`for key, element in Elements(chunks, structures)`; afterwards `keys` lists the
    object's keys in order. `structures` bounds the objects and arrays of the whole text
    (counted in each piece before it is parsed, braces in strings too: the bound is
    generous)."""

    def __init__(self, chunks: Iterator[bytes], structures: int) -> None:
        self.keys: list[str] = []
        self._chunks = chunks
        self._limit = structures
        self._count = 0
        self._text = codecs.getincrementaldecoder("utf-8")()
        self._buf = ""
        self._pos = 0
        self._done = False

    def _more(self) -> bool:
        if self._done:
            return False
        chunk = next(self._chunks, None)
        try:
            if chunk is None:
                self._done = True
                text = self._text.decode(b"", final=True)
            else:
                self._count += chunk.count(b"{") + chunk.count(b"[")
                if self._count > self._limit:
                    raise damaged(
                        "记录部分的内容远多于清单所声明的记录数",
                        "the records part holds far more than it declares",
                    )
                text = self._text.decode(chunk)
        except UnicodeDecodeError:
            raise _not_json() from None
        self._buf = self._buf[self._pos :] + text
        self._pos = 0
        return chunk is not None or bool(text)

    def _next_char(self) -> str:
        """The next character that is not whitespace, consumed; "" at the end."""
        while True:
            buf, pos = self._buf, self._pos
            while pos < len(buf) and buf[pos] in WHITESPACE:
                pos += 1
            self._pos = pos
            if pos < len(buf):
                self._pos = pos + 1
                return buf[pos]
            if not self._more():
                return ""

    def _peek(self) -> str:
        c = self._next_char()
        if c:
            self._pos -= 1
        return c

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = _decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError:
                value, end = None, -1
            except RecursionError:
                raise _not_json() from None
            # A value that ends where the text read so far ends may go on (a number).
            if end != -1 and (end < len(self._buf) or self._done):
                self._pos = end
                return value
            if len(self._buf) - self._pos > MAX_ELEMENT:
                raise damaged("记录部分有一条记录过大", "a record in the records part is too large")
            if not self._more():
                if end != -1:
                    self._pos = end
                    return value
                raise _not_json()

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        if self._next_char() != "{":
            raise _not_json()
        if self._peek() == "}":
            self._next_char()
        else:
            while True:
                if self._peek() != '"':
                    raise _not_json()
                key = self._value()
                if self._next_char() != ":":
                    raise _not_json()
                if self._peek() != "[":
                    raise WrongShape(key)
                self._next_char()
                if self._peek() == "]":
                    self._next_char()
                else:
                    while True:
                        yield key, self._value()
                        c = self._next_char()
                        if c == "]":
                            break
                        if c != ",":
                            raise _not_json()
                self.keys.append(key)
                c = self._next_char()
                if c == "}":
                    break
                if c != ",":
                    raise _not_json()
        if self._next_char() != "":
            raise _not_json()
