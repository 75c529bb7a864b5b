"""`povdesk print`: files written, and bad input told plainly (exit 2, zh and en, no
traceback, nothing written)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main
from exports.pdf import fonts
from povdesk.codes import StoreRole
from povdesk.store import Store
from tests.exports.conftest import pages


def db_of(store: Store) -> str:
    return store.target


def test_prints_a_village_into_one_file(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "visits.pdf"
    assert main(["print", "visit", "--db", db_of(demo), "--all", "--out", str(out)]) == 0
    got = pages(out.read_bytes())
    assert len(got) >= len([h for h in demo.households.files() if h.visits])


def test_split_writes_one_file_per_household(demo: Store, tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    assert main(["print", "card", "--db", db_of(demo), "--all", "--split", str(folder)]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(f"card-{h.number}.pdf" for h in demo.households.all())
    one = demo.households.all()[0]
    assert one.number in pages((folder / f"card-{one.number}.pdf").read_bytes())[0]


def test_notice_and_roster_need_no_selection(demo: Store, tmp_path: Path) -> None:
    for kind in ("notice", "roster"):
        out = tmp_path / f"{kind}.pdf"
        assert main(["print", kind, "--db", db_of(demo), "--out", str(out)]) == 0
        assert out.stat().st_size > 0


def refused(capsys: pytest.CaptureFixture[str], argv: list[str], zh: str) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert zh in err
    assert "Traceback" not in err
    return err


def test_unknown_household(demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    argv = ["print", "handbook", "--db", db_of(demo), "--household", "9999", "--out", str(out)]
    err = refused(capsys, argv, "找不到户：9999")
    assert "No household found" in err
    assert not out.exists()


def test_empty_village(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(tmp_path / "empty.sqlite", create=True)
    store.villages.init_store(StoreRole.VILLAGE, "420323105201", "空村")
    store.close()
    out = tmp_path / "x.pdf"
    db = str(tmp_path / "empty.sqlite")
    for kind in ("roster", "visit", "notice"):
        err = refused(capsys, ["print", kind, "--db", db, "--all", "--out", str(out)], "没有")
        assert "no households" in err or "nothing" in err or "no visits" in err
    assert not out.exists()


def test_missing_font_file(
    demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "CJK_FILE", tmp_path / "gone.ttf")
    out = tmp_path / "x.pdf"
    argv = ["print", "roster", "--db", db_of(demo), "--out", str(out)]
    err = refused(capsys, argv, "找不到打印用字体文件")
    assert "font file for printing is missing" in err
    assert not out.exists()


def test_usage_mistakes(demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = db_of(demo)
    out = str(tmp_path / "x.pdf")
    refused(capsys, ["print", "visit", "--db", db, "--out", out], "请指明打印哪一户")
    refused(capsys, ["print", "roster", "--db", db, "--split", out], "不能用 --split")
    refused(capsys, ["print", "notice", "--db", db, "--days", "6", "--out", out], "不能少于 7 天")
    refused(
        capsys, ["print", "visit", "--db", db, "--visit", "nope", "--out", out], "找不到走访记录"
    )
    refused(capsys, ["print", "notice", "--db", db, "--start", "2026-13-01", "--out", out], "日期")
    assert not Path(out).exists()


def test_unwritable_output(demo: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = blocker / "x.pdf"  # a folder that is a file
    argv = ["print", "roster", "--db", db_of(demo), "--out", str(out)]
    refused(capsys, argv, "无法写入文件")
