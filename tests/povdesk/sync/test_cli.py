"""The sync commands end to end, with their exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.main import main
from tests.povdesk.sync.conftest import COUNTY, VILLAGE_A


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    v, c = str(tmp_path / "v.sqlite"), str(tmp_path / "c.sqlite")
    assert run(capsys, "demo", "--db", v, "--households", "5", "--code", VILLAGE_A)[0] == 0
    assert (
        run(capsys, "init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东")[0]
        == 0
    )
    code, out, _ = run(capsys, "key", "show", "--db", c, "--json")
    county = json.loads(out)
    assert code == 0 and county["age"].startswith("age1")
    run(capsys, "key", "export", "--db", v, "--out", str(tmp_path / "v.pvkey"))
    run(capsys, "key", "export", "--db", c, "--out", str(tmp_path / "c.pvkey"))
    code, _, err = run(
        capsys,
        "trust",
        "--db",
        v,
        str(tmp_path / "c.pvkey"),
        "--fingerprint",
        county["fingerprint"],
    )
    assert code == 0 and county["fingerprint"] in err
    assert run(capsys, "trust", "--db", c, str(tmp_path / "v.pvkey"))[0] == 0
    usb = tmp_path / "usb"
    usb.mkdir()
    code, _, err = run(capsys, "export", "--db", v, "--out", str(usb))
    bundle = usb / f"{VILLAGE_A}-000001.pvb"
    assert code == 0 and bundle.exists() and "Exported" in err
    code, out, _ = run(capsys, "bundle", "inspect", str(bundle), "--db", c, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["signature_ok"] and shown["seq"] == 1
    assert shown["sender"]["area_code"] == VILLAGE_A
    code, out, _ = run(capsys, "import", "--db", c, str(bundle), "--dry-run", "--json")
    assert code == 0 and json.loads(out)[0]["dry_run"]
    code, out, _ = run(capsys, "import", "--db", c, str(bundle), "--json")
    report = json.loads(out)[0]
    assert code == 0 and report["kinds"]["household"]["created"] == 5
    assert len(report["households"]) == 5
    code, _, err = run(capsys, "import", "--db", c, str(bundle))
    assert code == 0 and "already imported" in err
    code, _, err = run(capsys, "export", "--db", c, "--to", VILLAGE_A, "--out", str(usb))
    assert code == 0
    back = usb / f"{COUNTY}-to-{VILLAGE_A}-000001.pvb"
    assert run(capsys, "import", "--db", v, str(back))[0] == 0
    code, out, _ = run(capsys, "conflicts", "--db", c, "--json")
    assert code == 0 and json.loads(out) == []


def test_cli_bad_bundle_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = str(tmp_path / "c.sqlite")
    run(capsys, "init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东")
    junk = tmp_path / "x.pvb"
    junk.write_bytes(b"age-encryption.org/v1\n-> nonsense")
    code, _, err = run(capsys, "import", "--db", c, str(junk))
    assert code == 2 and "povdesk:" in err and "nothing was imported" in err


def test_inspect_untrusted_sender_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    v, c = str(tmp_path / "v.sqlite"), str(tmp_path / "c.sqlite")
    run(capsys, "demo", "--db", v, "--households", "2", "--code", VILLAGE_A)
    run(capsys, "init", "--db", c, "--role", "county", "--code", COUNTY, "--name", "巴东")
    run(capsys, "key", "export", "--db", c, "--out", str(tmp_path / "c.pvkey"))
    run(capsys, "trust", "--db", v, str(tmp_path / "c.pvkey"))
    run(capsys, "export", "--db", v, "--out", str(tmp_path / "b.pvb"))
    code, out, err = run(capsys, "bundle", "inspect", str(tmp_path / "b.pvb"), "--db", c)
    assert code == 1 and "NOT verified" in out and "not trusted" in err
    code, _, _ = run(capsys, "import", "--db", c, str(tmp_path / "b.pvb"))
    assert code == 2
