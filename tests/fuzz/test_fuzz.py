"""The fuzz targets in CI: every corpus seed and every input that once failed replayed
in-process, then each target fuzzed briefly (`make fuzz` runs them for minutes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz import all as fuzz_all
from tests.fuzz import targets

REGRESSIONS = Path(__file__).resolve().parent / "regressions"
SECONDS = 10  # per target, after a few seconds of start-up; `make fuzz` runs 180


def inputs(name: str) -> list[Path]:
    found = sorted(targets.corpus(name).iterdir())
    if (REGRESSIONS / name).exists():
        found += sorted((REGRESSIONS / name).iterdir())
    return found


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_every_seed_and_past_failure_is_handled(name: str) -> None:
    found = inputs(name)
    assert found, f"no corpus for {name}"
    for path in found:
        targets.TARGETS[name](path.read_bytes())  # raises on anything but a UserError


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_fuzz_briefly(name: str, tmp_path: Path) -> None:
    code, runs, _took, failed = fuzz_all.fuzz(name, SECONDS, tmp_path)
    assert failed == [] and code == 0
    assert runs > 50  # it really ran
