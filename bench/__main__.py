"""Run all benchmarks: `python -m bench [--households N]`."""

from __future__ import annotations

import argparse
import importlib
import tempfile
from pathlib import Path

# Each module has run(tmp: Path, households: int) -> Iterator[str] of printed lines.
MODULES = (
    "bench.core",
    "bench.audit_size",
    "bench.encryption",
    "bench.printing",
    "bench.gui",
    "bench.sync",
    "bench.sync_state",
    "bench.county",
    "bench.monitoring",
    "bench.startup",
)


def matches(only: str, name: str) -> bool:
    """An exact module name ("sync" is bench.sync alone), else a part of one."""
    exact = f"bench.{only}" in MODULES or only in MODULES
    return name in (only, f"bench.{only}") if exact else only in name


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--only", help="run only modules whose name contains this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="povdesk-bench-") as tmp:
        for name in MODULES:
            if args.only and not matches(args.only, name):
                continue
            module = importlib.import_module(name)
            for line in module.run(Path(tmp), args.households):
                print(line, flush=True)


if __name__ == "__main__":
    main()
