"""Make the fuzzers' seed corpus and the fixed test keys it needs (run once, checked in).

    python -m tests.fuzz.make_corpus

The village and county keys are test keys, kept in plain JSON so that every fuzzing
process takes the same identities (without a slow passphrase at start-up) and the seed
bundle decrypts and verifies there (fuzzing then starts past the signature check).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pyrage

from app.main import main
from exports.bundle import keys
from povdesk.store import Store, backup
from tests.fuzz.targets import CORPUS, COUNTY, KEYS, VILLAGE

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "roster-sample.csv"


def seed(target: str, name: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def rosters(tmp: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    seed("roster_csv", "sample.csv", text.encode("utf-8"))
    seed("roster_csv", "sample-gbk.csv", text.encode("gb18030"))
    seed("roster_csv", "header-only.csv", text.splitlines()[0].encode("utf-8"))
    from openpyxl import Workbook

    from povdesk.roster.template import write_template

    write_template(tmp / "t.xlsx")
    seed("roster_xlsx", "template.xlsx", (tmp / "t.xlsx").read_bytes())
    wb = Workbook()
    ws = wb.active
    for row in csv.reader(io.StringIO(text)):
        ws.append(row)
    wb.save(tmp / "s.xlsx")
    seed("roster_xlsx", "sample.xlsx", (tmp / "s.xlsx").read_bytes())


def bundles(tmp: Path) -> None:
    v, c = tmp / "v.sqlite", tmp / "c.sqlite"
    assert main(["demo", "--db", str(v), "--households", "2", "--code", VILLAGE]) == 0
    assert (
        main(["init", "--db", str(c), "--role", "county", "--code", COUNTY, "--name", "巴东"]) == 0
    )
    KEYS.mkdir(parents=True, exist_ok=True)
    for db, who in ((v, "village"), (c, "county")):
        with Store(db) as store:
            me = keys.identity(store)
            rec = {"store_id": me.store_id, "sign": me.signing.secret_text(), "age": str(me.age)}
            (KEYS / f"{who}.json").write_text(json.dumps(rec, indent=1) + "\n")
            keys.write_public(store, KEYS / f"{who}.pvkey")
        seed("key_file", f"{who}.pvkey", (KEYS / f"{who}.pvkey").read_bytes())
    with Store(c) as store:
        keys.trust(store, KEYS / "village.pvkey")
    with Store(v) as store:
        keys.trust(store, KEYS / "county.pvkey")
    out = tmp / "out"
    out.mkdir()
    assert main(["export", "--db", str(v), "--out", str(out)]) == 0
    (bundle,) = out.iterdir()
    seed("bundle_file", "village-to-county.pvb", bundle.read_bytes())
    with Store(c) as store:
        plain = pyrage.decrypt(bundle.read_bytes(), [keys.identity(store).age])
    seed("bundle_plain", "village-to-county.plain", plain)


def backups(tmp: Path) -> None:
    db = tmp / "b.sqlite"
    assert (
        main(["init", "--db", str(db), "--role", "village", "--code", VILLAGE, "--name", "样"]) == 0
    )
    made = Path(backup.create(db).path)
    small = tmp / "small.backup"
    shutil.copyfile(made, small)
    con = sqlite3.connect(small, isolation_level=None)
    con.execute("PRAGMA page_size=512")  # the same structure in fewer bytes
    con.execute("VACUUM")
    con.close()
    assert backup.verify_file(small) == []
    seed("backup_file", "fresh-village.backup", small.read_bytes())


def store_keys(tmp: Path) -> None:
    """An encrypted store's key file, with a cheap scrypt (the fuzzer runs it many times);
    the passphrase the target tries is "fuzz-passphrase"."""
    from povdesk import cipher

    key = cipher.new_key()
    target = tmp / "k.sqlite.key"
    cipher.write_key_file(target, key, "fuzz-passphrase", "0" * 48)
    data = json.loads(target.read_text())
    passphrase_slot = cipher._passphrase_slot  # rewrapped at the cheap cost
    saved = cipher.SCRYPT_N
    cipher.SCRYPT_N = 1024
    try:
        data["slots"][0] = passphrase_slot(key, "fuzz-passphrase")
    finally:
        cipher.SCRYPT_N = saved
    seed("store_key_file", "key-file.json", json.dumps(data).encode())
    seed("store_key_file", "recovery.json", b"R" + json.dumps(data).encode())


def main_() -> None:
    shutil.rmtree(CORPUS, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        rosters(Path(tmp))
        bundles(Path(tmp))
        backups(Path(tmp))
        store_keys(Path(tmp))
    for folder in sorted(CORPUS.iterdir()):
        sizes = [p.stat().st_size for p in folder.iterdir()]
        print(f"{folder.name}: {len(sizes)} seeds, {sum(sizes)} bytes")


if __name__ == "__main__":
    main_()
