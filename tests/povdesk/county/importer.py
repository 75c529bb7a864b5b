"""One county workstation, as a separate process, importing bundles:

    python importer.py TARGET FILES PATH...

It opens the store, prints "ready", waits for "go" on stdin (so that both processes
import at the same moment), imports the paths as `povdesk county import` does, and prints
a JSON line: the outcome per file ("imported", "already" or "refused: CODE")."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from exports.bundle.folder import import_folder
from povdesk.store import Store


def main(argv: list[str]) -> int:
    target, files, *paths = argv
    with Store(target, files=Path(files)) as store:
        store.actor = "工作站"
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            return 3
        outcomes = import_folder(store, [Path(p) for p in paths])
    result = [o.status if o.error is None else f"{o.status}: {o.error.code}" for o in outcomes]
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
