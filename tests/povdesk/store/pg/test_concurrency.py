"""Two workstations (two real processes) writing to one database at the same moment.

On PostgreSQL the writers' advisory lock, on SQLite BEGIN IMMEDIATE, make write
transactions take turns; without that, both processes would read the same audit head and
Lamport clock (a forked chain or a duplicate seq), and the same wages before adding to
them (a lost update).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select

from povdesk.models import AuditEntry
from povdesk.store import Store

WRITER = Path(__file__).with_name("writer.py")
ROUNDS = 15


def run_together(target: str, tmp_path: Path, *args: list[str]) -> list[dict[str, Any]]:
    """Start one writer per argument list, release them together, return their results."""
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), target, str(tmp_path / "files"), *a],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for a in args
    ]
    for p in procs:  # every process has opened the store before any writes
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "ready", p.stderr
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def audit_revs(store: Store) -> list[int]:
    t = AuditEntry.__table__  # type: ignore[attr-defined]
    with store.read() as conn:
        return list(conn.execute(select(t.c.rev).order_by(t.c.seq)).scalars())


def test_two_workstations_write_at_once(store: Store, tmp_path: Path) -> None:
    shared = store.households.create({"number": "0001"})
    store.incomes.set(shared.id, 2024, {"wages": 500000})
    before = store.audit.count()

    results = run_together(
        store.target,
        tmp_path,
        ["work", str(ROUNDS), "A", shared.id],
        ["work", str(ROUNDS), "B", shared.id],
    )

    assert results == [{"done": ROUNDS}, {"done": ROUNDS}]
    numbers = [h.number for h in store.households.all()]
    assert len(numbers) == len(set(numbers)) == 1 + 2 * ROUNDS
    # No lost update: every one of the 2 × ROUNDS raises of 100 fen is there.
    assert store.incomes.of(shared.id)[0].wages == 500000 + 2 * ROUNDS * 100
    assert store.funds.total(shared.id) == 2 * ROUNDS * 100
    assert store.audit.verify() == []
    assert store.audit.count() > before
    revs = audit_revs(store)
    assert revs == sorted(revs) and len(set(revs)) == len(revs)  # one clock, no forks
    assert store.clock() == revs[-1]


def test_two_workstations_create_the_same_records(store: Store, tmp_path: Path) -> None:
    hh = store.households.create({"number": "0001"})
    entry = store.funds.record(
        {"household_id": hh.id, "amount": 12345, "date": "2024-05-01", "source": "1"}
    )

    results = run_together(
        store.target, tmp_path, ["same", "10", "A", "", entry.id], ["same", "10", "B", "", entry.id]
    )

    for number in (f"9{i:03d}" for i in range(10)):
        outcomes = Counter(r["households"][number] for r in results)
        assert outcomes["created"] == 1, (number, outcomes)
        # the loser is told, in words, whichever check caught it
        assert set(outcomes) - {"created"} <= {"duplicate", "conflict"}
    assert sorted(r["reversal"] for r in results) == ["already_reversed", "reversed"]
    numbers = [h.number for h in store.households.all()]
    assert sorted(numbers) == ["0001"] + [f"9{i:03d}" for i in range(10)]
    assert store.funds.total() == 0  # the entry and exactly one reversal
    assert len(store.funds.entries()) == 2
    assert store.audit.verify() == []


def test_two_workstations_open_a_new_database_at_once(store_target: str, tmp_path: Path) -> None:
    """Both create the schema and name the store at the same moment: one does it, the
    other waits and then finds it done; both end up with the one store id."""
    results = run_together(store_target, tmp_path, ["open", "0", "A"], ["open", "0", "B"])
    with Store(store_target) as store:
        assert [r["store_id"] for r in results] == [store.store_id] * 2
        assert store.audit.verify() == []
