"""Importing good rosters: what lands in the store, re-imports, updates, dry runs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from povdesk.codes import HouseholdStatus, Presence, Relation
from povdesk.errors import UserError
from povdesk.roster import ImportReport, RosterRejected, import_roster
from povdesk.store import Store

HH1 = "4203231052010001"
HH2 = "4203231052010002"
SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "samples" / "roster-sample.csv"


def members_by_name(store: Store, number: str) -> dict[str, Any]:
    hh = store.households.find(number)
    assert hh is not None
    return {m.name: m for m in store.members.of(hh.id)}


def assert_good_import(store: Store) -> None:
    """The values of conftest.good_rows, as the store must hold them."""
    h1, h2 = store.households.find(HH1), store.households.find(HH2)
    assert h1 is not None and h2 is not None
    assert (h1.group, h1.phone, h1.category, h1.main_cause) == ("一组", "13971234501", "1", "01")
    assert h1.secondary_causes == ["07", "09"]
    assert (h1.id_standard, h1.identified_year, h1.status) == ("1", 2014, "1")
    assert (h1.danger_grade, h1.water_safe, h1.housing_area) == ("D", True, 86.5)
    assert (h2.category, h2.main_cause, h2.secondary_causes) == ("2", "03", ["01", "08"])
    assert (h2.status, h2.water_safe, h2.housing_area, h2.danger_grade) == ("3", False, None, None)
    assert [r.status for r in store.status.history(h1.id)] == ["1"]
    assert [r.status for r in store.status.history(h2.id)] == ["3"]

    m1 = members_by_name(store, HH1)
    assert set(m1) == {"王德明", "李秀英", "王小雨"}
    head = m1["王德明"]
    assert (head.relation, head.sex, head.birth_date) == ("01", "1", dt.date(1962, 3, 14))
    assert (head.health, head.migrant_months, head.ins_medical, head.dibao) == (
        ["1"],
        0,
        True,
        False,
    )
    assert head.ethnicity == "01"
    wife = m1["李秀英"]
    assert (wife.relation, wife.sex, wife.birth_date) == ("02", "2", dt.date(1964, 8, 2))
    assert wife.health == ["2", "3"]
    girl = m1["王小雨"]
    assert (girl.relation, girl.school_status, girl.education) == ("08", "3", "2")
    m2 = members_by_name(store, HH2)
    assert (m2["陈晓燕"].relation, m2["陈晓燕"].migrant_months) == ("04", 3)
    assert (m2["陈晓燕"].school_status, m2["陈光荣"].labour) == ("5", "3")

    (i1,) = store.incomes.of(h1.id)
    assert (i1.year, i1.wages, i1.production, i1.property) == (2019, 1_800_000, 350_050, 0)
    assert (i1.transfer_other, i1.production_costs) == (240_005, 120_000)
    (i2,) = store.incomes.of(h2.id)
    assert (i2.wages, i2.transfer_other, i2.production) == (600_010, 564_080, 0)
    assert store.audit.verify() == []


def created(report: ImportReport) -> tuple[int, int, int]:
    return tuple(report.counts[k].created for k in ("household", "member", "income"))  # type: ignore[return-value]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_good_csv_in_each_encoding(store, rows, csv_file, encoding):
    path = csv_file(rows, encoding=encoding)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    if encoding == "gb18030":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    report = import_roster(store, path)
    assert created(report) == (2, 5, 2)
    assert report.households == [HH1, HH2]
    assert not report.dry_run and not report.problems
    assert_good_import(store)
    homes = {h.id for h in store.households.all()}
    assert report.changes.households == homes and len(homes) == 2
    assert report.changes.kinds == {"household", "status_record", "member", "income"}


def test_good_xlsx_with_typed_cells(store, rows, xlsx_file):
    # Dates as date cells, amounts as numbers, and a title above the header row.
    path = xlsx_file(rows, title="青龙村建档立卡花名册")
    report = import_roster(store, path)
    assert created(report) == (2, 5, 2)
    assert_good_import(store)


def test_reimport_creates_nothing(store, rows, csv_file, db_dump):
    path = csv_file(rows)
    import_roster(store, path)
    before = db_dump(store)
    again = import_roster(store, path)
    assert created(again) == (0, 0, 0)
    assert {k: (c.updated, c.unchanged) for k, c in again.counts.items()} == {
        "household": (0, 2),
        "member": (0, 5),
        "income": (0, 2),
    }
    assert again.households == []
    assert not again.changed
    assert not again.changes  # nothing for a view to refresh
    assert db_dump(store) == before


def test_changing_one_value_updates_exactly_that(store, rows, csv_file):
    import_roster(store, csv_file(rows))
    seq = store.sync.cursor()
    rows[2]["务工时间"] = "6"  # 王小雨
    report = import_roster(store, csv_file(rows, name="v2.csv"))
    assert report.counts["member"].updated == 1
    assert report.counts["member"].unchanged == 4
    assert report.counts["household"].unchanged == 2
    assert report.households == [HH1]
    hh1 = store.households.get(HH1)
    assert report.changes.households == {hh1.id} and report.changes.kinds == {"member"}
    changes = store.sync.changes_since(seq)
    assert [(c.entity, c.action) for c in changes] == [("member", "update")]
    entry = store.audit.history("member", changes[0].row_id)[-1]
    assert json.loads(entry["before"]) == {"migrant_months": 0}
    assert json.loads(entry["after"]) == {"migrant_months": 6}


def test_empty_cell_leaves_existing_value(store, rows, csv_file):
    import_roster(store, csv_file(rows))
    rows[0]["联系电话"] = ""
    rows[1]["健康状况"] = ""
    report = import_roster(store, csv_file(rows, name="v2.csv"))
    assert not report.changed
    h1 = store.households.find(HH1)
    assert h1 is not None and h1.phone == "13971234501"
    assert members_by_name(store, HH1)["李秀英"].health == ["2", "3"]


def test_household_values_on_other_rows_are_ignored(store, rows, csv_file):
    rows[1]["村民小组"] = "九组"
    rows[1]["工资性收入"] = "not a number"  # not the head's row: not even read
    import_roster(store, csv_file(rows))
    h1 = store.households.find(HH1)
    assert h1 is not None and h1.group == "一组"


def test_new_income_year_adds_a_row_and_same_year_updates(store, rows, csv_file):
    import_roster(store, csv_file(rows))
    rows[0]["收入年度"], rows[0]["工资性收入"] = "2020", "20000"
    rows[3]["工资性收入"] = "7000"  # HH2, still 2019
    report = import_roster(store, csv_file(rows, name="v2.csv"))
    assert (report.counts["income"].created, report.counts["income"].updated) == (1, 1)
    h1, h2 = store.households.find(HH1), store.households.find(HH2)
    assert h1 is not None and h2 is not None
    assert [(i.year, i.wages) for i in store.incomes.of(h1.id)] == [
        (2019, 1_800_000),
        (2020, 2_000_000),
    ]
    assert [(i.year, i.wages, i.transfer_other) for i in store.incomes.of(h2.id)] == [
        (2019, 700_000, 564_080)
    ]


def test_dry_run_writes_nothing_but_reports(store, rows, csv_file, db_dump):
    before = db_dump(store)
    report = import_roster(store, csv_file(rows), dry_run=True)
    assert report.dry_run
    assert created(report) == (2, 5, 2)
    assert not report.changes
    assert db_dump(store) == before
    assert store.households.all() == []
    assert "试导入" in report.lines("zh")[0] and "Dry run" in report.lines("en")[0]


def test_status_difference_is_reported_not_applied(store, rows, csv_file):
    import_roster(store, csv_file(rows))
    rows[0]["脱贫属性"] = "已脱贫"
    report = import_roster(store, csv_file(rows, name="v2.csv"))
    h1 = store.households.find(HH1)
    assert h1 is not None and h1.status == HouseholdStatus.POOR.value
    assert len(store.status.history(h1.id)) == 1
    (warning,) = [w for w in report.warnings if w.code == "status_differs"]
    assert warning.row == 2 and HH1 in warning.zh and "已脱贫" in warning.zh
    assert report.counts["household"].unchanged == 2


def test_member_not_in_file_is_kept_and_reported(store, rows, csv_file):
    import_roster(store, csv_file(rows))
    del rows[2]  # 王小雨
    report = import_roster(store, csv_file(rows, name="v2.csv"))
    girl = members_by_name(store, HH1)["王小雨"]
    assert girl.presence == Presence.PRESENT.value
    assert [w.code for w in report.warnings] == ["not_in_file"]
    assert "王小雨" in report.warnings[0].zh


def test_new_member_added_to_existing_household(store, rows, csv_file, id_number):
    import_roster(store, csv_file(rows))
    rows.append(
        {
            **{h: "" for h in rows[0]},
            "户编号": HH2,
            "姓名": "陈小宝",
            "证件号码": id_number(dt.date(2019, 2, 2), 11),
            "与户主关系": "孙子",
        }
    )
    report = import_roster(store, csv_file(rows, name="v2.csv"))
    assert created(report) == (0, 1, 0)
    assert report.households == [HH2]
    baby = members_by_name(store, HH2)["陈小宝"]
    assert (baby.relation, baby.sex, baby.birth_date) == (
        Relation.GRANDSON.value,
        "1",
        dt.date(2019, 2, 2),
    )


def test_fifteen_digit_number_is_upgraded(store, rows, csv_file, id_number):
    full = id_number(dt.date(1962, 3, 14), 31)
    rows[0]["证件号码"] = full[:6] + full[8:17]  # the legacy 15-digit form
    import_roster(store, csv_file(rows))
    assert members_by_name(store, HH1)["王德明"].id_number == full


def test_member_registered_in_another_household_is_rejected(store, rows, csv_file, db_dump):
    import_roster(store, csv_file(rows))
    before = db_dump(store)
    rows[4]["户编号"] = HH1  # 陈晓燕 listed under the other household
    with pytest.raises(RosterRejected) as err:
        import_roster(store, csv_file(rows, name="v2.csv"))
    (p,) = err.value.problems
    assert (p.row, p.column) == (6, "证件号码")
    assert HH2 in p.zh and "陈晓燕" in p.zh
    assert db_dump(store) == before


def test_head_left_out_of_file_is_rejected(store, rows, csv_file, db_dump):
    import_roster(store, csv_file(rows))
    before = db_dump(store)
    rows[1]["与户主关系"] = "户主"
    rows[1].update(
        {
            k: v
            for k, v in rows[0].items()
            if k not in ("姓名", "证件号码", "性别", "出生日期", "与户主关系")
        }
    )
    del rows[0]  # 王德明, the recorded head, is gone; 李秀英 claims to be head
    with pytest.raises(RosterRejected) as err:
        import_roster(store, csv_file(rows, name="v2.csv"))
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "与户主关系")]
    assert "王德明" in err.value.problems[0].zh
    assert db_dump(store) == before


def test_named_village(store, rows, csv_file):
    other = store.villages.create("420323105202", "白马村")
    import_roster(store, csv_file(rows), village_id=other.id)
    assert {h.number for h in store.households.all(village_id=other.id)} == {HH1, HH2}
    assert store.households.all(village_id=store.villages.default_id()) == []


def test_sample_roster_imports(store):
    report = import_roster(store, SAMPLE)
    assert created(report) == (3, 10, 3)
    assert report.warnings == []
    heads = [
        m
        for h in store.households.all()
        for m in store.members.of(h.id)
        if m.relation == Relation.HEAD.value
    ]
    assert len(heads) == 3
    assert all(
        m.id_number.startswith("420323")
        for h in store.households.all()
        for m in store.members.of(h.id)
    )


def test_report_as_dict_and_lines(store, rows, csv_file):
    rows[0]["备注栏"] = "x"
    report = import_roster(store, csv_file(rows))
    data = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))
    assert data["counts"]["member"] == {"created": 5, "updated": 0, "unchanged": 0}
    assert data["dry_run"] is False and data["households"] == [HH1, HH2]
    assert [w["code"] for w in data["warnings"]] == ["unknown_header"]
    assert "备注栏" in data["warnings"][0]["zh"]
    zh, en = "\n".join(report.lines("zh")), "\n".join(report.lines("en"))
    assert "成员：新增 5" in zh and "Members: 5 created" in en


def test_change_saved_during_the_check_refuses_the_import(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plans rest on rows read before the write transaction; if anything moved meanwhile,
    nothing is written (the audit log must show true before-values)."""
    from povdesk.roster import importer

    real_plan = importer._plan

    def plan_then_someone_saves(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real_plan(*args, **kwargs)
        store.cadres.add({"name": "另一位干部"})  # another window saves something
        return result

    monkeypatch.setattr(importer, "_plan", plan_then_someone_saves)
    sample = Path(__file__).resolve().parents[3] / "resources" / "samples" / "roster-sample.csv"
    with pytest.raises(UserError) as err:
        import_roster(store, sample)
    assert err.value.code == "changed_meanwhile"
    assert store.households.all() == []
