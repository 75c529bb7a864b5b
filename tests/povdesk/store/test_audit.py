"""The audit chain catches an entry that was edited, removed or reordered."""

from __future__ import annotations

import json
import sqlite3

import pytest

from app.main import main
from povdesk.errors import StoreDamaged
from povdesk.store import Store


def tamper(store: Store, *sql: str) -> None:
    """What someone with the sqlite3 tool could do: drop the guards, then edit."""
    path = store.target
    store.close()
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()


@pytest.fixture
def busy(store: Store) -> Store:
    for i in range(5):
        hh = store.households.create({"number": f"000{i}"})
        store.households.update(hh.id, {"group": f"{i}组"})
    assert store.audit.verify() == []
    return store


def kinds(path: str) -> set[str]:
    with Store(path) as s:
        return {p.kind for p in s.audit.verify()}


def test_edited_entry(busy: Store) -> None:
    tamper(busy, "UPDATE audit_log SET actor = '别人' WHERE seq = 20")
    assert kinds(busy.target) == {"edited"}


def test_removed_entry(busy: Store) -> None:
    tamper(busy, "DELETE FROM audit_log WHERE seq = 20")
    assert "missing_or_reordered" in kinds(busy.target)


def test_reordered_entries(busy: Store) -> None:
    tamper(
        busy,
        "UPDATE audit_log SET seq = -1 WHERE seq = 20",
        "UPDATE audit_log SET seq = 20 WHERE seq = 21",
        "UPDATE audit_log SET seq = 21 WHERE seq = -1",
    )
    assert "missing_or_reordered" in kinds(busy.target)


def test_cut_off_tail(busy: Store, capsys: pytest.CaptureFixture[str]) -> None:
    last = busy.audit.count()
    tamper(busy, f"DELETE FROM audit_log WHERE seq = {last}")
    # The chain's head no longer matches: the store is not opened for writing at all...
    with pytest.raises(StoreDamaged):
        Store(busy.target)
    # ...and `audit verify` (read-only) still says exactly what is wrong.
    assert main(["audit", "verify", "--db", busy.target, "--json"]) == 1
    found = json.loads(capsys.readouterr().out)
    # The cut entry was the last household's update: that household's create entry, which
    # the row gives back (audit_rows), no longer matches the row either and is named too.
    kinds = {(p["kind"], p["seq"]) for p in found["problems"]}
    assert ("truncated", last) in kinds
    assert {k for k, _ in kinds} == {"truncated", "edited"} and len(kinds) == 2


def test_cli_exits_1_on_a_broken_chain(busy: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--db", busy.target]) == 0
    tamper(busy, "UPDATE audit_log SET after = '{}' WHERE seq = 18")
    assert main(["audit", "verify", "--db", busy.target]) == 1
    err = capsys.readouterr().err
    assert "#18" in err and "edited" in err
