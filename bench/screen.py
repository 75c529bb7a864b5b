"""A real X server (Xvfb) and its pixels, with the standard library only: the installed
app's window is checked (scripts/check_dist.py, under the system Python) and timed
(bench/startup.py) by looking at the screen Xvfb keeps in a file (`-fbdir`, XWD format),
so no image library or screenshot tool is needed and nothing inside the app is asked.
"""

from __future__ import annotations

import struct
import subprocess
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 1366, 768  # a common laptop screen, which the window is sized for
# Qt's Fusion highlight: the selected first row of the household list once it is loaded.
HIGHLIGHT = (48, 140, 198)


@dataclass
class Xvfb:
    display: str
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def framebuffer(self) -> Path:
        return self.folder / "Xvfb_screen0"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_xvfb(folder: Path) -> Xvfb:
    """Xvfb on the first free display number from 90, its screen kept in `folder`."""
    for n in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            break
    else:
        raise RuntimeError("no free X display number between 90 and 139")
    folder.mkdir(parents=True, exist_ok=True)
    screen = f"{WIDTH}x{HEIGHT}x24"
    process = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", screen, "-fbdir", str(folder), "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"Xvfb :{n} did not start")
        time.sleep(0.05)
    return Xvfb(f":{n}", folder, process)


@dataclass(frozen=True)
class Screen:
    width: int
    height: int
    rows: list[bytes]  # RGB, 3 bytes a pixel

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        r, g, b = self.rows[y][3 * x : 3 * x + 3]
        return r, g, b

    def colours(self, step: int = 4) -> int:
        """Distinct colours on a grid of every `step`-th pixel: 1 for a blank screen."""
        seen = {row[x : x + 3] for row in self.rows[::step] for x in range(0, len(row), 3 * step)}
        return len(seen)

    def count(self, colour: tuple[int, int, int], step: int = 2) -> int:
        want = bytes(colour)
        return sum(
            row[x : x + 3] == want
            for row in self.rows[::step]
            for x in range(0, len(row), 3 * step)
        )


def read_screen(path: Path) -> Screen:
    """A 32-bit TrueColor XWD file (what Xvfb -fbdir keeps) as RGB rows."""
    data = path.read_bytes()
    fields = struct.unpack(">25I", data[:100])
    header_size, width, height, byte_order = fields[0], fields[4], fields[5], fields[7]
    bits_per_pixel, bytes_per_line, ncolors = fields[11], fields[12], fields[19]
    if bits_per_pixel != 32:
        raise ValueError(f"expected a 32-bit screen, got {bits_per_pixel} bits per pixel")
    start = header_size + ncolors * 12
    rows = []
    for y in range(height):
        line = data[start + y * bytes_per_line : start + y * bytes_per_line + width * 4]
        # LSBFirst (0): each pixel is B, G, R, pad in memory.
        if byte_order == 0:
            b, g, r = line[0::4], line[1::4], line[2::4]
        else:
            b, g, r = line[3::4], line[2::4], line[1::4]
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = r, g, b
        rows.append(bytes(rgb))
    return Screen(width, height, rows)


def write_png(screen: Screen, path: Path) -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + row for row in screen.rows)
    ihdr = struct.pack(">IIBBBBB", screen.width, screen.height, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 6))
    path.write_bytes(png + chunk(b"IEND", b""))


def list_shown(framebuffer: Path) -> bool:
    """The household list is on screen with its first row selected (the window has
    loaded its data): a band of the highlight colour in the list's area. Reads only that
    band of the XWD file, so polling it costs a millisecond or two."""
    try:
        data = framebuffer.read_bytes()
        fields = struct.unpack(">25I", data[:100])
    except (OSError, struct.error):
        return False
    header_size, byte_order, bytes_per_line, ncolors = fields[0], fields[7], fields[12], fields[19]
    start = header_size + ncolors * 12
    r, g, b = HIGHLIGHT
    want = bytes((b, g, r)) if byte_order == 0 else bytes((r, g, b))
    hits = 0
    for y in range(100, 260, 4):
        line = data[start + y * bytes_per_line : start + y * bytes_per_line + 700 * 4]
        offset = 0 if byte_order == 0 else 1
        hits += sum(line[x + offset : x + offset + 3] == want for x in range(0, len(line), 32))
    return hits > 50


def app_env(home: Path, display: str | None = None) -> dict[str, str]:
    """What a desktop session gives a program, and nothing of this checkout or its venv."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "USER": "cadre"}
    if display:
        env["DISPLAY"] = display
    env["XDG_RUNTIME_DIR"] = str(home / "run")
    (home / "run").mkdir(mode=0o700, parents=True, exist_ok=True)
    return env


def mapped_files(pid: int) -> set[str]:
    """Files a running process has mapped: its libraries and Python extensions."""
    found = set()
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            found.add(parts[5])
    return found


def wait_until(
    predicate: Callable[[], bool], timeout: float, interval: float = 0.02
) -> float | None:
    """Seconds until `predicate()` held, or None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(interval)
    return None
