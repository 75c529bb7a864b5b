"""Run all benchmarks: `python -m bench [--households N]`."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench import core


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--households", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="povdesk-bench-") as tmp:
        for line in core.run(Path(tmp), args.households):
            print(line, flush=True)


if __name__ == "__main__":
    main()
