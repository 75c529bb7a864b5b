"""Crash harness: `kill -9` a real povdesk process at random points of a job, then check.

As SQLite's own tests kill and power-cut writers, this starts `python -m app.main`
for one job (demo, roster import, bundle import, export, print, backup create) on a
fresh copy of a prepared store, sends SIGKILL after a random delay spread over the job's
measured run time, and afterwards checks that:

- the store opens (never refused as damaged), `integrity_check` and `audit verify` pass;
- its data is exactly as before the job or as after an uninterrupted run (compared by
  the audit position and the row count of every table);
- no output file that looks finished is unfinished: every `.backup` verifies, a PDF has
  all its pages, a bundle opens and verifies.

    python -m tests.crash.harness --trials 25     # what `make crash` runs
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.main import main as povdesk
from povdesk import cipher
from povdesk.rules import idcard
from povdesk.store import Store, backup

VILLAGE, COUNTY = "422823107205", "422823"
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "roster-sample.csv"

PRINT = ("print", "handbook", "--all")
# The `encrypt` job's passphrase; the checks after a kill read the store with it.
PASSPHRASE = "crash-harness-passphrase"
Fingerprint = tuple[int, tuple[tuple[str, int], ...]]


@dataclass
class Counts:
    runs: int = 0
    kills: int = 0  # killed while still running
    finished: int = 0  # done before the kill came
    as_before: int = 0  # killed runs that left the store as it was
    as_after: int = 0  # killed runs that left it as an uninterrupted run does
    refusals: int = 0  # store refused to open afterwards (must stay 0)
    lost: int = 0  # neither all-before nor all-after, or a broken file (must stay 0)
    problems: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        return (
            f"{name:<15} runs {self.runs:>4}  kills {self.kills:>4}  finished {self.finished:>4}"
            f"  (before {self.as_before:>3}, after {self.as_after:>3})"
            f"  refusals {self.refusals}  lost {self.lost}"
        )


def quiet(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return povdesk(list(argv))


@contextlib.contextmanager
def unlocking() -> Iterator[None]:
    """The passphrase in the environment while a trial's files are looked at (a store
    the `encrypt` job converted opens with it; a plain one ignores it)."""
    old = os.environ.get(cipher.PASSPHRASE_ENV)
    os.environ[cipher.PASSPHRASE_ENV] = PASSPHRASE
    try:
        yield
    finally:
        cipher._known.clear()
        if old is None:
            del os.environ[cipher.PASSPHRASE_ENV]
        else:
            os.environ[cipher.PASSPHRASE_ENV] = old


def fingerprint(db: Path) -> Fingerprint:
    con: sqlite3.Connection = cipher.connect(db)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        counts = tuple(
            (n, int(con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0])) for n in names
        )
        seq = con.execute("SELECT value FROM meta WHERE key='audit_seq'").fetchone()
        return (int(seq[0]) if seq else 0, counts)
    finally:
        con.close()


def roster(path: Path, households: int) -> None:
    """A roster of `households` four-person households, built from the sample's first."""
    with SAMPLE.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    head, family = rows[0], rows[1:5]
    out = [head]
    for n in range(households):
        number = f"{VILLAGE}{9000 + n:04d}"
        for k, row in enumerate(family):
            born = dt.date.fromisoformat(row[5])
            new = list(row)
            new[0] = number
            new[2] = idcard.make(
                "422823", born, (n * 4 + k) * 2 % 1000 + (1 if row[4] == "男" else 0)
            )
            out.append(new)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(out)


@dataclass
class Scenario:
    name: str
    argv: Callable[[Path], list[str]]  # the povdesk arguments, given the trial folder
    store: str  # the store checked afterwards: "v", "c" or "new"
    output: Callable[[Path], list[str]]  # problems with finished-looking output files


