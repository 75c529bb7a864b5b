"""Which records a printout holds, and the one call that makes its PDF.

`render(store, Request(...))` gives the PDF bytes; `render_report` gives them with the
households an exit or 风险消除 notice left out (the CLI names them); `render_each` gives one PDF per
household (the CLI's --split). All read through the store's services only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from exports.pdf import (
    consent,
    fonts,
    handbook,
    monitor_notice,
    notice,
    page,
    policy_card,
    roster,
    visit_record,
)
from exports.pdf.source import (
    CHUNK,
    Village,
    household_chunks,
    household_files,
    household_ids,
    open_village,
    village_ids,
)
from povdesk.errors import UserError
from povdesk.models import utcnow
from povdesk.rules.facts import HouseholdFile
from povdesk.services.households import FILE_PARTS
from povdesk.store import Store

# kind -> the document's name on paper
KINDS = {
    "visit": visit_record.TITLE,
    "handbook": handbook.TITLE,
    "card": policy_card.TITLE,
    "notice": "公示",
    "roster": roster.TITLE,
    "monitor-notice": "监测对象公示",
    "consent": consent.TITLE,
}
PER_HOUSEHOLD = ("visit", "handbook", "card", "consent")
# What a visit record reads of a household: its head and size, and its visits.
VISIT_PARTS = ("members", "visits")


@dataclass(frozen=True)
class Request:
    """What to print. `households` (ids or 户编号) narrows it; empty means the village."""

    kind: str
    households: tuple[str, ...] = ()
    visit: str | None = None
    notice_of: str = "exit"  # exit | new
    year: int | None = None  # the year of new registrations (default: this year)
    days: int | None = None  # notice days (default: the least the notice allows)
    start: dt.date | None = None  # first day of the notice (default: today)
    monitor: str = "识别"  # the monitoring notice: 识别 (inclusion) or 风险消除


@dataclass(frozen=True)
class Rendered:
    """A printout and the households an exit notice left out (empty for other kinds)."""

    pdf: bytes
    left_out: list[notice.LeftOut] = field(default_factory=list)


def render(
    store: Store,
    request: Request,
    *,
    at: dt.datetime | None = None,
    progress: page.Progress | None = None,
    printed_by: str | None = None,
) -> bytes:
    """The PDF of a request, printed now (or `at`) by `printed_by` (the cadre working;
    by default the store's actor)."""
    return render_report(store, request, at=at, progress=progress, printed_by=printed_by).pdf


def render_report(
    store: Store,
    request: Request,
    *,
    at: dt.datetime | None = None,
    progress: page.Progress | None = None,
    printed_by: str | None = None,
    into: BinaryIO | None = None,
    chunk: int = CHUNK,
) -> Rendered:
    """The PDF of a request, with what it left out. With `into` the PDF is written
    there as it is made (and `pdf` is b""). Households are read `chunk` at a time, and
    each record is laid out and let go before the next: memory does not grow with the
    village."""
    fonts.ensure_fonts()
    printing = page.Printing(printed_by or store.actor, at or utcnow())
    left: list[notice.LeftOut] = []
    sections, total = _sections(store, request, printing.at.astimezone().date(), left, chunk)
    pdf = page.build(
        sections,
        printing,
        wide=request.kind == "roster",
        progress=progress,
        total=total,
        into=into,
    )
    return Rendered(pdf, left)


def render_each(
    store: Store,
    request: Request,
    *,
    at: dt.datetime | None = None,
    progress: page.Progress | None = None,
    chunk: int = CHUNK,
) -> Iterator[tuple[str, bytes]]:
    """One PDF per household: (户编号, PDF bytes), the households read `chunk` at a time."""
    if request.kind not in PER_HOUSEHOLD:
        raise UserError(
            f"{KINDS.get(request.kind, request.kind)}是全村一份，不能按户分开打印。",
            f"A {request.kind} covers the whole village; it cannot be split per household.",
            code="invalid",
        )
    fonts.ensure_fonts()
    printing = page.Printing(store.actor, at or utcnow())
    village, chunks, total = _chunks(store, request, printing.at.astimezone().date(), chunk)
    done = 0
    for files in chunks:
        for file in files:
            one = _household_sections(village, [file], request, skip_empty=False)
            yield file.household.number, page.build(one, printing)
            done += 1
            if progress is not None:
                progress(done, total)


def least_days(store: Store, kind: str) -> int:
    """The fewest days a notice of `kind` may be posted (what a form offers first)."""
    if kind == "monitor-notice":
        return monitor_notice.least_of(store.monitoring.context().monitor.notice_days)
    return notice.MIN_DAYS


def check(store: Store, request: Request) -> None:
    """Refuses a notice's variant or days before any work is done (a form shows the
    message in place); the same checks `render` makes."""
    if request.kind == "monitor-notice":
        monitor_notice.phase(request.monitor)
        least = least_days(store, request.kind)
        monitor_notice.check_least(least, _days(request, least))
    elif request.kind == "notice":
        notice.check_days(_days(request, notice.MIN_DAYS))


def _scope(store: Store, request: Request, today: dt.date) -> tuple[Village, list[str] | None]:
    """The village and the households named (None: the whole village)."""
    ids = household_ids(store, list(request.households)) if request.households else None
    if request.visit is not None:
        visit = store.visits.get(request.visit)  # NotFound: a UserError
        ids = [visit.household_id]
    home = store.households.get(ids[0]).village_id if ids else None
    return open_village(store, home, today), ids


def _chunks(
    store: Store, request: Request, today: dt.date, size: int
) -> tuple[Village, Iterable[list[HouseholdFile]], int]:
    """The households of a per-household printout, a chunk at a time, and how many."""
    if request.kind == "consent":  # which households it holds is known only from them all
        village, files = _files(store, request, today)
        return village, [files], len(files)
    village, ids = _scope(store, request, today)
    if ids is None:
        ids = village_ids(store, village)
    parts = VISIT_PARTS if request.kind == "visit" else FILE_PARTS
    return village, household_chunks(store, ids, parts, size), len(ids)


def _files(store: Store, request: Request, today: dt.date) -> tuple[Village, list[HouseholdFile]]:
    village, ids = _scope(store, request, today)
    files = household_files(store, village, ids)
    if request.kind == "consent" and ids is None:
        # The village's forms: every household with a lead (they sign at the home check).
        files = [f for f in files if consent.is_lead(f)]
        if not files:
            raise UserError(
                f"{village.name}没有待识别的监测线索，无需打印农户授权承诺书。",
                f"{village.name} has no monitoring lead; no consent form to print.",
                code="nothing_to_print",
            )
    return village, files


def _sections(
    store: Store, request: Request, today: dt.date, left: list[notice.LeftOut], chunk: int
) -> tuple[Iterable[page.Section], int]:
    """The sections to print (a generator for the per-household kinds) and how many
    households they come from (for progress)."""
    if request.kind not in KINDS:
        raise UserError(
            f"未知的文书类型：{request.kind}（可选：{'、'.join(KINDS)}）",
            f"Unknown document: {request.kind} (one of {', '.join(KINDS)})",
            code="invalid",
        )
    if request.visit is not None and request.kind != "visit":
        raise UserError(
            "--visit 只用于走访记录", "--visit is only for visit records", code="invalid"
        )
    if request.kind == "notice":
        notice.check_days(_days(request, notice.MIN_DAYS))
    if request.kind in PER_HOUSEHOLD:
        village, chunks, total = _chunks(store, request, today, chunk)
        skip = not request.households and request.visit is None
        each = (f for files in chunks for f in files)
        return _household_sections(village, each, request, skip_empty=skip), total
    village, files = _files(store, request, today)
    if request.kind == "roster":
        return [roster.section(village, files)], len(files)
    if request.kind == "monitor-notice":
        kind = monitor_notice.phase(request.monitor)
        days = _days(request, monitor_notice.least_days(village))
        monitor_notice.check_days(village, days)
        chosen, left[:] = monitor_notice.choose(village, files, kind)
        start = request.start or today
        return [monitor_notice.section(village, chosen, kind, start, days, left)], len(files)
    if request.kind == "notice":
        year = request.year or today.year
        named = bool(request.households)
        chosen, left[:] = notice.choose(village, files, request.notice_of, year, named=named)
        start = request.start or today
        days = _days(request, notice.MIN_DAYS)
        return [notice.section(village, chosen, request.notice_of, start, days, left)], len(files)
    raise AssertionError(request.kind)  # every kind is handled above


def _days(request: Request, least: int) -> int:
    return least if request.days is None else request.days


def _household_sections(
    village: Village, files: Iterable[HouseholdFile], request: Request, *, skip_empty: bool
) -> Iterator[page.Section]:
    """Each household's section, made when the document asks for it."""
    if request.kind == "handbook":
        yield from (handbook.section(village, f) for f in files)
        return
    if request.kind == "card":
        yield from (policy_card.section(village, f) for f in files)
        return
    if request.kind == "consent":
        yield from (consent.section(village, f) for f in files)
        return
    printed = 0
    for f in files:
        if request.visit is not None:
            visits = [v for v in f.visits if v.id == request.visit]
        else:
            visits = sorted(f.visits, key=lambda v: (v.at, v.rev))[-1:]  # the latest
        if not visits:
            if skip_empty:
                continue  # a village printout holds the households that were visited
            raise UserError(
                f"户 {f.household.number} 还没有走访记录。",
                f"Household {f.household.number} has no visit on record.",
                code="no_visit",
            )
        yield visit_record.section(village, f, visits[0])
        printed += 1
    if not printed:
        raise UserError(
            f"{village.name}还没有任何走访记录。",
            f"{village.name} has no visits on record.",
            code="no_visit",
        )
