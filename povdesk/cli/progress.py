"""A progress bar for long command-line jobs: drawn on a terminal, silent when piped.

A job over a whole village (printing, export, import, re-checking) can take a minute;
someone at a terminal should see it move, while a script or a log file must get only the
command's own output. The bar goes to stderr, so stdout (a table, JSON) stays clean."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

from povdesk.cli.render import width

# Redraw at most this often: a bar redrawn for each of 10,000 households costs more
# terminal time than the work it reports.
INTERVAL = 0.2
# A job that ends sooner than this never shows a bar at all.
DELAY = 1.0
BAR = 24


class Progress:
    """`with Progress("正在打印", "Printing") as bar: ... bar(done, total)`. Also usable
    as the `progress(done, total)` callback the core's long jobs take."""

    def __init__(
        self,
        zh: str,
        en: str,
        *,
        stream: TextIO | None = None,
        force: bool | None = None,
        clock: object = None,
    ) -> None:
        self.label = f"{zh} / {en}"
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.shown = bool(isatty and isatty()) if force is None else force
        self._clock = clock if callable(clock) else time.monotonic
        self._start = self._clock()
        self._last = float("-inf")
        self._drawn = False
        self._width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        now = self._clock()
        if now - self._start < DELAY or (now - self._last < INTERVAL and done < total):
            return
        self._last = now
        self._draw(self.line(done, total, now - self._start))

    def line(self, done: int, total: int, elapsed: float) -> str:
        if total > 0:
            share = min(max(done / total, 0.0), 1.0)
            full = int(share * BAR)
            bar = "#" * full + "-" * (BAR - full)
            return f"{self.label} [{bar}] {share:4.0%} {done}/{total} {_clock_text(elapsed)}"
        return f"{self.label} {done} {_clock_text(elapsed)}"

    def _draw(self, text: str) -> None:
        pad = " " * max(0, self._width - width(text))
        self.stream.write(f"\r{text}{pad}")
        self.stream.flush()
        self._width = width(text)
        self._drawn = True

    def close(self) -> None:
        """Take the bar off the line, so the command's own message starts clean."""
        if self._drawn:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _clock_text(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m}:{s:02d}"
