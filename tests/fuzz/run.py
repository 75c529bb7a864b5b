"""Run one fuzz target with atheris (libFuzzer), coverage-guided, from the checked-in corpus.

    python -m tests.fuzz.run TARGET SECONDS        # `make fuzz` runs every target

New inputs the fuzzer finds go to a temporary folder (the checked-in corpus is only
read); a failing input is written to the folder named by POVDESK_FUZZ_ARTIFACTS (or the
current one) as crash-<hash>, and the exit status is non-zero.
"""

from __future__ import annotations

import os
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["povdesk", "exports"]):
    pass

from tests.fuzz import targets

RSS_LIMIT_MB = 2048  # what one fuzzed process may use


def inherited_rss_mb() -> int:
    """libFuzzer measures memory by the process's RSS high-water mark, which Linux
    carries over through fork and exec: started from a test run that has grown to 2 GB,
    the fuzzer would stop "out of memory" before running anything. The launcher passes
    its own mark (POVDESK_FUZZ_RSS_BASE_MB), and the limit counts from there."""
    text = os.environ.get("POVDESK_FUZZ_RSS_BASE_MB", "0")
    return int(text) if text.isdigit() else 0


def main(argv: list[str]) -> int:
    name, seconds = argv[1], int(argv[2])
    target = targets.TARGETS[name]
    targets.quiet_logs()
    if name in targets.NEEDS_STORES:
        targets.village()  # made before fuzzing starts, outside the time budget
    fresh = tempfile.mkdtemp(prefix=f"povdesk-fuzz-{name}-")
    artifacts = os.environ.get("POVDESK_FUZZ_ARTIFACTS", ".").rstrip("/") + "/"
    args = [
        argv[0],
        fresh,
        str(targets.corpus(name)),
        f"-max_total_time={seconds}",
        f"-artifact_prefix={artifacts}",
        f"-rss_limit_mb={RSS_LIMIT_MB + inherited_rss_mb()}",
        "-timeout=20",
        "-print_final_stats=1",
    ]
    atheris.Setup(args, target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