def prepare(where: Path, households: int) -> None:
    """The template every trial copies: a village, a county trusting it, a bundle, a
    roster to import."""
    v, c = str(where / "v.sqlite"), str(where / "c.sqlite")
    assert quiet("demo", "--db", v, "--households", str(households), "--code", VILLAGE) == 0
    assert quiet("init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东") == 0
    for db, name in ((v, "v"), (c, "c")):
        assert quiet("key", "export", "--db", db, "--out", str(where / f"{name}.pvkey")) == 0
    with Store(c) as store:
        from exports.bundle import keys

        fp = keys.identity(store).fingerprint
    assert quiet("trust", "--db", v, str(where / "c.pvkey"), "--fingerprint", fp) == 0
    assert quiet("trust", "--db", c, str(where / "v.pvkey")) == 0
    (where / "in").mkdir()
    assert quiet("export", "--db", v, "--out", str(where / "in")) == 0
    roster(where / "roster.csv", max(10, households // 2))
    for name in ("v.sqlite", "c.sqlite"):  # backups of the preparation are not the test's
        shutil.rmtree(where / f"{name}.backups", ignore_errors=True)


def _bundle(trial: Path) -> Path:
    (found,) = sorted((trial / "in").glob("*.pvb"))
    return found


def _pdf_ok(pages: int) -> Callable[[Path], list[str]]:
    def check(trial: Path) -> list[str]:
        out = trial / "out.pdf"
        if not out.exists():
            return []
        from pypdf import PdfReader

        try:
            got = len(PdfReader(out).pages)
        except Exception as exc:  # any failure to read is what we are looking for
            return [f"out.pdf unreadable: {exc}"]
        return [] if got == pages else [f"out.pdf has {got} of {pages} pages"]

    return check


def _bundles_ok(trial: Path) -> list[str]:
    from exports.bundle.reader import load

    found = sorted((trial / "out").glob("*")) if (trial / "out").exists() else []
    problems = []
    with Store(trial / "c.sqlite") as county:
        for f in found:
            if f.name.startswith("."):
                continue  # a temporary name: does not look finished
            try:
                load(county, f)
            except Exception as exc:  # a finished-looking bundle must open and verify
                problems.append(f"{f.name}: {exc}")
    return problems


def _encrypted_ok(trial: Path) -> list[str]:
    """After `encrypt` ran to its end: nothing plain is left of the village."""
    db = trial / "v.sqlite"
    if not cipher.is_encrypted(db):
        return []  # killed before the rename: still plain, and whole (checked above)
    problems = _backups_ok(trial)
    for f in (trial / "v.sqlite.backups").iterdir():
        if f.name.endswith(backup.SUFFIX) and cipher.has_plain_header(f):
            # Left plain by a kill between the rename and the re-encryption: the next
            # `encrypt` finishes it (tests/povdesk/store/test_encryption.py).
            problems += [] if _killed_midway(trial) else [f"{f.name} is still plain"]
    return problems


def _killed_midway(trial: Path) -> bool:
    return not (trial / ".finished").exists()


def _backups_ok(trial: Path) -> list[str]:
    problems = []
    for name in ("v.sqlite", "c.sqlite", "new.sqlite"):
        where = trial / f"{name}.backups"
        if not where.exists():
            continue
        for f in where.iterdir():
            if f.name.endswith(backup.SUFFIX) and (bad := backup.verify_file(f)):
                problems.append(f"{f.name}: {bad[0]}")
    return problems


def scenarios(pages: dict[str, int]) -> list[Scenario]:
    return [
        Scenario(
            "demo",
            lambda t: ["demo", "--db", str(t / "new.sqlite"), "--households", "60"],
            "new",
            lambda t: [],
        ),
        Scenario(
            "roster_import",
            lambda t: ["roster", "import", "--db", str(t / "v.sqlite"), str(t / "roster.csv")],
            "v",
            _backups_ok,
        ),
        Scenario(
            "bundle_import",
            lambda t: ["import", "--db", str(t / "c.sqlite"), str(_bundle(t))],
            "c",
            _backups_ok,
        ),
        Scenario(
            "export",
            lambda t: ["export", "--db", str(t / "v.sqlite"), "--out", str(t / "out")],
            "v",
            _bundles_ok,
        ),
        Scenario(
            "print",
            lambda t: [*PRINT, "--db", str(t / "v.sqlite"), "--out", str(t / "out.pdf")],
            "v",
            _pdf_ok(pages.get("print", 0)),
        ),
        Scenario(
            "encrypt",
            lambda t: ["encrypt", "--db", str(t / "v.sqlite")],
            "v",
            _encrypted_ok,
        ),
        Scenario(
            "backup_create",
            lambda t: ["backup", "create", "--db", str(t / "v.sqlite")],
            "v",
            _backups_ok,
        ),
    ]


def _copy(template: Path, trial: Path) -> None:
    shutil.copytree(template, trial)
    (trial / "out").mkdir(exist_ok=True)


def _env(trial: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["POVDESK_LOG_DIR"] = str(trial / "logs")
    env["XDG_DATA_HOME"] = str(trial / "data")
    env["XDG_CONFIG_HOME"] = str(trial / "config")
    env[cipher.PASSPHRASE_ENV] = PASSPHRASE
    return env


def _start(argv: list[str], trial: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app.main", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(trial),
        cwd=Path(__file__).resolve().parents[2],
    )


def _store_path(s: Scenario, trial: Path) -> Path:
    return trial / {"v": "v.sqlite", "c": "c.sqlite", "new": "new.sqlite"}[s.store]


def _check_store(db: Path) -> tuple[list[str], Fingerprint | None]:
    if not db.exists():
        return [], None
    try:
        with Store(db) as store:
            chain = store.audit.verify()
    except Exception as exc:
        return [f"refused: {exc}"], None
    con: sqlite3.Connection = cipher.connect(db)
    try:
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
    finally:
        con.close()
    problems = [] if integrity == ["ok"] else [f"integrity: {integrity[:3]}"]
    problems += [f"audit: {p.en}" for p in chain]
    return problems, fingerprint(db)


def reference(s: Scenario, template: Path, work: Path) -> tuple[float, Fingerprint | None]:
    """One uninterrupted run: how long it takes, and the store's state after it."""
    trial = work / f"{s.name}-reference"
    _copy(template, trial)
    started = time.monotonic()
    proc = _start(s.argv(trial), trial)
    code = proc.wait(timeout=600)
    took = time.monotonic() - started
    if code != 0:
        raise RuntimeError(f"{s.name}: the uninterrupted run failed with exit {code}")
    (trial / ".finished").touch()
    with unlocking():
        problems, after = _check_store(_store_path(s, trial))
        problems += s.output(trial)
    if problems:
        raise RuntimeError(f"{s.name}: the uninterrupted run is already wrong: {problems}")
    return took, after


def trial_once(
    s: Scenario,
    template: Path,
    trial: Path,
    delay: float,
    before: Fingerprint | None,
    after: Fingerprint | None,
    counts: Counts,
) -> None:
    _copy(template, trial)
    proc = _start(s.argv(trial), trial)
    time.sleep(delay)
    counts.runs += 1
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
        counts.kills += 1
    else:
        counts.finished += 1
    proc.wait(timeout=60)
    if not killed:
        (trial / ".finished").touch()
    with unlocking():
        problems, found = _check_store(_store_path(s, trial))
    if any(p.startswith("refused") for p in problems):
        counts.refusals += 1
    elif found not in (before, after):
        problems.append(f"neither before nor after: {found}")
    elif killed:
        counts.as_before += found == before
        counts.as_after += found == after and found != before
    with unlocking():
        problems += s.output(trial)
    if problems:
        counts.lost += not any(p.startswith("refused") for p in problems)
        counts.problems += [f"{s.name} delay {delay:.2f}s: {p}" for p in problems]
    shutil.rmtree(trial, ignore_errors=True)


def run(
    trials: int, *, households: int = 20, seed: int = 1, only: list[str] | None = None
) -> dict[str, Counts]:
    rng = random.Random(seed)
    results: dict[str, Counts] = {}
    with tempfile.TemporaryDirectory(prefix="povdesk-crash-") as tmp:
        work = Path(tmp)
        template = work / "template"
        template.mkdir()
        prepare(template, households)
        pages = {"print": _pages_of_print(template, work)}
        for s in scenarios(pages):
            if only and s.name not in only:
                continue
            took, after = reference(s, template, work)
            db = _store_path(s, template)
            before = fingerprint(db) if db.exists() else None
            counts = results[s.name] = Counts()
            for n in range(trials):
                # Spread over the whole run; the start (Python's imports) is the least
                # interesting part, so most kills land in the job itself.
                delay = took * rng.uniform(0.35, 1.02)
                trial_once(s, template, work / f"{s.name}-{n}", delay, before, after, counts)
    return results


def _pages_of_print(template: Path, work: Path) -> int:
    trial = work / "pages"
    _copy(template, trial)
    out = trial / "out.pdf"
    assert (
        quiet("print", "handbook", "--all", "--db", str(trial / "v.sqlite"), "--out", str(out)) == 0
    )
    from pypdf import PdfReader

    pages = len(PdfReader(out).pages)
    shutil.rmtree(trial)
    return pages


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--trials", type=int, default=25)
    p.add_argument("--households", type=int, default=40)
    p.add_argument("--seed", type=int, default=int(time.time()))
    p.add_argument("--only", nargs="*")
    args = p.parse_args(argv)
    print(f"crash harness: {args.trials} trials per job, seed {args.seed}")
    results = run(args.trials, households=args.households, seed=args.seed, only=args.only)
    total = Counts()
    for name, c in results.items():
        print(c.line(name))
        for problem in c.problems:
            print(f"    {problem}")
        total.runs += c.runs
        total.kills += c.kills
        total.finished += c.finished
        total.as_before += c.as_before
        total.as_after += c.as_after
        total.refusals += c.refusals
        total.lost += c.lost
    print(total.line("total"))
    return 0 if total.refusals == 0 and total.lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
