"""The command line as a cadre meets it: quiet pipes, the window from `--db`, no display,
bundles without a store, the blank template refused."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import main
from povdesk.store import Store
from tests.conftest import add_two_households

Run = pytest.CaptureFixture[str]


@pytest.fixture
def db(store: Store) -> str:
    add_two_households(store)
    path = store.target
    store.close()
    return path


def test_the_blank_template_is_refused(db: str, tmp_path: Path, capsys: Run) -> None:
    template = tmp_path / "模板.xlsx"
    assert main(["roster", "template", "--out", str(template)]) == 0
    capsys.readouterr()
    before = Store(db)
    households = len(before.households.all())
    before.close()
    assert main(["roster", "import", "--db", db, str(template)]) == 2
    err = capsys.readouterr().err
    assert "花名册中没有数据行" in err
    assert "no data rows" in err
    after = Store(db)
    assert len(after.households.all()) == households
    after.close()


def _bundle(tmp_path: Path) -> tuple[str, Path]:
    """A village's first bundle to its county, and the county's database."""
    v, c = str(tmp_path / "v.sqlite"), str(tmp_path / "c.sqlite")
    assert main(["demo", "--db", v, "--households", "2", "--code", "422823107205"]) == 0
    assert main(["init", "--db", c, "--role", "county", "--code", "422823", "--name", "巴东"]) == 0
    for a, b in ((c, v), (v, c)):
        assert main(["key", "export", "--db", a, "--out", str(tmp_path / "k.pvkey")]) == 0
        assert main(["trust", "--db", b, str(tmp_path / "k.pvkey")]) == 0
    assert main(["export", "--db", v, "--out", str(tmp_path)]) == 0
    return c, tmp_path / "422823107205-000001.pvb"


def test_bundle_inspect_without_a_store_says_what_it_can(
    tmp_path: Path, capsys: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, bundle = _bundle(tmp_path)
    capsys.readouterr()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "nowhere"))  # no default database
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "nowhere"))
    assert main(["bundle", "inspect", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "是 povdesk 数据包" in out
    assert "发送方代码 422823107205，第 1 号" in out
    assert "接收方的数据库" in out and "recipient's database" in out
    assert main(["bundle", "inspect", str(bundle), "--json"]) == 0
    seen = json.loads(capsys.readouterr().out)
    assert (seen["povdesk_bundle"], seen["sender_area_code"], seen["seq"]) == (
        True,
        "422823107205",
        1,
    )
    junk = tmp_path / "junk.pvb"
    junk.write_bytes(b"hello")
    assert main(["bundle", "inspect", str(junk)]) == 2
    assert "不是 povdesk 数据包" in capsys.readouterr().out


def test_bundle_inspect_shows_the_grouped_fingerprint(tmp_path: Path, capsys: Run) -> None:
    county, bundle = _bundle(tmp_path)
    capsys.readouterr()
    assert main(["bundle", "inspect", str(bundle), "--db", county]) == 0
    out = capsys.readouterr().out
    assert re.search(r"指纹 fingerprint  [0-9A-F]{4}(-[0-9A-F]{4}){3}\n", out)
    assert "key " not in out


def test_export_with_no_trusted_key_says_where_to_trust_one(tmp_path: Path, capsys: Run) -> None:
    v = str(tmp_path / "v.sqlite")
    assert main(["demo", "--db", v, "--households", "1"]) == 0
    capsys.readouterr()
    assert main(["export", "--db", v, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "还没有信任对方的公钥" in err and "同步 › 密钥与信任…" in err
    assert "--to" not in err


def test_a_closed_pipe_is_quiet(db: str, tmp_path: Path) -> None:
    """`povdesk list | head`: the reader is gone before povdesk writes; no 内部错误, no
    traceback, no log entry."""
    logs = tmp_path / "logs"
    env = {**os.environ, "POVDESK_LOG_DIR": str(logs)}
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as err_file:
        child = subprocess.Popen(
            [sys.executable, "-m", "app.main", "check", "--db", db],
            stdout=subprocess.PIPE,
            stderr=err_file,
            env=env,
        )
        assert child.stdout is not None
        child.stdout.close()  # like head after its lines: nobody reads any more
        assert child.wait(timeout=60) == 0
    # Nothing but the one line naming the year's missing standards (issue 10).
    said = [line for line in stderr.read_text("utf-8").splitlines() if "年度扶贫标准" not in line]
    assert said == []
    assert not (logs / "povdesk.log").exists()


def test_db_alone_opens_the_window_on_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.app

    opened: list[str] = []
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(ui.app, "run", lambda db, lang=None, bundles=(): opened.append(db) or 0)
    target = str(tmp_path / "青龙村.sqlite")
    assert main(["--db", target]) == 0
    assert opened == [target]


def test_db_before_a_command_is_not_ignored(db: str, capsys: Run) -> None:
    assert main(["--db", db, "list", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == ["0001", "0002"]


def test_no_display_is_not_a_success(
    tmp_path: Path, capsys: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["--db", str(tmp_path / "x.sqlite")]) == 2
    assert "没有可用的显示器" in capsys.readouterr().err
    assert not (tmp_path / "x.sqlite").exists()
