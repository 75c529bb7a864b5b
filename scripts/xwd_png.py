"""Xvfb's screen (the XWD file `Xvfb -fbdir` keeps) as a PNG, and whether it shows
anything: the installed app's window is checked by looking at the real X server's pixels,
with the system Python only (no project code, no image library).

    python3 scripts/xwd_png.py Xvfb_screen0 out.png   # exit 1 when the screen is blank
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path


def read_xwd(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB bytes) of a 24/32-bit TrueColor XWD image."""
    fields = struct.unpack(">25I", data[:100])
    header_size, width, height, byte_order = fields[0], fields[4], fields[5], fields[7]
    bits_per_pixel, bytes_per_line, ncolors = fields[11], fields[12], fields[19]
    if bits_per_pixel != 32:
        raise SystemExit(f"expected a 32-bit screen, got {bits_per_pixel} bits per pixel")
    start = header_size + ncolors * 12
    rows = []
    for y in range(height):
        line = data[start + y * bytes_per_line : start + y * bytes_per_line + width * 4]
        # LSBFirst (0): each pixel is B, G, R, pad in memory.
        b, g, r = (
            (line[0::4], line[1::4], line[2::4])
            if byte_order == 0
            else (line[3::4], line[2::4], line[1::4])
        )
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = r, g, b
        rows.append(bytes(rgb))
    return width, height, rows


def write_png(path: Path, width: int, height: int, rows: list[bytes]) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + row for row in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 6))
    path.write_bytes(png + chunk(b"IEND", b""))


def distinct_colours(width: int, rows: list[bytes]) -> int:
    seen: set[bytes] = set()
    for row in rows[::4]:
        for x in range(0, width * 3, 12):
            seen.add(row[x : x + 3])
    return len(seen)


def main(argv: list[str]) -> int:
    width, height, rows = read_xwd(Path(argv[0]).read_bytes())
    write_png(Path(argv[1]), width, height, rows)
    colours = distinct_colours(width, rows)
    print(f"screenshot {argv[1]}: {width}x{height}, {colours} distinct colours")
    # A blank screen has one colour; a window with text, a table and icons has dozens.
    return 0 if colours >= 20 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
