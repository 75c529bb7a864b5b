"""Peak memory of a piece of code, run in its own interpreter (issue 11: a refused input
must not need more than 300 MB). A wrapper process starts the code as its only child and
reports that child's ru_maxrss (getrusage(RUSAGE_CHILDREN)): a bound on memory, measured
by the kernel, never a timing."""

from __future__ import annotations

import json
import subprocess
import sys

LIMIT_MB = 300

_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1]], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
print(json.dumps([done.returncode, done.stdout + done.stderr, peak]))
"""


def run_measured(code: str) -> tuple[int, str, float]:
    """(exit code, output, peak resident memory in MB) of `python -c code`."""
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, code], capture_output=True, text=True, check=True
    )
    rc, out, peak_kib = json.loads(done.stdout)
    return int(rc), str(out), peak_kib / 1024
