"""`povdesk print visit|handbook|card|notice|roster|monitor-notice|consent`: printed
documents as PDF files.

    povdesk print visit --db D (--household H | --all | --visit V) --out FILE.pdf
    povdesk print handbook --db D --all --split DIR      # one PDF per household
    povdesk print monitor-notice --db D --kind 识别|风险消除 --start DATE --days N -o FILE
    povdesk print consent --db D --household H -o FILE   # 农户授权承诺书, for signing

A file is written whole or not at all (a temporary file renamed into place), so a
failed printout never leaves half a PDF where the last good one was. A long printout
shows a progress bar on a terminal (none when the output is piped).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from exports.files import atomic_path, inside, write_atomic
from exports.pdf import KINDS, PER_HOUSEHOLD, Request, render_each, render_report
from exports.pdf.notice import MIN_DAYS
from povdesk.cli.commands import OK, open_store, say
from povdesk.cli.progress import Progress
from povdesk.cli.render import emit_json
from povdesk.errors import UserError


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db: Callable[[argparse.ArgumentParser], None],
) -> None:
    sp = sub.add_parser("print", help="打印文书(PDF)/ print documents as PDF")
    db(sp)
    sp.add_argument(
        "kind",
        choices=list(KINDS),
        help="visit 入户走访记录 / handbook 扶贫手册 / card 明白卡 / notice 公示 / roster 村级台账"
        " / monitor-notice 监测对象公示 / consent 农户授权承诺书",
    )
    which = sp.add_mutually_exclusive_group()
    which.add_argument(
        "--household",
        action="append",
        default=[],
        metavar="H",
        help="户编号或 ID,可重复 / household number or id (repeatable)",
    )
    which.add_argument("--all", action="store_true", help="全村 / the whole village")
    which.add_argument("--visit", metavar="V", help="走访记录 ID / a visit id")
    out = sp.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--out", type=Path, help="输出 PDF 文件 / the PDF file to write")
    out.add_argument(
        "--split", type=Path, metavar="DIR", help="每户一个 PDF / one PDF per household"
    )
    sp.add_argument(
        "--notice",
        choices=("exit", "new"),
        default="exit",
        help="公示:exit 拟退出(默认)/ new 新识别 / notice of exits (default) or new registrations",
    )
    sp.add_argument("--year", type=int, help="新识别年度(默认今年)/ year of new registrations")
    sp.add_argument(
        "--kind",
        dest="monitor",
        choices=("识别", "风险消除"),
        default="识别",
        help="监测对象公示：识别（默认）或风险消除 / inclusion (default) or risk elimination",
    )
    sp.add_argument(
        "--days",
        type=int,
        help=f"公示天数（退出公示至少 {MIN_DAYS}，监测对象公示至少按设置）/ notice days",
    )
    sp.add_argument("--start", help="公示开始日期 YYYY-MM-DD / first day of the notice")
    sp.add_argument("--json", action="store_true", help="结果以 JSON 输出 / result as JSON")
    sp.set_defaults(func=print_)


def print_(args: argparse.Namespace) -> int:
    request = _request(args)
    left_out = []
    with open_store(args) as store, Progress("正在生成 PDF", "Making the PDF") as bar:
        if args.split is not None:
            pdfs = render_each(store, request, progress=bar)
            written = _write_each(args.split, args.kind, pdfs)
        else:
            # Written into the file as it is made: a village's PDF is never held whole
            # in memory a second time.
            with atomic_path(args.out) as tmp, tmp.open("wb") as fh:
                done = render_report(store, request, progress=bar, into=fh)
            written = [args.out]
            left_out = done.left_out
    for x in left_out:  # the cadre learns which proposed households are not announced
        say(f"未列入公示：户 {x.number}，{x.zh}\nNot on the notice: household {x.number}: {x.en}")
    if args.json:
        emit_json(
            {
                "kind": args.kind,
                "files": [str(p) for p in written],
                "left_out": [{"number": x.number, "zh": x.zh, "en": x.en} for x in left_out],
            }
        )
    say(
        f"已写入 {len(written)} 个 PDF：{written[0] if len(written) == 1 else args.split}\n"
        f"Wrote {len(written)} PDF file(s): {written[0] if len(written) == 1 else args.split}"
    )
    return OK


def _request(args: argparse.Namespace) -> Request:
    per_household = args.kind in PER_HOUSEHOLD
    if per_household and not (args.household or args.all or args.visit):
        raise UserError(
            "请指明打印哪一户：--household 户编号、--all 全村或 --visit 走访记录。",
            "Say what to print: --household H, --all (the whole village) or --visit V.",
            code="usage",
        )
    if args.split is not None and not per_household:
        raise UserError(
            f"{KINDS[args.kind]}是全村一份，不能用 --split 按户分开。",
            f"A {args.kind} covers the village; --split does not apply.",
            code="usage",
        )
    start = None
    if args.start:
        try:
            start = dt.date.fromisoformat(args.start)
        except ValueError:
            raise UserError(
                f"日期格式应为 YYYY-MM-DD:{args.start}",
                f"A date is written YYYY-MM-DD: {args.start}",
                code="invalid",
            ) from None
    return Request(
        kind=args.kind,
        households=tuple(args.household),
        visit=args.visit,
        notice_of=args.notice,
        year=args.year,
        days=args.days,
        start=start,
        monitor=args.monitor,
    )


def _write(path: Path, data: bytes) -> Path:
    write_atomic(path, data)
    return path


def _write_each(folder: Path, kind: str, pdfs: Iterable[tuple[str, bytes]]) -> list[Path]:
    """One PDF per household, all or none: when one cannot be written (a full disk, a
    Ctrl+C), the ones this run created are removed again, and the message says so."""
    written: list[Path] = []
    created: list[Path] = []
    try:
        for number, pdf in pdfs:
            # 户编号 is a stored value: checked to stay a plain name inside the folder.
            path = inside(folder, f"{kind}-{number}.pdf")
            new = not path.exists()
            written.append(_write(path, pdf))
            if new:
                created.append(path)
    except (UserError, KeyboardInterrupt) as exc:
        for path in created:
            path.unlink(missing_ok=True)
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise UserError(
            f"{exc.zh}已写好的 {len(written)} 个 PDF 中，本次新建的 {len(created)} 个已删除，"
            f"{folder} 中没有留下不完整的一套。",
            f"{exc.en} Of the {len(written)} PDF files already written, the {len(created)} "
            f"this run created were removed: {folder} holds no incomplete set.",
            code=exc.code,
        ) from None
    return written
