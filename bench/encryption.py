"""Encryption at rest (issue 13 item 3): what SQLCipher costs on a village of N households.

- `check` (all rules) on the encrypted store vs the same store plain;
- `encrypt` in place (export, verify, re-encrypt the earlier backup) vs copying the file;
- a verified backup of the encrypted store vs of the plain one;
- opening the store (health check, schema, key) vs opening the plain one; unlocking with
  the passphrase (scrypt) is measured on its own: it is paid once per start.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from povdesk import cipher
from povdesk.demo.generator import init_and_generate
from povdesk.store import Store, backup, encryption

TODAY = dt.date(2026, 6, 30)
PASS = "bench-passphrase"


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(n: int, fn: Callable[[], Any]) -> float:
    return min(timed(fn) for _ in range(n))


def _line(name: str, t: float, base: float, what: str) -> str:
    return f"  {name:<34} {t:8.3f} s   baseline {base:7.3f} s   ratio {t / base:6.2f}x  ({what})"


def _check(db: Path) -> None:
    with Store(db) as store:
        store.checks.evaluate(ctx=store.config.context(today=TODAY))


def run(tmp: Path, households: int) -> Iterator[str]:
    yield f"povdesk bench encryption: {households} households (ratios: encrypted / plain)"
    where = tmp / "encryption"
    where.mkdir()
    plain = where / "plain.sqlite"
    with Store(plain, create=True) as store:
        init_and_generate(store, households=households, seed=1, today=TODAY)
    enc = where / "enc.sqlite"
    shutil.copyfile(plain, enc)
    t_copy = best_of(3, lambda: shutil.copyfile(plain, where / "copy.sqlite"))
    t_encrypt = timed(lambda: encryption.encrypt(enc, PASS))
    yield _line("encrypt in place", t_encrypt, t_copy, "copying the plain file")
    cipher._known.clear()
    t_unlock = timed(lambda: cipher.unlock(enc, passphrase=PASS))
    yield f"  {'unlock (scrypt, once per start)':<34} {t_unlock:8.3f} s"
    t_open_plain = best_of(3, lambda: Store(plain).close())
    t_open_enc = best_of(3, lambda: Store(enc).close())
    yield _line("open the store", t_open_enc, t_open_plain, "opening it plain")
    t_plain = best_of(3, lambda: _check(plain))
    t_enc = best_of(3, lambda: _check(enc))
    yield _line("check (all rules)", t_enc, t_plain, "the same check on the plain store")
    t_bplain = best_of(2, lambda: os.remove(backup.create(plain, reason="manual").path))
    t_benc = best_of(2, lambda: _remove_backup(backup.create(enc, reason="manual").path))
    yield _line("backup create (verified)", t_benc, t_bplain, "backing up the plain store")
    cipher._known.clear()


def _remove_backup(path: str) -> None:
    os.remove(path)
    cipher.key_path(Path(path)).unlink(missing_ok=True)
