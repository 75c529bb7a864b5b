"""The command line: JSON on stdout, zh/en messages on stderr, exit codes 0/1/2."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import main
from povdesk import __version__
from povdesk.store import Store
from tests.conftest import add_two_households

Run = pytest.CaptureFixture[str]


@pytest.fixture
def db(store: Store) -> str:
    """A small village: one household with a dropped-out child, one clean household."""
    add_two_households(store)
    path = store.target
    store.close()
    return path


def test_version(capsys: Run) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_list_json(db: str, capsys: Run) -> None:
    assert main(["list", "--db", db, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["number"] for r in rows] == ["0001", "0002"]
    assert {"id", "head", "group", "category", "status", "ready", "blocking"} <= set(rows[0])
    assert rows[0]["head"] == "向德1"


def test_check_json_names_the_dropout(db: str, capsys: Run) -> None:
    assert main(["check", "--db", db, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    dropouts = [f for f in found if f["code"] == "dropout"]
    assert [(f["household_number"], f["dimension"], f["blocking"]) for f in dropouts] == [
        ("0001", "education", True)
    ]
    assert "向小1" in dropouts[0]["zh"]
    assert {
        "code",
        "dimension",
        "blocking",
        "severity",
        "household_id",
        "member_id",
        "zh",
        "en",
    } <= set(dropouts[0])


def test_show_by_number(db: str, capsys: Run) -> None:
    assert main(["show", "--db", db, "0002", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["household"]["number"] == "0002"
    assert sorted(m["name"] for m in data["members"]) == ["向小2", "向德2"]
    assert {
        "findings",
        "incomes",
        "measures",
        "funds",
        "visits",
        "statuses",
        "life_events",
        "attachments",
        "pairings",
    } <= set(data)
    assert [s["status"] for s in data["statuses"]] == ["1"]


def test_show_text_in_chinese(db: str, capsys: Run) -> None:
    assert main(["show", "--db", db, "0001"]) == 0
    out = capsys.readouterr().out
    assert "户编号: 0001" in out and "非在校生" in out and "义务教育未保障" in out


def test_unknown_household_is_exit_2_with_both_languages(db: str, capsys: Run) -> None:
    assert main(["show", "--db", db, "9999"]) == 2
    err = capsys.readouterr().err
    assert "找不到户" in err and "No household found" in err and "Traceback" not in err


def test_exit_guard_from_the_cli(db: str, capsys: Run) -> None:
    assert main(["status", "--db", db, "0001", "拟退出"]) == 2
    err = capsys.readouterr().err
    assert "不能标记退出" in err and "cannot be marked" in err


def test_bad_usage_is_exit_2(capsys: Run) -> None:
    with pytest.raises(SystemExit) as done:
        main(["list", "--no-such-flag"])
    assert done.value.code == 2
    assert "参数有误" in capsys.readouterr().err


def test_missing_database_is_exit_2(tmp_path: Path, capsys: Run) -> None:
    assert main(["list", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "No database" in capsys.readouterr().err


def test_init_twice_is_refused(tmp_path: Path, capsys: Run) -> None:
    db = str(tmp_path / "v.sqlite")
    args = ["init", "--db", db, "--role", "village", "--code", "420323105201", "--name", "青龙村"]
    assert main(args) == 0
    assert main(args) == 2
    assert "already initialised" in capsys.readouterr().err


def test_bad_village_code_is_refused(tmp_path: Path, capsys: Run) -> None:
    db = str(tmp_path / "v.sqlite")
    assert main(["init", "--db", db, "--role", "village", "--code", "4203", "--name", "x"]) == 2
    assert "12" in capsys.readouterr().err


def test_installed_entry_point_runs(db: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app.main", "summary", "--db", db, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["households"] == 2


SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "roster-sample.csv"


def test_roster_import_sample_then_bad_file(tmp_path: Path, capsys: Run) -> None:
    db = str(tmp_path / "v.sqlite")
    assert (
        main(
            ["init", "--db", db, "--role", "village", "--code", "420323105201", "--name", "青龙村"]
        )
        == 0
    )
    assert main(["roster", "import", "--db", db, str(SAMPLE), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["household"]["created"] == 3
    bad = tmp_path / "bad.csv"
    bad.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("汉族", "火星族", 1), encoding="utf-8"
    )
    assert main(["audit", "verify", "--db", db]) == 0
    before = capsys.readouterr()
    assert main(["roster", "import", "--db", db, str(bad)]) == 2
    err = capsys.readouterr().err
    assert "火星族" in err and "nothing was imported" in err
    assert main(["audit", "verify", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == int(
        before.err.split("共 ")[1].split(" ")[0]
    )


def test_summary_counts_the_shortfall(db: str, capsys: Run) -> None:
    assert main(["summary", "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["households"] == 2 and data["members"] == 4
    assert data["by_status"]["1"] == 2
    assert data["shortfalls"]["education"] == 1  # the dropped-out child of 0001
    assert set(data["shortfalls"]) == {
        "income",
        "food_clothing",
        "education",
        "medical",
        "housing",
        "water",
    }


def test_list_preset_and_filters(db: str, capsys: Run) -> None:
    assert main(["list", "--db", db, "--preset", "dropout", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == ["0001"]
    assert main(["list", "--db", db, "--ready", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == []  # nobody verified
    assert (
        main(["list", "--db", db, "--status", "未脱贫", "--shortfall", "education", "--json"]) == 0
    )
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == ["0001"]
    assert main(["list", "--db", db, "--status", "火星"]) == 2
    assert "Unknown" in capsys.readouterr().err


def test_list_search_by_pinyin_initials(db: str, capsys: Run) -> None:
    assert main(["list", "--db", db, "--search", "xx2", "--json"]) == 0  # 向小2
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == ["0002"]
    assert main(["list", "--db", db, "--search", "xiangde", "--json"]) == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == ["0001", "0002"]


def test_a_bug_is_exit_3_and_its_traceback_goes_to_the_log(
    db: str, capsys: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from povdesk.cli import commands

    def broken(args: object) -> int:
        raise RuntimeError("a bug in povdesk")

    monkeypatch.setenv("POVDESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(commands, "list_", broken)
    assert main(["list", "--db", db]) == 3
    err = capsys.readouterr().err
    log = tmp_path / "logs" / "povdesk.log"
    assert str(log) in err and "内部错误" in err and "internal error" in err
    assert "Traceback" not in err
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: a bug in povdesk" in text and "Traceback" in text
    logger = logging.getLogger("povdesk")
    for handler in list(logger.handlers):  # leave no open file behind for other tests
        logger.removeHandler(handler)
        handler.close()
