"""The installed app, run as a cadre's computer runs it (issue 14).

    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin /usr/bin/python3 scripts/check_dist.py DEB

Installs the .deb (apt resolves its Depends), then runs /usr/bin/povdesk with a bare
environment (no venv, no PYTHONPATH, a fresh HOME): the command line end to end, the real
window under Xvfb (screenshot, Ctrl+Q), a double-clicked bundle, a store made by the first
schema, and finally `dpkg -r`. Runs under the system Python with the standard library only
(plus bench/screen.py, itself stdlib only); nothing of the project's code or venv is used
by what is checked. Every check prints PASS or FAIL; the last line is "N passed, M failed";
the exit status is 1 when anything failed. Nothing is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import screen  # noqa: E402  (standard library only)

APP = Path("/opt/povdesk")
COMMAND = "/usr/bin/povdesk"
DESKTOP = Path("/usr/share/applications/povdesk.desktop")
MIME = Path("/usr/share/mime/packages/povdesk.xml")
ICONS = [Path(f"/usr/share/icons/hicolor/{s}x{s}/apps/povdesk.png") for s in (48, 128, 256)]
COUNTY, VILLAGE = "422823", "422823107205"
ROSTER_VILLAGE = "420323105201"  # the sample roster's village
FOLDER_LIMIT_MB, DEB_LIMIT_MB = 250, 110
OUT = ROOT / "build" / "check-dist"
# Where a Python's own modules live: the installed app must map none of them.
PYTHONS = ("/usr/lib/python3", "/usr/local/lib/python3")

results: list[tuple[str, str | None]] = []


class Failed(Exception):
    pass


def check(name: str, step: Callable[[], None]) -> bool:
    try:
        step()
    except Exception as exc:  # every failure is reported, then the next check runs
        detail = str(exc) if isinstance(exc, Failed) else f"{type(exc).__name__}: {exc}"
        results.append((name, detail))
        print(f"FAIL {name}: {detail}", flush=True)
        return False
    results.append((name, None))
    print(f"PASS {name}", flush=True)
    return True


def expect(condition: object, message: str) -> None:
    if not condition:
        raise Failed(message)


def sudo() -> list[str]:
    return [] if os.geteuid() == 0 else ["sudo"]


class Cadre:
    """A user account's view: a fresh HOME, a bare environment, /usr/bin/povdesk."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.work = home / "work"
        self.work.mkdir(parents=True)
        self.env = screen.app_env(home)

    def run(self, *args: str, ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [COMMAND, *args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode not in ok:
            raise Failed(
                f"povdesk {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}"
            )
        return done

    def path(self, name: str) -> str:
        return str(self.work / name)


def git_head() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def size_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1024


def schema_version(db: str) -> str:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return str(con.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        con.close()


def households(db: Path) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM household").fetchone()[0])
    finally:
        con.close()


def fill_template(template: Path, sample: Path, out: Path) -> str:
    """The blank roster with one row filled from the sample roster's 户主 row (inline
    strings in the sheet XML: no spreadsheet library needed); returns its 户编号."""
    with sample.open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    with zipfile.ZipFile(template) as z:
        members = {name: z.read(name) for name in z.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode("utf-8")
    headers = re.findall(r'<c r="([A-Z]+)1"[^>]*>.*?<t[^>]*>(.*?)</t>', sheet)
    expect(len(headers) >= 20, f"the template's header row has {len(headers)} columns")
    cells = "".join(
        f'<c r="{col}2" t="inlineStr"><is><t>{escape(row.get(name, ""))}</t></is></c>'
        for col, name in headers
        if row.get(name, "")
    )
    filled = sheet.replace("</sheetData>", f'<row r="2">{cells}</row></sheetData>', 1)
    expect(filled != sheet, "the template has no sheetData to fill")
    members["xl/worksheets/sheet1.xml"] = filled.encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return row["户编号"]


def main(argv: list[str]) -> int:
    deb = Path(argv[0]).resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="povdesk-check-dist-"))
    cadre = Cadre(tmp / "home")
    state: dict[str, str] = {}

    def install() -> None:
        if subprocess.run(["dpkg", "-s", "povdesk"], capture_output=True).returncode == 0:
            subprocess.run([*sudo(), "dpkg", "-r", "povdesk"], check=True, capture_output=True)
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive"}
        apt = [*sudo(), "apt-get", "install", "-y", "-q", str(deb)]
        done = subprocess.run(apt, env=env, capture_output=True, text=True)
        if done.returncode != 0:  # a fresh machine: the Depends need the package lists
            subprocess.run([*sudo(), "apt-get", "update", "-qq"], env=env, check=True)
            done = subprocess.run(apt, env=env, capture_output=True, text=True)
        expect(done.returncode == 0, f"apt-get install failed:\n{done.stdout}{done.stderr}")
        expect(os.path.realpath(COMMAND) == str(APP / "povdesk"), f"{COMMAND} is not the app's")

    def sizes() -> None:
        folder, package = size_mb(APP), deb.stat().st_size / 2**20
        print(f"     installed folder {folder:.0f} MB, .deb {package:.0f} MB", flush=True)
        expect(folder <= FOLDER_LIMIT_MB, f"/opt/povdesk is {folder:.0f} MB > {FOLDER_LIMIT_MB}")
        expect(package <= DEB_LIMIT_MB, f"the .deb is {package:.0f} MB > {DEB_LIMIT_MB}")

    def depends() -> None:
        found = subprocess.run(
            ["dpkg-query", "-W", "-f=${Depends}", "povdesk"], capture_output=True, text=True
        ).stdout
        listed = {d.split()[0] for d in found.split(", ")}
        wanted = set((ROOT / "packaging" / "linux" / "depends").read_text().split())
        expect(listed == wanted | {"libc6"}, f"Depends: {found}")
        expect("libc6 (>= 2." in found, f"no minimum C library in Depends: {found}")

    def desktop_entry() -> None:
        text = DESKTOP.read_text(encoding="utf-8")
        expect("\nName=精准扶贫驻村工作台\n" in text, "the desktop entry's name")
        expect("MimeType=application/x-povdesk-bundle;" in text, "the entry's MIME type")
        expect(all(p.is_file() for p in ICONS), "the 48/128/256 px icons")
        globs = Path("/usr/share/mime/globs2").read_text(encoding="utf-8")
        expect("application/x-povdesk-bundle:*.pvb" in globs, ".pvb is not in the MIME database")
        cache = Path("/usr/share/applications/mimeinfo.cache").read_text(encoding="utf-8")
        expect(
            "application/x-povdesk-bundle=povdesk.desktop" in cache,
            "double-clicking a .pvb does not open povdesk (mimeinfo.cache)",
        )

    def version() -> None:
        out = cadre.run("--version").stdout.strip()
        today = dt.datetime.now(dt.UTC).date().isoformat()
        want = f"(commit {git_head()}"
        expect(out.startswith("povdesk ") and want in out, f"--version said {out!r}")
        expect(f"built {today})" in out, f"--version has no build date of today: {out!r}")

    def init_and_demo() -> None:
        c, v, r = (cadre.path(n) for n in ("county.sqlite", "village.sqlite", "roster.sqlite"))
        cadre.run("init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东县")
        cadre.run("demo", "--db", v, "--households", "50", "--code", VILLAGE)
        cadre.run(
            "init", "--db", r, "--role", "village", "--code", ROSTER_VILLAGE, "--name", "青龙村"
        )

    def check_all() -> None:
        done = cadre.run("check", "--db", cadre.path("village.sqlite"), "--json")
        findings = json.loads(done.stdout)
        expect(isinstance(findings, list) and findings, "check found nothing in a demo village")

    def print_visits() -> None:
        v = cadre.path("village.sqlite")
        cadre.run("print", "visit", "--all", "--db", v, "--out", cadre.path("visits.pdf"))
        pdf = (cadre.work / "visits.pdf").read_bytes()
        expect(pdf.startswith(b"%PDF-") and len(pdf) > 20_000, "visits.pdf is not a PDF")
        expect(b"/FontFile2" in pdf, "the PDF embeds no TrueType font")

    def sync() -> None:
        v, c = cadre.path("village.sqlite"), cadre.path("county.sqlite")
        shown = json.loads(cadre.run("key", "show", "--db", c, "--json").stdout)
        cadre.run("key", "export", "--db", v, "--out", cadre.path("v.pvkey"))
        cadre.run("key", "export", "--db", c, "--out", cadre.path("c.pvkey"))
        cadre.run("trust", "--db", v, cadre.path("c.pvkey"), "--fingerprint", shown["fingerprint"])
        cadre.run("trust", "--db", c, cadre.path("v.pvkey"))
        usb = cadre.work / "usb"
        usb.mkdir()
        cadre.run("export", "--db", v, "--out", str(usb))
        [bundle] = usb.glob("*.pvb")
        shutil.copyfile(c, cadre.path("county-before.sqlite"))  # for the double-click
        state["bundle"] = str(bundle)
        report = json.loads(cadre.run("import", "--db", c, str(bundle), "--json").stdout)[0]
        # The 50 registered households and the 一般农户 the demo adds to be monitored.
        made = len(json.loads(cadre.run("list", "--db", v, "--json").stdout))
        expect(made > 50, f"the demo village has {made} households")
        expect(report["kinds"]["household"]["created"] == made, f"county import: {report}")
        cadre.run("export", "--db", c, "--to", VILLAGE, "--out", str(usb))
        [back] = usb.glob(f"{COUNTY}-to-*.pvb")
        cadre.run("import", "--db", v, str(back))

    def roster() -> None:
        db = cadre.path("roster.sqlite")
        cadre.run("roster", "template", "--out", cadre.path("blank.xlsx"))
        sample = APP / "_internal" / "resources" / "samples" / "roster-sample.csv"
        number = fill_template(cadre.work / "blank.xlsx", sample, cadre.work / "filled.xlsx")
        cadre.run("roster", "import", "--db", db, cadre.path("filled.xlsx"))
        rows = json.loads(cadre.run("list", "--db", db, "--json").stdout)
        expect([r["number"] for r in rows] == [number], f"roster import listed {rows}")

    def encrypted() -> None:
        """SQLCipher ships inside the app: a store encrypted in place opens only with its
        passphrase, and no name of the village is left readable on disk."""
        db = cadre.path("secret.sqlite")
        shutil.copyfile(cadre.path("village.sqlite"), db)
        listed = json.loads(cadre.run("list", "--db", db, "--json").stdout)
        env = {**cadre.env, "POVDESK_PASSPHRASE": "check-dist-passphrase"}
        done = subprocess.run(
            [COMMAND, "encrypt", "--db", db], cwd=cadre.work, env=env, capture_output=True
        )
        expect(done.returncode == 0, f"encrypt: {done.stderr.decode(errors='replace')}")
        refused = cadre.run("list", "--db", db, ok=(2,))
        expect("此数据库已加密" in refused.stderr, f"no passphrase: {refused.stderr}")
        again = subprocess.run(
            [COMMAND, "list", "--db", db, "--json"],
            cwd=cadre.work,
            env=env,
            capture_output=True,
            text=True,
        )
        expect(json.loads(again.stdout) == listed, "the encrypted store lists differently")
        name = str(listed[0]["head"]).encode()
        expect(name not in Path(db).read_bytes(), "a householder's name is readable on disk")

    def audit() -> None:
        for name in ("village.sqlite", "county.sqlite", "roster.sqlite"):
            cadre.run("audit", "verify", "--db", cadre.path(name))

    def window() -> None:
        xvfb = screen.start_xvfb(tmp / "screen")
        app = None
        try:
            env = screen.app_env(cadre.home, xvfb.display)
            app = subprocess.Popen(
                [COMMAND, "gui", "--db", cadre.path("village.sqlite")],
                cwd=cadre.work,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            took = screen.wait_until(lambda: screen.list_shown(xvfb.framebuffer), 90)
            expect(took is not None, "the household list never appeared on the screen")
            print(f"     first window with data after {took:.2f} s", flush=True)
            shot = screen.read_screen(xvfb.framebuffer)
            screen.write_png(shot, OUT / "window.png")
            expect(shot.colours() >= 20, f"the screenshot is blank ({shot.colours()} colours)")
            mapped = screen.mapped_files(app.pid)
            ours = sorted(f for f in mapped if f.startswith((str(ROOT), *PYTHONS)))
            expect(not ours, f"the app loaded files of the checkout or a Python: {ours[:5]}")
            expect(any(f.startswith(str(APP)) for f in mapped), "no library from /opt/povdesk")
            title = "精准扶贫驻村工作台"
            find = ["search", "--sync", "--onlyvisible", "--name", title]
            xdo(env, *find, "windowfocus", "--sync", "key", "--clearmodifiers", "ctrl+q")
            code = app.wait(timeout=30)
            log = app.stdout.read().decode("utf-8", "replace") if app.stdout else ""
            expect(code == 0, f"Ctrl+Q: exit {code}\n{log}")
        finally:
            stop(app)
            xvfb.stop()

    def double_click() -> None:
        """The desktop entry's own command line on the village's bundle, with the default
        database (the user's data folder) holding the county as it was before importing
        it: the preview shows, and nothing is imported until 导入 is pressed."""
        data = cadre.home / ".local" / "share" / "povdesk"
        data.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cadre.path("county-before.sqlite"), data / "povdesk.sqlite")
        line = next(x for x in DESKTOP.read_text().splitlines() if x.startswith("Exec="))
        argv = [a.replace("%F", state["bundle"]) for a in shlex.split(line[len("Exec=") :])]
        xvfb = screen.start_xvfb(tmp / "screen2")
        app = None
        try:
            env = screen.app_env(cadre.home, xvfb.display)
            app = subprocess.Popen(argv, cwd=cadre.work, env=env)
            found = xdo(
                env, "search", "--sync", "--onlyvisible", "--name", "导入同步包", timeout=90
            )
            expect(found.strip(), "no import preview window")
            time.sleep(2)  # the preview runs in the background; then the screen shows it
            screen.write_png(screen.read_screen(xvfb.framebuffer), OUT / "double-click.png")
        finally:
            stop(app)
            xvfb.stop()
        expect(households(data / "povdesk.sqlite") == 0, "the preview imported households")

    def old_schema() -> None:
        old = cadre.path("old.sqlite")
        shutil.copyfile(ROOT / "tests" / "data" / "schema-0001.sqlite", old)
        before = schema_version(old)
        cadre.run("summary", "--db", old)
        cadre.run("audit", "verify", "--db", old)
        after, head = schema_version(old), schema_version(cadre.path("county.sqlite"))
        expect(before != head and after == head, f"schema {before} -> {after}, head {head}")

    def remove() -> None:
        data = cadre.home / ".local" / "share" / "povdesk" / "povdesk.sqlite"
        kept = data.read_bytes()
        done = subprocess.run(
            [*sudo(), "dpkg", "-r", "povdesk"],
            env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"},
            capture_output=True,
            text=True,
        )
        expect(done.returncode == 0, f"dpkg -r: {done.stdout}{done.stderr}")
        left = [p for p in [APP, Path(COMMAND), DESKTOP, MIME, *ICONS] if os.path.lexists(p)]
        expect(not left, f"dpkg -r left {left}")
        expect(data.read_bytes() == kept, "the user's data changed on removal")
        globs = Path("/usr/share/mime/globs2").read_text(encoding="utf-8")
        expect("povdesk" not in globs, "the .pvb type outlived the package")

    steps: list[tuple[str, Callable[[], None]]] = [
        ("install the .deb with apt", install),
        ("sizes within target", sizes),
        ("Depends: the xcb libraries and the C library", depends),
        ("desktop entry, icon and .pvb type registered", desktop_entry),
        ("--version: version, commit, build date", version),
        ("init and demo --households 50", init_and_demo),
        ("check", check_all),
        ("print visit --all", print_visits),
        ("export/import between village and county", sync),
        ("roster template, filled, imported", roster),
        ("encrypt a store; it opens only with its passphrase", encrypted),
        ("audit verify", audit),
        ("the window under Xvfb: data, screenshot, Ctrl+Q", window),
        ("a double-clicked .pvb opens the import preview", double_click),
        ("a store of the first schema upgraded", old_schema),
        ("dpkg -r removes the app, keeps the data", remove),
    ]
    for name, step in steps:
        check(name, step)
    shutil.rmtree(tmp, ignore_errors=True)
    failed = sum(1 for _, d in results if d)
    print(f"{len(results) - failed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


def xdo(env: dict[str, str], *args: str, timeout: float = 60) -> str:
    done = subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    expect(done.returncode == 0, f"xdotool {' '.join(args)}: {done.stderr}")
    return done.stdout


def stop(app: subprocess.Popen[bytes] | None) -> None:
    if app is not None and app.poll() is None:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
