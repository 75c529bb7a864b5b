"""`povdesk county import --db D FOLDER_OR_FILE... [--json]` (issue 6): the county office
reads the bundles the villages sent. The county's other commands are the core's
(povdesk/cli/county_cmd.py); app/parser.py puts this one first under `county`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from exports.bundle.folder import ALREADY, IMPORTED, REFUSED, Outcome, import_folder
from povdesk.cli.commands import OK, say
from povdesk.cli.county_cmd import open_county
from povdesk.cli.progress import Progress
from povdesk.cli.render import emit_json

FAILED = 1


def register(
    csub: argparse._SubParsersAction[argparse.ArgumentParser],
    db: Callable[[argparse.ArgumentParser], None],
) -> None:
    sp = csub.add_parser("import", help="导入一个文件夹的数据包 / import a folder of bundles")
    db(sp)
    sp.set_defaults(func=import_)
    sp.add_argument("paths", type=Path, nargs="+", help="文件夹或文件 / folders or files")
    sp.add_argument("--json", action="store_true")


def import_(args: argparse.Namespace) -> int:
    with Progress("正在导入", "Importing") as bar:

        def tell(done: int, total: int, o: Outcome) -> None:
            bar.close()  # the file's line starts clean; the bar comes back with the next
            say(outcome_line(done, total, o))

        with open_county(args) as store:
            outcomes = import_folder(
                store, args.paths, progress=None if args.json else tell, records=bar
            )
    if args.json:
        emit_json([o.as_json() for o in outcomes])
    refused = sum(o.status == REFUSED for o in outcomes)
    say(import_summary(outcomes))
    return FAILED if refused else OK


WORD = {
    IMPORTED: "已导入 imported",
    ALREADY: "已导入过 already imported",
    REFUSED: "拒绝 refused",
}


def outcome_line(done: int, total: int, o: Outcome) -> str:
    head = f"[{done}/{total}] {o.path.name}: {WORD[o.status]}"
    if o.error is not None:
        return f"{head}\n    {o.error.zh}\n    {o.error.en}"
    r = o.report
    assert r is not None
    created = sum(c["created"] for c in r.kinds.values())
    updated = sum(c["updated"] for c in r.kinds.values())
    line = f"{head} {o.village} #{r.seq}"
    if o.status == IMPORTED:
        line += (
            f"，新增 {created}、更新 {updated}、冲突 {r.conflicts} / created {created}, "
            f"updated {updated}, conflicts {r.conflicts}"
        )
    if r.missing:
        line += f"；缺 missing #{', #'.join(str(s) for s in r.missing)}"
    return line


def import_summary(outcomes: list[Outcome]) -> str:
    n = {s: sum(o.status == s for o in outcomes) for s in WORD}
    return (
        f"共 {len(outcomes)} 个文件：导入 {n[IMPORTED]}，已导入过 {n[ALREADY]}，拒绝 {n[REFUSED]}\n"
        f"{len(outcomes)} files: {n[IMPORTED]} imported, {n[ALREADY]} already imported, "
        f"{n[REFUSED]} refused"
    )
