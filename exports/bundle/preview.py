"""What an export would send and what an import would do, without doing either: the
summaries the GUI shows before the user commits (issue 5). Export reads what
`writer.export` would collect; import is `import_bundles(..., dry_run=True)`, which runs
every check and the whole merge and then rolls back."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exports.bundle.importer import import_bundles
from exports.bundle.keys import identity
from povdesk.store.store import Store
from povdesk.sync import ledger
from povdesk.sync.incoming import Report
from povdesk.sync.outgoing import household_ids, prepare


@dataclass(frozen=True)
class ExportPreview:
    peer: ledger.Peer
    seq: int  # the number the bundle will get
    kinds: dict[str, dict[str, int]]  # entity -> {"rows": n, "deleted": n}
    households: int  # households with anything changed in the bundle
    files: int  # attachment files carried
    file_bytes: int  # their total size
    resolutions: int

    @property
    def rows(self) -> int:
        return totals(self.kinds)[0]

    @property
    def deleted(self) -> int:
        return totals(self.kinds)[1]

    @property
    def empty(self) -> bool:
        return not self.kinds and not self.resolutions


def totals(counts: dict[str, Any]) -> tuple[int, int]:
    """(records, deletions) over a manifest's per-entity counts (other keys are not rows)."""
    rows = sum(v["rows"] for v in counts.values() if isinstance(v, dict))
    deleted = sum(v["deleted"] for v in counts.values() if isinstance(v, dict))
    return rows, deleted


def peers(store: Store) -> list[ledger.Peer]:
    """Who this store can export to: its trusted peers (a village has its county)."""
    return store.ledger.peers()


def preview_export(store: Store, to: str | None = None) -> ExportPreview:
    me = identity(store)
    with prepare(store, me.role, to) as prepared:
        peer, going, seq = prepared.peer, prepared.going, prepared.seq
        households = len(household_ids(going.records()))  # read as a stream, once
    size = 0
    for sha in going.files:
        if store.files.has(sha):
            size += store.files.path(sha).stat().st_size
    return ExportPreview(
        peer=peer,
        seq=seq,
        kinds=going.counts(),
        households=households,
        files=len(going.files),
        file_bytes=size,
        resolutions=len(going.resolutions),
    )


@dataclass
class ImportSummary:
    """One bundle's report with its sender named as a person reads it."""

    report: Report
    sender: str  # "name (area code)"
    totals: dict[str, int] = field(default_factory=dict)  # created/updated/... over kinds


def summarise(store: Store, reports: list[Report]) -> list[ImportSummary]:
    labels = {p.store_id: p.label for p in store.ledger.peers()}
    out = []
    for r in reports:
        sum_: dict[str, int] = {}
        for counts in r.kinds.values():
            for k, n in counts.items():
                sum_[k] = sum_.get(k, 0) + n
        out.append(ImportSummary(r, labels.get(r.sender, r.sender), sum_))
    return out


def preview_import(store: Store, paths: list[Path]) -> list[ImportSummary]:
    """Verify and merge every file, then roll back: the database is unchanged."""
    return summarise(store, import_bundles(store, paths, dry_run=True))


def run_import(store: Store, paths: list[Path]) -> list[ImportSummary]:
    return summarise(store, import_bundles(store, paths))
