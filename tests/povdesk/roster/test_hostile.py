"""Issue 11: rosters built as an attacker would build them. Each is refused with a
message naming the row and column, the store byte-identical; a small file that would
have exhausted memory is refused with the peak memory of the process measured."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from povdesk.errors import UserError
from povdesk.roster import RosterRejected, import_roster
from povdesk.roster.export import write_roster_csv
from povdesk.store import Store
from tests.peak import LIMIT_MB, run_measured
from tests.povdesk.roster.conftest import HH1, good_rows, write_csv, write_xlsx


def refused(store: Store, path: Path) -> UserError:
    before = Path(store.target).read_bytes()
    with pytest.raises(UserError) as err:
        import_roster(store, path)
    assert Path(store.target).read_bytes() == before
    assert err.value.zh and err.value.en
    return err.value


def problems_of(store: Store, path: Path) -> list[tuple[int, str, str, str]]:
    err = refused(store, path)
    assert isinstance(err, RosterRejected)
    return [(p.row, p.column, p.zh, p.en) for p in err.report.problems]


def test_a_formula_cell_is_refused_with_its_cell_named(tmp_path: Path, store: Store) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", good_rows())
    wb = openpyxl.load_workbook(path)
    wb.active["B3"] = '=HYPERLINK("http://example.com/x","点击")'
    wb.save(path)
    err = refused(store, path)
    assert err.code == "roster_formula"
    assert "第 3 行" in err.zh and "B3" in err.zh and "row 3" in err.en


def test_a_formula_in_a_csv_is_refused(tmp_path: Path, store: Store) -> None:
    rows = good_rows()
    rows[1]["姓名"] = '=HYPERLINK("http://example.com/x","点击")'
    err = refused(store, write_csv(tmp_path / "f.csv", rows))
    assert err.code == "roster_formula" and "row 3" in err.en


def test_stored_formula_text_leaves_as_text(tmp_path: Path, store: Store) -> None:
    """A name that looks like a formula (typed in a form) is written as text: with
    Excel's apostrophe in CSV, which the roster reader takes off again."""
    import_roster(store, write_csv(tmp_path / "ok.csv", good_rows()))
    hid = store.households.file(HH1).household.id
    member = store.members.of(hid)[1]
    store.members.update(member.id, {"name": "=1+2"})
    out = tmp_path / "out.csv"
    write_roster_csv(store, out)
    text = out.read_text(encoding="utf-8-sig")
    assert "'=1+2" in text and ",=1+2" not in text


@pytest.mark.parametrize(
    ("number", "zh", "en"),
    [
        ("../../../../tmp/x/pwned", "只能由数字组成", "digits only"),
        ("４２０３２３１０５２０１０００１", "全角", "full-width"),
        ("420323105201000", "16 至 18 位", "16 to 18 digits"),
    ],
    ids=["traversal", "full-width", "short"],
)
def test_a_bad_household_number_is_named(
    tmp_path: Path, store: Store, number: str, zh: str, en: str
) -> None:
    rows = good_rows()
    for r in rows:
        if r["户编号"] == HH1:
            r["户编号"] = number
    found = problems_of(store, write_csv(tmp_path / "n.csv", rows))
    assert found and all(c == "户编号" and zh in z and en in e for _, c, z, e in found)


def test_an_id_number_with_an_invisible_mark(tmp_path: Path, store: Store) -> None:
    rows = good_rows()
    rows[0]["证件号码"] = rows[0]["证件号码"] + "\u200b"
    [(row, column, zh, en)] = problems_of(store, write_csv(tmp_path / "i.csv", rows))
    assert (row, column) == (2, "证件号码")
    assert "U+200B" in zh and "不可见" in zh and "invisible" in en and "19" not in en


def test_merged_household_numbers_get_one_message(tmp_path: Path, store: Store) -> None:
    rows = good_rows()
    path = write_xlsx(tmp_path / "m.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("A2:A4")
    wb.save(path)
    err = refused(store, path)
    assert err.code == "roster_merged" and "第 2 至 4 行" in err.zh and "rows 2 to 4" in err.en


def test_control_characters_in_a_cell_are_named(tmp_path: Path, store: Store) -> None:
    rows = good_rows()
    rows[0]["姓名"] = "王德明\x1b[2J"
    [(row, column, zh, _)] = problems_of(store, write_csv(tmp_path / "c.csv", rows))
    assert (row, column) == (2, "姓名") and "U+001B" in zh


# -- memory ------------------------------------------------------------------------------
def sparse_xlsx(path: Path, rows: int) -> Path:
    """One cell in column XFD on every row: small on disk, 2.75 GB in openpyxl's padded
    read-only rows."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["户编号", "姓名", "证件号码", "与户主关系"])
    for _ in range(rows):
        ws.append([None] * 16383 + ["x"])
    wb.save(path)
    return path


def test_a_sparse_spreadsheet_is_refused_in_little_memory(tmp_path: Path) -> None:
    path = sparse_xlsx(tmp_path / "sparse.xlsx", 20_000)
    assert path.stat().st_size < 1 << 20
    code = (
        "from povdesk.roster.reader import read_roster\n"
        "from povdesk.errors import UserError\n"
        "try:\n"
        f"    read_roster({str(path)!r})\n"
        "except UserError as e:\n"
        "    print(e.code, e.en)\n"
    )
    rc, out, mb = run_measured(code)
    assert rc == 0 and "roster_too_big" in out and "XFD" in out, out
    assert mb < LIMIT_MB, mb


def test_a_roster_past_the_row_limit_is_refused_in_little_memory(tmp_path: Path) -> None:
    from povdesk.roster import xlsx

    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("户编号,姓名,证件号码,与户主关系\n")
        fh.write("1,a,b,c\n" * (xlsx.MAX_ROWS + 5))
    code = (
        "from povdesk.roster.reader import read_roster\n"
        "from povdesk.errors import UserError\n"
        "try:\n"
        f"    read_roster({str(path)!r})\n"
        "except UserError as e:\n"
        "    print(e.code)\n"
    )
    rc, out, mb = run_measured(code)
    assert rc == 0 and "roster_too_big" in out, out
    assert mb < LIMIT_MB, mb


def test_a_text_bomb_is_refused_in_little_memory(tmp_path: Path) -> None:
    """A small file whose styles (which openpyxl loads whole) inflate to 100 MB."""
    import zipfile

    path = write_xlsx(tmp_path / "bomb.xlsx", good_rows())
    bombed = tmp_path / "bombed.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bombed, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/styles.xml":
                data = data.replace(b"</styleSheet>", b"<!--" + b"x" * (100 << 20) + b"-->")
            dst.writestr(item, data)
    assert bombed.stat().st_size < 2 << 20
    code = (
        "from povdesk.roster.reader import read_roster\n"
        "from povdesk.errors import UserError\n"
        "try:\n"
        f"    read_roster({str(bombed)!r})\n"
        "except UserError as e:\n"
        "    print(e.code)\n"
    )
    rc, out, mb = run_measured(code)
    assert rc == 0 and "roster_too_big" in out, out
    assert mb < LIMIT_MB, mb
