"""Start-up of the installed app (issue 14): from starting the program to its first window
showing the household list with data, on a real X server (Xvfb).

The app measured is the installed one (/usr/bin/povdesk of the .deb) or, when none is
installed, the folder `make dist` built (dist/povdesk/povdesk); `make bench` builds it
first. It runs with a bare environment (no venv), on a demo village the app itself makes
(not timed). "With data" is read off the screen: the list's first row selected, in Qt's
highlight colour (bench/screen.py), so nothing inside the app is asked or changed.

The baseline, measured in the same run: `python -c 'import PySide6.QtWidgets'` with the
project's Python, the least any PySide6 program pays before it can show anything.
Target: the first window with data within 2 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench import screen

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = Path("/usr/bin/povdesk")
BUILT = ROOT / "dist" / "povdesk" / "povdesk"
HOUSEHOLDS = 1_000
RUNS = 5
TARGET = 2.0  # s


def find_app() -> Path:
    if INSTALLED.exists() and os.path.realpath(INSTALLED).startswith("/opt/povdesk/"):
        return INSTALLED
    if BUILT.exists():
        return BUILT
    raise SystemExit(
        "bench.startup: no built povdesk to measure; run `make dist` (or install the .deb)"
    )


def run(tmp: Path, households: int) -> Iterator[str]:
    app = find_app()
    n = int(os.environ.get("POVDESK_BENCH_STARTUP_HOUSEHOLDS", HOUSEHOLDS))
    home = tmp / "startup-home"
    home.mkdir(parents=True, exist_ok=True)
    db = home / "village.sqlite"
    env = screen.app_env(home)
    subprocess.run(
        [str(app), "demo", "--db", str(db), "--households", str(n)],
        env=env,
        check=True,
        capture_output=True,
    )
    yield f"povdesk start-up bench: {app}, first window with data on {n} households, Xvfb"

    baseline = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets"], check=True)
        baseline.append(time.perf_counter() - start)
    base = statistics.median(baseline)
    yield f"  baseline python -c 'import PySide6.QtWidgets': median {base:.3f} s"

    xvfb = screen.start_xvfb(tmp / "startup-screen")
    times = []
    try:
        shown = screen.app_env(home, xvfb.display)
        for _ in range(RUNS):
            times.append(first_window(app, db, shown, xvfb))
    finally:
        xvfb.stop()
    median = statistics.median(times)
    verdict = "within" if median <= TARGET else "OVER"
    yield (
        f"  first window with data: first run {times[0]:.2f} s, median of {RUNS} "
        f"{median:.2f} s ({verdict} the {TARGET:.0f} s target) = {median / base:.1f}x baseline"
    )


def first_window(app: Path, db: Path, env: dict[str, str], xvfb: screen.Xvfb) -> float:
    # No stale picture of the previous run: its window has gone from the screen.
    if screen.wait_until(lambda: not screen.list_shown(xvfb.framebuffer), 30) is None:
        raise SystemExit("bench.startup: the previous window is still on the screen")
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(app), "gui", "--db", str(db)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        took = screen.wait_until(lambda: screen.list_shown(xvfb.framebuffer), 120, 0.005)
        if took is None:
            raise SystemExit("bench.startup: the household list never appeared")
        return time.perf_counter() - start
    finally:
        process.terminate()
        process.wait(timeout=30)
