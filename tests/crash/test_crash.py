"""The crash harness, small enough for every CI run (`make crash` runs the long one)."""

from __future__ import annotations

from tests.crash import harness


def test_kill_9_at_random_points_loses_nothing() -> None:
    results = harness.run(trials=2, households=12, seed=20261205)
    assert set(results) == {
        "demo",
        "roster_import",
        "bundle_import",
        "export",
        "print",
        "encrypt",
        "backup_create",
    }
    problems = [p for c in results.values() for p in c.problems]
    assert problems == []
    assert all(c.refusals == 0 and c.lost == 0 for c in results.values())
    # The harness really killed running jobs (not only finished ones).
    assert sum(c.kills for c in results.values()) >= 6
