"""The household window on a large village (issue 3): first window, search keystroke, memory.

On a generated store of 100,000 households (POVDESK_BENCH_GUI_HOUSEHOLDS overrides the
number for a quicker trial), offscreen, in a fresh subprocess so that no other benchmark's
memory counts:

1. time from creating the QApplication and the MainWindow (store opened in between, as
   `povdesk gui` does) to the first rows visible: the model has rows and data for row 0;
   Then the time to readiness, filters and the overview shown from the stored findings
   (issue 17: at once, not after checking the whole village), on a store whose findings
   were stored today (made once a day, as a store's first opening does);
2. median time from a search keystroke to the updated list, after the background load has
   completed, as a ratio against the bare SQL query that search corresponds to (a LIKE on
   the member or household table with plain sqlite3). The text is set and `refresh()` is
   called directly, bypassing the window's 150 ms debounce timer; the time includes what
   the refresh does synchronously (the list, the count, the detail of the first row) and
   one pass of the event loop to repaint;
3. peak memory: the process's RSS high-water mark at the end. On Linux this is VmHWM from
   /proc/self/status: `resource.getrusage`'s ru_maxrss carries over the parent's high-water
   mark through fork and exec (after `bench.core` or a store generation in the parent it
   reported 3 GB); elsewhere ru_maxrss.

Generating 100,000 households takes minutes, so the store is cached between runs in
`.bench-cache/` (git-ignored), keyed by the generator's parameters and a hash of the
generator's and the migrations' source; the benchmark works on a copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HOUSEHOLDS = 100_000
SEED = 1
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench-cache"
REPEATS = 5  # each query is timed this many times; the median is reported

FIRST_WINDOW_TARGET = 2.0  # s
KEYSTROKE_TARGET = 0.100  # s
MEMORY_TARGET = 500  # MB


def run(tmp: Path, households: int) -> Iterator[str]:
    n = int(os.environ.get("POVDESK_BENCH_GUI_HOUSEHOLDS", HOUSEHOLDS))
    generated, note = cached_store(n)
    cached, took = checked_store(generated)
    if took is not None:
        yield (
            f"  stored findings made once (a store's first opening): {took:.1f} s for {n} "
            "households, kept for today"
        )
    yield f"povdesk GUI bench: household window on {n} households, offscreen ({note})"
    db = tmp / "gui.sqlite"
    shutil.copyfile(cached, db)
    # Written to disk before timing: with gigabytes of the copy still to flush, opening the
    # store waited on the disk and the first window took 2.5 times as long.
    os.sync()
    queries = realistic_queries(db)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp / "config"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run(
        [sys.executable, "-m", "bench.gui", str(db), json.dumps([q for q, _ in queries])],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got = json.loads(out.strip().splitlines()[-1])
    first = got["first_window"]
    yield (
        f"  first window with data {first:8.3f} s   (QApplication + store + MainWindow to row 0"
        f" shown, the pages' check after it; imports {got['imports']:.2f} s before)  "
        f"target <= {FIRST_WINDOW_TARGET:.0f} s: {_met(first <= FIRST_WINDOW_TARGET)}"
    )
    kept = got["kept"]
    yield (
        f"  readiness, filters, overview {kept:6.3f} s   (from the stored findings; "
        f"{got['outdated']} outdated, {got['unchecked']} unchecked)  "
        f"target <= {FIRST_WINDOW_TARGET:.0f} s: {_met(kept <= FIRST_WINDOW_TARGET)}"
    )
    done = got["complete"]
    yield f"  background load done   {done:8.3f} s   (search index; any stale re-checked)"
    yield (
        f"  GUI thread when it lands {got['landing'] * 1000:6.1f} ms  (the window's handler: "
        "list, count, overview, detail of the first row)"
    )
    con = sqlite3.connect(db)
    ratios, times = [], []
    for (query, (kind, sql, arg)), runs in zip(queries, got["keystrokes"], strict=True):
        t = statistics.median(runs)
        base = statistics.median(_bare(con, sql, arg) for _ in range(REPEATS))
        times.append(t)
        ratios.append(t / base)
        yield (
            f"    {kind:<16} {query!r:<22} {t * 1000:7.1f} ms   bare SQL {base * 1000:6.1f} ms"
            f"   ratio {t / base:5.2f}x   ({got['found'][query]} households)"
        )
    con.close()
    median = statistics.median(times)
    yield (
        f"  search keystroke       {median * 1000:8.1f} ms   median; ratio to bare SQL median "
        f"{statistics.median(ratios):.2f}x (refresh() called directly, no debounce)  "
        f"target <= {KEYSTROKE_TARGET * 1000:.0f} ms: {_met(median <= KEYSTROKE_TARGET)}"
    )
    mb = got["peak_rss_kb"] / 1024
    yield (
        f"  peak memory            {mb:8.0f} MB   (RSS high-water mark, fresh process, after "
        f"the full load and the searches)  "
        f"target <= {MEMORY_TARGET} MB: {_met(mb <= MEMORY_TARGET)}"
    )


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _bare(con: sqlite3.Connection, sql: str, arg: str) -> float:
    start = time.perf_counter()
    con.execute(sql, (arg,)).fetchall()
    return time.perf_counter() - start


def cached_store(n: int) -> tuple[Path, str]:
    """The generated store for these parameters, made on first use."""
    from bench.core import TODAY

    digest = hashlib.sha256()
    for folder in ("povdesk/demo", "povdesk/migrations/versions"):
        for source in sorted((ROOT / folder).glob("*.py")):
            digest.update(source.name.encode() + source.read_bytes())
    path = CACHE / f"demo-h{n}-s{SEED}-{TODAY.isoformat()}-{digest.hexdigest()[:12]}.sqlite"
    if path.exists():
        return path, f"store cached in {path.relative_to(ROOT)}"
    from povdesk.demo.generator import init_and_generate
    from povdesk.store import Store

    CACHE.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    start = time.perf_counter()
    store = Store(partial, create=True)
    init_and_generate(store, households=n, seed=SEED, today=TODAY)
    store.close()
    con = sqlite3.connect(partial)  # fold the write-ahead log in before renaming
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    partial.rename(path)
    shutil.rmtree(partial.with_name(partial.name + ".files"), ignore_errors=True)
    took = time.perf_counter() - start
    return path, f"store generated in {took:.0f} s, cached in {path.relative_to(ROOT)}"


def checked_store(generated: Path) -> tuple[Path, float | None]:
    """The generated store as it is after its first opening today: every household's
    findings stored (they are kept per day: a check made yesterday is shown as being
    updated). Made once a day; returns its path and, when made now, how long it took."""
    import datetime as dt

    from povdesk.store import Store

    path = generated.with_name(f"{generated.stem}-checked-{dt.date.today().isoformat()}.sqlite")
    if path.exists():
        return path, None
    for old in CACHE.glob(f"{generated.stem}-checked-*"):
        old.unlink()
    partial = path.with_suffix(".partial")
    shutil.copyfile(generated, partial)
    start = time.perf_counter()
    with Store(partial) as store:
        store.stored.refresh()
    took = time.perf_counter() - start
    con = sqlite3.connect(partial)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    partial.rename(path)
    shutil.rmtree(partial.with_name(partial.name + ".files"), ignore_errors=True)
    return path, took


def realistic_queries(db: Path) -> list[tuple[str, tuple[str, str, str]]]:
    """What a cadre types, taken from a household a third of the way down the list, each
    with the bare SQL query it corresponds to: (query, (kind, sql, LIKE argument))."""
    from pypinyin import Style, lazy_pinyin

    con = sqlite3.connect(db)
    (total,) = con.execute("SELECT count(*) FROM household").fetchone()
    hid, number, phone = con.execute(
        "SELECT id, number, phone FROM household ORDER BY number LIMIT 1 OFFSET ?", (total // 3,)
    ).fetchone()
    head, id_number = (
        con.execute(
            "SELECT name, id_number FROM member WHERE household_id = ? AND relation = '01'"
            " ORDER BY presence LIMIT 1",
            (hid,),
        ).fetchone()
        or con.execute(
            "SELECT name, id_number FROM member WHERE household_id = ? LIMIT 1", (hid,)
        ).fetchone()
    )
    con.close()
    initials = "".join(lazy_pinyin(head, style=Style.FIRST_LETTER))
    full = "".join(lazy_pinyin(head))
    names = "SELECT DISTINCT household_id FROM member WHERE name LIKE ?"
    digits = "".join(c for c in phone if c.isdigit())
    return [
        ("", ("cleared box", "SELECT id FROM household WHERE number LIKE ? ORDER BY number", "%")),
        (initials[:2], ("pinyin initials", names, f"%{head[:2]}%")),
        (initials, ("pinyin initials", names, f"%{head}%")),
        (full, ("full pinyin", names, f"%{head}%")),
        (head[:1], ("name", names, f"%{head[:1]}%")),
        (head, ("name", names, f"%{head}%")),
        (
            number[-5:],
            ("户编号", "SELECT id FROM household WHERE number LIKE ?", f"%{number[-5:]}%"),
        ),
        (
            id_number[6:14],
            (
                "ID number part",
                "SELECT DISTINCT household_id FROM member WHERE id_number LIKE ?",
                f"%{id_number[6:14]}%",
            ),
        ),
        (digits[-8:], ("phone", "SELECT id FROM household WHERE phone LIKE ?", f"%{digits[-8:]}%")),
    ]


def probe(db: Path, queries: list[str]) -> dict[str, Any]:
    """Runs in the subprocess: the window, timed."""
    start = time.perf_counter()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from povdesk.store import Store
    from ui.main_window import MainWindow
    from ui.pages_check import PagesCheck

    imports = time.perf_counter() - start
    start = time.perf_counter()
    app = QApplication([])
    store = Store(db, check_later=True)  # as ui/app.py opens it: pages checked after the list
    window = MainWindow(store)
    window.show()
    window.load()
    # The pages' check started once the list is shown, as ui/app.py has it done.
    pages = PagesCheck(
        window, store, lambda _e: None, lambda _s: window, lambda: window.view is not None
    )
    model = window.model

    def wait_until(done: Callable[[], bool], poll_ms: int, timeout: float = 900) -> None:
        """Runs the event loop until done() holds: checked on every model reset (the list
        is shown through one) and every poll_ms. Polling often would take the GIL from
        the background load again and again, and slow it down."""
        loop = QEventLoop()

        def check() -> None:
            if done():
                loop.quit()

        model.modelReset.connect(check)
        timer = QTimer(interval=poll_ms)
        timer.timeout.connect(check)
        timer.start()
        if not done():
            QTimer.singleShot(int(timeout * 1000), loop.quit)
            loop.exec()
        timer.stop()
        model.modelReset.disconnect(check)
        if not done():
            raise TimeoutError("the window did not get there in time")

    # How long the GUI thread is busy when the background load lands (it must not do
    # per-household work then): the window's own handler, timed.
    landed: list[float] = []
    handler = window._loaded

    def timed_landing(view: Any) -> None:
        t0 = time.perf_counter()
        handler(view)
        landed.append(time.perf_counter() - t0)

    window._loaded = timed_landing  # type: ignore[method-assign]
    wait_until(lambda: model.rowCount() > 0 and model.data(model.index(0, 0)) is not None, 20)
    first = time.perf_counter() - start
    wait_until(lambda: window.view is not None and window.view.checked, 20)
    kept = time.perf_counter() - start
    outdated = window.view.outdated if window.view else -1
    unchecked = len(window.view.order) - len(window.view.checked_rows) if window.view else -1
    wait_until(lambda: window.view is not None and window.view.index is not None, 200)
    complete = time.perf_counter() - start
    keystrokes, found = [], {}
    for query in queries:
        runs = []
        for _ in range(REPEATS):
            window.search.setText("")
            window._debounce.stop()
            window.refresh()
            app.processEvents()
            window.search.setText(query)
            window._debounce.stop()  # the keystroke is timed without the debounce pause
            t0 = time.perf_counter()
            window.refresh()
            model.data(model.index(0, 0))
            app.processEvents()
            runs.append(time.perf_counter() - t0)
        keystrokes.append(runs)
        found[query] = model.rowCount()
    peak = _high_water_kb()
    checked = not pages.store.check_pending()  # ended by now (a 2 s budget)
    window.tasks.wait()
    window.close()
    store.close()
    return {
        "imports": imports,
        "first_window": first,
        "kept": kept,
        "outdated": outdated,
        "unchecked": unchecked,
        "complete": complete,
        "landing": landed[0],
        "keystrokes": keystrokes,
        "found": found,
        "peak_rss_kb": peak,
        "pages_checked": checked,
    }


def _high_water_kb() -> int:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(probe(Path(sys.argv[1]), json.loads(sys.argv[2]))), flush=True)
