"""The recovery-key sheet: one page with the village, the key in its eight groups and a
QR code of it, and never a passphrase."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from exports.pdf.recovery import TITLE, groups, recovery_sheet
from povdesk import cipher

KEY = "123456-234567-345678-456789-567890-678901-789012-890123"


def write(tmp_path: Path, key: str = KEY) -> Path:
    out = tmp_path / "恢复密钥.pdf"
    recovery_sheet(
        out, village="向家坪村", recovery_key=key, key_id="a1b2c3d4e5f6", made_at="2026-12-05"
    )
    return out


def test_sheet_names_the_village_and_holds_the_key(tmp_path: Path) -> None:
    reader = PdfReader(write(tmp_path))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert TITLE in text
    assert "向家坪村" in text and "a1b2c3d4e5f6" in text and "2026-12-05" in text
    for group in KEY.split("-"):
        assert group in text
    assert "忘记口令" in text and "恢复密钥" in text


def test_sheet_has_a_qr_code_of_the_key(tmp_path: Path) -> None:
    """The QR code is drawn as vector rectangles: the page holds far more filled
    rectangles than text alone needs."""
    raw = PdfReader(write(tmp_path)).pages[0].get_contents().get_data().decode("latin-1")
    assert raw.count(" re") > 100
    plain = write(tmp_path, "000000-" * 7 + "000000")
    zeros = PdfReader(plain).pages[0].get_contents().get_data().decode("latin-1")
    assert zeros.count(" re") != raw.count(" re")  # the code follows the key


def test_groups_accept_any_spacing() -> None:
    assert groups(KEY) == KEY.split("-")
    assert groups(KEY.replace("-", " ")) == KEY.split("-")
    real = cipher.new_recovery_key()
    assert len(groups(real)) == 8 and all(len(g) == 6 for g in groups(real))


def test_sheet_never_holds_a_passphrase(tmp_path: Path) -> None:
    """The function takes no passphrase at all, and its bytes hold no secret other than
    the key it was given."""
    import inspect

    assert not any("pass" in p for p in inspect.signature(recovery_sheet).parameters)
    data = write(tmp_path).read_bytes()
    assert b"passphrase" not in data.lower()


def test_an_unwritable_target_leaves_nothing(tmp_path: Path) -> None:
    from povdesk.errors import UserError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    try:
        recovery_sheet(
            blocker / "sheet.pdf", village="v", recovery_key=KEY, key_id="k", made_at="d"
        )
    except UserError as exc:
        assert exc.code == "disk"
    else:
        raise AssertionError("written under a file")


def test_sheet_reads_right_in_chinese(tmp_path: Path) -> None:
    from tests.test_chinese_text import tool

    zh = tool()
    text = PdfReader(write(tmp_path)).pages[0].extract_text() or ""
    problems = [
        f"{what}: {line!r}"
        for line in text.splitlines()
        if zh.is_chinese(line)
        for what in zh.text_problems(line)
    ]
    assert problems == []
