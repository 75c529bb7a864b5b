"""What a store file on disk is like, asked without opening it as a store: is the disk
full, does SQLite's own `integrity_check` pass. Below both the opening checks (health.py)
and backups (backup.py), which each need them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from povdesk import cipher

# Below this much free space, a write failure is the disk being full, not damage.
LOW_SPACE = 1 << 20


def is_full(path: Path) -> bool:
    """True when the folder holding `path` has (almost) no free space left."""
    try:
        return shutil.disk_usage(path.parent if not path.is_dir() else path).free < LOW_SPACE
    except OSError:
        return False


def integrity_problems(con: Any) -> list[str]:
    """The full `PRAGMA integrity_check` (no time limit): what `audit verify` and backup
    verification report."""
    try:
        found = [str(r[0]) for r in con.execute("PRAGMA integrity_check").fetchall()]
    except cipher.errors() as exc:
        return [str(exc)]
    return [] if found == ["ok"] else found
