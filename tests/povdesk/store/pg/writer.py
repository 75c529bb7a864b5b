"""One workstation, as a separate process, for the concurrency tests.

    python writer.py TARGET FILES MODE N TAG [SHARED_HOUSEHOLD_ID [ENTRY_ID]]

It opens the store, prints "ready", waits for "go" on stdin (so that both processes start
writing at the same moment), does its work, and prints a JSON line of what happened.
Modes: "open" — nothing but open it (a new database: both create the schema at once).
"work" — N rounds of: a new household TAG+i, wages of the shared household's
income raised by 100 fen (a read-then-write in one transaction: the lost update a
missing writers' lock would show), and a 100-fen fund entry for it. "same" — N new
households S000.. (the same numbers the other process creates), then reverse ENTRY_ID.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from povdesk.errors import UserError
from povdesk.store import Store

YEAR = 2024


def work(store: Store, n: int, tag: str, shared: str) -> dict[str, Any]:
    for i in range(n):
        store.households.create({"number": f"{ord(tag)}{i:03d}"})  # 户编号: digits only
        with store.tx() as tx:
            income = tx.get("income", income_id(store, shared))
            assert income is not None
            tx.update("income", income["id"], {"wages": income["wages"] + 100})
        store.funds.record(
            {"household_id": shared, "amount": 100, "date": "2024-05-01", "source": "1"}
        )
    return {"done": n}


def same(store: Store, n: int, entry_id: str) -> dict[str, Any]:
    outcomes: dict[str, str] = {}
    for i in range(n):
        number = f"9{i:03d}"  # 户编号: digits only
        try:
            store.households.create({"number": number})
            outcomes[number] = "created"
        except UserError as exc:
            outcomes[number] = exc.code
    try:
        store.funds.reverse(entry_id, "重复录入")
        reversal = "reversed"
    except UserError as exc:
        reversal = exc.code
    return {"households": outcomes, "reversal": reversal}


def income_id(store: Store, household_id: str) -> str:
    return store.incomes.of(household_id)[0].id


def main(argv: list[str]) -> int:
    target, files, mode, n, tag = argv[:5]
    with Store(target, create=mode == "open", files=Path(files)) as store:
        store.actor = f"工作站{tag}"
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            return 3
        if mode == "open":
            result = {"store_id": store.store_id}
        elif mode == "work":
            result = work(store, int(n), tag, argv[5])
        else:
            result = same(store, int(n), argv[6])
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
