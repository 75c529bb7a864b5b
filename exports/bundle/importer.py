"""`povdesk import`: every file verified first, then each bundle applied in its own
transaction, in sequence order per sender."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from exports.bundle.reader import Opened, files_of, load
from povdesk.bulk import gc_paused
from povdesk.store import backup
from povdesk.store.store import Store
from povdesk.sync.incoming import Incoming, Report, apply


@gc_paused()
def import_bundles(
    store: Store,
    paths: list[Path],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    backup_first: Callable[[], object] | None = None,
) -> list[Report]:
    """Verification of all files comes before any change: a bad file among several
    leaves the database as it was. `progress(done, total)` counts records applied, per
    bundle. `backup_first`: what makes the backup taken before anything is applied
    (the default: one automatic backup; a folder's import makes one for all its files)."""
    loaded: list[tuple[Opened, Incoming]] = []
    try:
        for p in paths:
            loaded.append(load(store, p))
        loaded.sort(key=lambda pair: (pair[1].sender, pair[1].seq))
        if not dry_run and loaded:  # an import can be undone
            if backup_first is None:
                backup.automatic(store.target, "before_import")
            else:
                backup_first()
        reports = []
        for opened, incoming in loaded:
            if not dry_run:
                # Content-addressed: harmless if the transaction below is then refused.
                for data in files_of(opened):
                    store.files.put(data)
            reports.append(apply(store, incoming, dry_run=dry_run, progress=progress))
            opened.close()  # its temporary file: disk space back before the next one
        return reports
    finally:
        for opened, _ in loaded:
            opened.close()
