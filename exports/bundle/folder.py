"""A whole folder of bundles at once (a USB stick full from many villages): each bundle
verified and applied in its own transaction, a bad one reported and skipped, the good ones
imported, one report per file, progress for a window to show."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from exports.bundle.importer import import_bundles
from povdesk.errors import UserError
from povdesk.store import backup
from povdesk.store.store import Store
from povdesk.sync.incoming import Report

IMPORTED, ALREADY, REFUSED = "imported", "already", "refused"


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: str  # imported / already / refused
    village: str = ""  # the sender's area code and name, once known
    report: Report | None = None
    error: UserError | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": str(self.path), "status": self.status}
        out["village"] = self.village
        if self.report is not None:
            r = self.report
            out.update(
                seq=r.seq,
                kinds=r.kinds,
                households=len(r.households),
                conflicts=r.conflicts,
                missing=r.missing,
            )
        if self.error is not None:
            out["error"] = {"code": self.error.code, "zh": self.error.zh, "en": self.error.en}
        return out


Progress = Callable[[int, int, Outcome], None]


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and every file under a folder named (hidden ones aside), in
    name order, which for povdesk's own names is sender then sequence."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = (
                f
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            out += sorted(found)
        else:
            out.append(p)
    if not out:
        raise UserError("没有找到任何文件。", "No files found in what was named.", code="no_files")
    return out


def import_folder(
    store: Store,
    paths: Iterable[Path],
    *,
    progress: Progress | None = None,
    records: Callable[[int, int], None] | None = None,
) -> list[Outcome]:
    """One outcome per file, in the order the files were found. A bundle refused because
    an earlier one of its series is missing is tried again after the others, so files
    that come in any order still go in sequence order. `records(done, total)` counts the
    records of the bundle being applied.

    One backup is made, before the first bundle that is applied: a county's USB stick of
    300 villages used to copy and check the whole county database before each of them,
    which made a folder's import take hours. Undoing the import restores that backup."""
    files = bundle_files(paths)
    outcomes: dict[Path, Outcome] = {}
    pending = list(files)
    done = 0
    once = _BackupOnce(store)
    while pending:
        waiting = []
        for path in pending:
            got = _one(store, path, records, once)
            if got.error is not None and got.error.code == "gap":
                waiting.append(path)
                outcomes[path] = got
                continue
            outcomes[path] = got
            done += 1
            if progress is not None:
                progress(done, len(files), got)
        if len(waiting) == len(pending):  # no progress: the gaps are real
            for path in waiting:
                done += 1
                if progress is not None:
                    progress(done, len(files), outcomes[path])
            break
        pending = waiting
    return [outcomes[p] for p in files]


class _BackupOnce:
    """The automatic backup before an import, made the first time it is asked for; a
    backup that failed is tried again for the next file (nothing is applied without)."""

    def __init__(self, store: Store) -> None:
        self.store, self.made = store, False

    def __call__(self) -> None:
        if not self.made:
            backup.automatic(self.store.target, "before_import")
            self.made = True


def _one(
    store: Store, path: Path, records: Callable[[int, int], None] | None, once: _BackupOnce
) -> Outcome:
    try:
        report = import_bundles(store, [path], progress=records, backup_first=once)[0]
    except UserError as exc:
        return Outcome(path, REFUSED, error=exc)
    peer = store.ledger.peer_by_id(report.sender)
    village = f"{peer.area_code} {peer.name}" if peer else report.sender
    return Outcome(path, ALREADY if report.already else IMPORTED, village, report)
