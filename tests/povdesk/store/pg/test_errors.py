"""Storage failures are the user's world: a clear zh/en message, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import main
from povdesk.errors import UserError
from povdesk.store import Store
from tests.conftest import snapshot

# Port 1 on this machine: nothing listens there, so the connection is refused at once.
NOWHERE = "postgresql+psycopg://povdesk:s3cret-pass@127.0.0.1:1/county"


def test_unreachable_server_names_the_host_not_the_password() -> None:
    with pytest.raises(UserError) as err:
        Store(NOWHERE)
    assert err.value.code == "server_unreachable"
    assert "127.0.0.1:1/county" in err.value.zh and "127.0.0.1:1/county" in err.value.en
    assert "无法连接数据库服务器" in err.value.zh and "Cannot connect" in err.value.en
    assert "s3cret-pass" not in err.value.zh + err.value.en


def test_cli_on_an_unreachable_server_exits_2_without_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["summary", "--db", NOWHERE]) == 2
    err = capsys.readouterr().err
    assert "无法连接数据库服务器 127.0.0.1:1/county" in err
    assert "Cannot connect to the database server 127.0.0.1:1/county" in err
    assert "Traceback" not in err and "s3cret-pass" not in err


@pytest.mark.parametrize(
    "url", ["postgresql+nosuchdriver://u@h/db", "nosuchdb://u@h/db", "postgresql+psycopg://u@h:x/d"]
)
def test_address_that_is_not_a_database_url(url: str) -> None:
    with pytest.raises(UserError) as err:
        Store(url)
    assert err.value.code == "bad_url"
    assert "postgresql+psycopg://" in err.value.en  # says what a good one looks like


def test_value_the_database_refuses_is_a_user_error(store: Store, backend: str) -> None:
    """PostgreSQL never stores a NUL character in text; SQLite could. Both refuse it now
    (povdesk.inputs, issue 11): no traceback, the same answer on both, and a refused
    change leaves nothing behind."""
    hh = store.households.create({"number": "0001"})
    before = snapshot(store)
    assert backend in ("sqlite", "postgresql")
    with pytest.raises(UserError) as err:
        store.households.update(hh.id, {"note": "a\x00b"})
    assert err.value.code == "invalid"
    assert snapshot(store) == before


class _ServerError(Exception):
    """Stands in for a psycopg error: what the mapping reads is the SQLSTATE."""

    def __init__(self, sqlstate: str, text: str) -> None:
        super().__init__(text)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "text", "code"),
    [
        ("53100", "could not extend file: No space left on device", "disk_full"),
        ("55P03", "canceling statement due to lock timeout", "busy"),
        ("40P01", "deadlock detected", "conflict"),
        ("25006", "cannot execute UPDATE in a read-only transaction", "not_writable"),
        ("57P01", "terminating connection due to administrator command", "server_lost"),
    ],
)
def test_server_failures_map_to_messages(sqlstate: str, text: str, code: str) -> None:
    from sqlalchemy.exc import OperationalError

    from povdesk.store.failures import storage_error

    exc = OperationalError("UPDATE household ...", {}, _ServerError(sqlstate, text))
    mapped = storage_error(NOWHERE, exc)
    assert isinstance(mapped, UserError) and mapped.code == code
    assert "s3cret-pass" not in mapped.zh + mapped.en


def test_a_server_error_that_is_a_bug_stays_a_bug() -> None:
    from sqlalchemy.exc import ProgrammingError

    from povdesk.store.failures import storage_error

    exc = ProgrammingError("SELECT nope", {}, _ServerError("42703", 'column "nope" does not exist'))
    assert storage_error(NOWHERE, exc) is exc


def test_test_run_fails_when_the_configured_server_is_unreachable() -> None:
    """Never a silent skip: CI sets the URL, so a server that is down must be noticed."""
    root = Path(__file__).resolve().parents[4]
    env = {**os.environ, "POVDESK_TEST_PG_URL": NOWHERE}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--collect-only", "tests/povdesk/test_money.py"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "cannot be reached" in run.stdout + run.stderr
    assert "s3cret-pass" not in run.stdout + run.stderr
