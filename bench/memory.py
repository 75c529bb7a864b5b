"""A command's wall time and its own peak memory (the process's high-water mark of
resident memory, as the kernel counts it), measured in a child process so that nothing
else of the benchmark run (a demo village generated earlier, say) is counted in it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

LIMIT_MB = 400  # issue 17: peak RSS at 10,000 households


# Linux keeps a process's high-water mark across exec, and at exec counts the memory it
# had before: a child started (vfork + exec) by a benchmark holding a large demo village
# reported the benchmark's 1.4 GB as its own. So a small Python in between starts the
# command as its grandchild, whose mark starts from that small process, and reports it.
_BETWEEN = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
# wait4: this child's own rusage, not the maximum over every child so far.
_pid, status, usage = os.wait4(proc.pid, 0)
os.write(int(sys.argv[1]), str(usage.ru_maxrss).encode())
sys.exit(os.waitstatus_to_exitcode(status))
"""


def peak(args: Sequence[str], *, cwd: Path | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one command (`povdesk(...)` builds the line): `args`
    is the whole command line. Raises when the command fails, with what it said."""
    start = time.perf_counter()
    read, write = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-c", _BETWEEN, str(write), *args],
        pass_fds=(write,),
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    os.close(write)
    assert proc.stderr is not None
    err = proc.stderr.read()
    proc.wait()
    seconds = time.perf_counter() - start
    with os.fdopen(read, "rb") as fh:
        kib = fh.read()
    if proc.returncode != 0 or not kib:
        raise RuntimeError(f"{' '.join(args)} failed: {err.decode(errors='replace')[-2000:]}")
    return seconds, int(kib) / 1024  # Linux reports KiB


def povdesk(*args: str) -> list[str]:
    """The povdesk command line, run by this interpreter."""
    return [sys.executable, "-m", "app.main", *args]


def line(name: str, seconds: float, mb: float, limit: float = LIMIT_MB) -> str:
    verdict = "met" if mb <= limit else "NOT met"
    return (
        f"  {name:<34} {seconds:8.3f} s   peak RSS {mb:7.1f} MB  "
        f"target <= {limit:.0f} MB: {verdict}"
    )
