"""A command's wall time and its own peak memory (the process's high-water mark of
resident memory, as the kernel counts it), measured in a child process so that nothing
else of the benchmark run (a demo village generated earlier, say) is counted in it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

LIMIT_MB = 400  # issue 17: peak RSS at 10,000 households


# The command is started by a small launcher process, which waits for it and writes
# its exit code and rusage to a file: Linux carries a process's high-water mark of
# resident memory across fork and exec, so a command forked straight from a benchmark
# that has just generated a 10,000-household village reported the benchmark's own peak
# (485 MB where the command's own was 324 MB). The launcher is a fresh interpreter of a
# few MB; what its child inherits from it is below anything measured here.
_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
_pid, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def peak(args: Sequence[str], *, cwd: Path | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one command (`povdesk(...)` builds the line): `args`
    is the whole command line. Raises when the command fails, with what it said."""
    with tempfile.TemporaryDirectory(prefix="povdesk-peak-") as tmp:
        result = Path(tmp) / "rusage"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(result), *args],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.wait()
        seconds = time.perf_counter() - start
        code, maxrss = result.read_text().split() if result.exists() else ("-1", "0")
    if proc.returncode != 0 or code != "0":
        raise RuntimeError(f"{' '.join(args)} failed: {err.decode(errors='replace')[-2000:]}")
    return seconds, int(maxrss) / 1024  # Linux reports KiB


def povdesk(*args: str) -> list[str]:
    """The povdesk command line, run by this interpreter."""
    return [sys.executable, "-m", "app.main", *args]


def line(name: str, seconds: float, mb: float, limit: float = LIMIT_MB) -> str:
    verdict = "met" if mb <= limit else "NOT met"
    return (
        f"  {name:<34} {seconds:8.3f} s   peak RSS {mb:7.1f} MB  "
        f"target <= {limit:.0f} MB: {verdict}"
    )
