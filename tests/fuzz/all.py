"""`make fuzz`: every fuzz target in turn, each for SECONDS, then one line of counts each.

python -m tests.fuzz.all [SECONDS] [TARGET ...]
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fuzz.targets import TARGETS

ROOT = Path(__file__).resolve().parents[2]


def fuzz(name: str, seconds: int, artifacts: Path) -> tuple[int, int, float, list[str]]:
    """(exit status, inputs run, seconds taken, failing inputs written)."""
    env = {**os.environ, "POVDESK_FUZZ_ARTIFACTS": str(artifacts), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(ROOT)
    # The high-water mark the child inherits (ru_maxrss is in KiB on Linux; see run.py).
    env["POVDESK_FUZZ_RSS_BASE_MB"] = str(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run", name, str(seconds)],
        cwd=artifacts,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.monotonic() - started
    runs = re.findall(r"stat::number_of_executed_units: (\d+)", done.stderr)
    failed = [str(p) for p in artifacts.glob("crash-*")] + [str(p) for p in artifacts.glob("oom-*")]
    failed += [str(p) for p in artifacts.glob("timeout-*")]
    if done.returncode != 0:
        tail = "\n".join(done.stderr.splitlines()[-40:])
        print(f"--- {name} failed (exit {done.returncode}):\n{tail}", file=sys.stderr)
    return done.returncode, int(runs[-1]) if runs else 0, took, failed


def main(argv: list[str]) -> int:
    seconds = int(argv[0]) if argv else 180
    names = argv[1:] or list(TARGETS)
    bad = 0
    print(f"fuzzing {len(names)} targets, {seconds} s each")
    for name in names:
        artifacts = Path(tempfile.mkdtemp(prefix=f"povdesk-fuzz-{name}-out-"))
        code, runs, took, failed = fuzz(name, seconds, artifacts)
        bad += bool(code or failed)
        shown = " ".join(failed)
        print(f"{name:<13} inputs {runs:>8}  {took:6.1f} s  failures {len(failed)}  {shown}")
    print("all clean" if not bad else f"{bad} target(s) failed")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
