"""The QR code of a printed record, as PDF drawing operators.

reportlab's encoder makes the code; only its Reed-Solomon step is done here, because
reportlab rebuilds the error-correction polynomial by polynomial multiplication for
every code and divides with lists made anew at each step: that was a quarter of a
village's print time. The generator polynomial is made once per size here, and the
remainder is taken with the usual shift register over log/antilog tables. The result
is the same bytes (tests/exports/pdf/test_qr.py compares them with reportlab's own).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import chain, zip_longest
from typing import Any

from reportlab.graphics.barcode.qrencoder import (
    EXP_TABLE,
    LOG_TABLE,
    QRCode,
    QRErrorCorrectLevel,
    QRRSBlock,
    QRUtil,
)

PAD0, PAD1 = 0xEC, 0x11


@cache
def _products(ec_count: int) -> tuple[int, ...]:
    """For each byte, its product with the generator polynomial below its leading 1,
    as one integer of `ec_count` bytes (a shift-register step is then one XOR)."""
    poly = QRUtil.getErrorCorrectPolynomial(ec_count)  # type: ignore[no-untyped-call]
    out = []
    for f in range(256):
        row = [
            EXP_TABLE[(LOG_TABLE[g] + LOG_TABLE[f]) % 255] if g and f else 0 for g in poly.num[1:]
        ]
        out.append(int.from_bytes(bytes(row), "big"))
    return tuple(out)


def _remainder(data: list[int], ec_count: int) -> list[int]:
    """data(x) * x^ec mod g(x): the block's error-correction bytes."""
    products = _products(ec_count)
    top = 8 * (ec_count - 1)
    mask = (1 << (8 * ec_count)) - 1
    rem = 0
    for byte in data:
        rem = ((rem << 8) & mask) ^ products[byte ^ (rem >> top)]
    return list(rem.to_bytes(ec_count, "big"))


class _Bits:
    """reportlab's bit buffer (put, putBit, getLengthInBits) kept in one integer: its
    own sets one bit per call."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit: bool) -> None:  # reportlab's name
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:  # reportlab's name
        return self.length


def code_words(version: int, level: int, data_list: list[Any]) -> list[int]:
    """What reportlab's QRCode.createData gives: data, padding and error correction,
    interleaved by block."""
    blocks = QRRSBlock.getRSBlocks(version, level)  # type: ignore[no-untyped-call]
    bits = _Bits()
    for data in data_list:
        data.write(bits, version)
    capacity = sum(b.dataCount for b in blocks) * 8
    if bits.length > capacity:
        raise ValueError(f"QR data too long: {bits.length} > {capacity} bits")
    if bits.length + 4 <= capacity:
        bits.put(0, 4)  # the terminator
    bits.put(0, -bits.length % 8)
    pad = PAD0
    while bits.length < capacity:
        bits.put(pad, 8)
        pad = PAD1 if pad == PAD0 else PAD0
    words = list(bits.value.to_bytes(bits.length // 8, "big"))
    dc: list[list[int]] = []
    ec: list[list[int]] = []
    offset = 0
    for block in blocks:
        dc.append(words[offset : offset + block.dataCount])
        offset += block.dataCount
        ec.append(_remainder(dc[-1], block.totalCount - block.dataCount))
    groups = chain(zip_longest(*dc), zip_longest(*ec))
    return [d for group in groups for d in group if d is not None]


def modules(text: str) -> list[list[bool]]:
    """The code's dark modules, row by row."""
    return [[m == _ONE for m in row] for row in _rows(text)]


def _rows(text: str) -> list[bytes]:
    """The code as rows of b"0" and b"1" (level M, mask pattern 0: any of the eight is
    a valid code that scanners read; choosing the "best" one scores all eight and took
    a third of a village's print time). The finder, timing and format modules are the
    same for every code of a version: they are made once, with where each data bit
    goes, and the rows are gathered from them and the code's own bits in one pass."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(text)
    version: int = code.calculate_version()  # type: ignore[no-untyped-call]
    layout = _layout(version)
    words = code_words(version, code.errorCorrectLevel, code.dataList)
    data = int.from_bytes(bytes(words), "big") << (layout.count - 8 * len(words))
    bits = format(data ^ layout.mask, f"0{layout.count}b").encode()
    source = layout.fixed + bits
    flat = bytes(map(source.__getitem__, layout.gather))
    n = layout.size
    return [flat[r * n : (r + 1) * n] for r in range(n)]


_ZERO, _ONE = ord("0"), ord("1")


@dataclass(frozen=True)
class _Layout:
    size: int  # modules a side
    fixed: bytes  # every module, the data modules light, row by row
    count: int  # data modules
    mask: int  # mask pattern 0 over the data modules, in placing order
    gather: tuple[int, ...]  # for each module: its index in fixed + the data bits


@cache
def _layout(version: int) -> _Layout:
    """A version's fixed modules and where its data goes, in reportlab's order."""
    code = QRCode(version, QRErrorCorrectLevel.M)
    code.addData("")
    code.makeImpl(False, 0)
    n: int = code.getModuleCount()  # type: ignore[no-untyped-call]
    places = [(row, col) for col, row in code._dataPosIterator()]  # type: ignore[attr-defined]
    grid = [[_ONE if m else _ZERO for m in row] for row in code.modules]
    gather = list(range(n * n))
    mask = 0
    for k, (row, col) in enumerate(places):
        grid[row][col] = _ZERO
        gather[row * n + col] = n * n + k
        mask = (mask << 1) | int((row + col) % 2 == 0)
    fixed = b"".join(bytes(row) for row in grid)
    return _Layout(n, fixed, len(places), mask, tuple(gather))


def operators(text: str, size: float) -> str:
    """The code drawn `size` points square from the origin, in raw PDF operators: one
    1-bit image mask of the modules (a dark module paints the fill colour), scaled to
    its place. Rectangles for runs of dark modules drew the same code, but making the
    rectangles was a tenth of a village's print time; an image also has no hairline
    seams between rows on screen."""
    rows = _rows(text)
    n = len(rows)
    cell = size / (n + 2)  # a quiet zone of one module each side (white paper)
    width = (n + 7) // 8  # bytes a row; each row starts on a byte
    pad = 8 * width - n
    data = b"".join((int(row, 2) << pad).to_bytes(width, "big") for row in rows)
    side = cell * n
    # /D [1 0]: a 1 bit (a dark module) paints. Hex-encoded: the page's content is text.
    return (
        f"q {side:.4f} 0 0 {side:.4f} {cell:.4f} {cell:.4f} cm 0 g "
        f"BI /W {n} /H {n} /IM true /BPC 1 /D [1 0] /F /AHx ID {data.hex()}> EI Q"
    )
