"""Paper for monitoring against return to poverty (issue 16): the 监测对象 notice leaks
nothing (the exit notice's privacy test) and announces only what the elimination guard
lets through; the consent form for signing; the handbook's monitoring page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.main import main
from exports.pdf import Request, check, least_days, render, render_report
from povdesk.codes import HouseholdStatus
from povdesk.errors import UserError
from povdesk.store import Store
from tests.exports.conftest import AT, PAGE_NO, flat, font_problems, pages
from tests.exports.monitored import OVERRIDE, PROPOSED_ON, Monitored, build

D = dt.date
HEALTH_WORDS = ("大病", "慢性病", "残疾", "因病", "因残")
ID_NUMBER = re.compile(r"\d{17}[\dXx]")


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Monitored]:
    got = build(tmp_path_factory.mktemp("monitor") / "demo.sqlite")
    yield got
    got.store.close()


def _seen(store: Store, number: str, body: str) -> bool:
    head = store.households.files(household_ids=[store.households.get(number).id])[0].head
    assert head is not None and head.id_number
    return store.config.mask_id(head.id_number) in body


def _notice(store: Store, kind: str, days: int = 5) -> tuple[str, list[str]]:
    done = render_report(
        store, Request("monitor-notice", monitor=kind, days=days, start=D(2026, 7, 1)), at=AT
    )
    assert font_problems(done.pdf) == []
    return flat("".join(pages(done.pdf))), [x.number for x in done.left_out]


@pytest.mark.parametrize("kind", ["识别", "风险消除"])
def test_the_notice_leaks_nothing(village: Monitored, kind: str) -> None:
    store = village.store
    body, _ = _notice(store, kind)
    assert not ID_NUMBER.search(body), "an unmasked ID number"
    for word in HEALTH_WORDS:
        assert word not in body, word
    for f in store.households.files():
        for secret in (f.household.bank_account, f.household.phone):
            if secret:
                assert secret not in body
    assert "公示期为2026年7月1日至2026年7月5日，共5天" in body
    assert "如有异议，请在公示期内向" in body
    assert "村民委员会（盖章）" in body and "村委会主任（签字）：" in body


def test_inclusion_notice_lists_the_reviewed_leads(village: Monitored) -> None:
    body, left = _notice(village.store, "识别")
    assert "拟纳入防止返贫监测对象名单" in body
    for number in village.named:
        assert _seen(village.store, number, body)
    assert not _seen(village.store, village.unreviewed, body)
    assert not _seen(village.store, village.clean, body)  # already monitored
    assert "边缘易致贫户" in body
    assert left == []


def test_elimination_notice_lists_only_what_the_guard_lets_through(village: Monitored) -> None:
    store = village.store
    body, left = _notice(store, "风险消除")
    assert _seen(store, village.clean, body)
    assert _seen(store, village.overridden, body)  # the written override lets it through
    assert store.monitoring.verdict(village.overridden, on=PROPOSED_ON).overridden
    assert OVERRIDE[:4] not in body  # ... but the override stays off the board
    assert not _seen(store, village.spoiled, body)
    assert not _seen(store, village.unproposed, body)
    assert left == [village.spoiled]
    assert "另有1户已经村级民主评议提出风险消除，但经核查目前尚不符合风险消除条件" in body


def test_a_four_day_notice_is_refused(village: Monitored) -> None:
    for kind in ("识别", "风险消除"):
        with pytest.raises(UserError) as got:
            _notice(village.store, kind, days=4)
        assert "不能少于 5 天" in got.value.zh and "at least 5 days" in got.value.en


def test_the_cli_prints_the_notice_and_names_those_left_out(
    village: Monitored, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "n.pdf"
    db = village.store.target
    argv = ["print", "monitor-notice", "--db", db, "--kind", "风险消除", "--start", "2026-07-01"]
    assert main([*argv, "--days", "4", "-o", str(out)]) == 2
    assert "公示期不能少于 5 天" in capsys.readouterr().err and not out.exists()
    assert main([*argv, "--days", "6", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"未列入公示：户 {village.spoiled}" in err
    assert "共6天" in flat("".join(pages(out.read_bytes())))


def test_the_consent_form_names_the_head_without_the_full_id(
    village: Monitored, tmp_path: Path
) -> None:
    store = village.store
    out = tmp_path / "c.pdf"
    assert (
        main(
            [
                "print",
                "consent",
                "--db",
                store.target,
                "--household",
                village.named[0],
                "-o",
                str(out),
            ]
        )
        == 0
    )
    file = store.households.files(household_ids=[store.households.get(village.named[0]).id])[0]
    assert file.head is not None
    text = "\n".join(pages(out.read_bytes()))
    body = flat(text)
    assert "农户授权承诺书" in body and file.head.name in text
    assert file.head.id_number not in body
    assert store.config.mask_id(file.head.id_number) in body
    assert not ID_NUMBER.search(body)
    assert "仅用于防止返贫动态监测" in body and "本人签字（或按手印）" in body
    assert font_problems(out.read_bytes()) == []


def test_the_handbook_has_the_monitoring_page(village: Monitored) -> None:
    store = village.store
    pdf = render(store, Request("handbook", households=(village.clean,)), at=AT)
    body = flat("".join(pages(pdf)))
    page = body.split("九、防止返贫监测")[-1]
    assert "九、防止返贫监测" in body
    assert "因病、因残" in page  # the household's own book shows its risks
    assert "村级民主评议" in page and "县级审定" in page and "监测中" in page
    assert "健康帮扶：慢性病签约服务" in page and "实施中" in page
    other = render(store, Request("handbook", households=(village.unreviewed,)), at=AT)
    assert "九、防止返贫监测" in flat("".join(pages(other)))
    never = next(
        f.household.id
        for f in store.households.files()
        if not f.monitors and f.household.status == HouseholdStatus.POOR.value
    )
    plain = render(store, Request("handbook", households=(never,)), at=AT)
    assert "防止返贫监测" not in flat("".join(pages(plain)))


def test_the_village_prints_the_consent_forms_of_its_leads(village: Monitored) -> None:
    pdf = render(village.store, Request("consent"), at=AT)
    firsts = [m for m in (PAGE_NO.search(p) for p in pages(pdf)) if m and m.group(1) == "1"]
    assert len(firsts) == len(_leads(village))
    body = flat("".join(pages(pdf)))
    assert not ID_NUMBER.search(body)


def test_the_notice_follows_the_configured_days_and_mask(tmp_path: Path) -> None:
    village = build(tmp_path / "demo.sqlite")
    store = village.store
    try:
        store.config.set_monitor_settings(notice_days=7)
        store.config.set_id_mask(3, 2)
        with pytest.raises(UserError) as got:
            _notice(store, "识别", days=6)
        assert "不能少于 7 天（现为 6 天）" in got.value.zh
        body, _ = _notice(store, "识别", days=7)
        head = store.households.file(village.named[0]).head
        assert head is not None
        assert head.id_number[:3] + "*" * 13 + head.id_number[-2:] in body
        assert head.id_number[:6] + "*" * 8 not in body
    finally:
        store.close()


def test_the_village_consent_forms_split_per_lead(village: Monitored, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    argv = ["print", "consent", "--db", village.store.target, "--all", "--split", str(folder)]
    assert main(argv) == 0
    leads = _leads(village)
    assert {*village.named, village.unreviewed} <= set(leads)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"consent-{n}.pdf" for n in leads)


def _leads(village: Monitored) -> list[str]:
    """户编号 of every household with a lead not yet decided: the fixture's and the
    demo village's own."""
    store = village.store
    pending = {r.household_id for r in store.monitoring.records() if r.state == "0"}
    return sorted(h.number for h in store.households.all() if h.id in pending)


def test_a_form_can_check_the_days_before_any_work(village: Monitored) -> None:
    store = village.store
    assert least_days(store, "monitor-notice") == 5 and least_days(store, "notice") == 7
    check(store, Request("monitor-notice", monitor="风险消除"))  # no days: the least
    for bad in (
        Request("monitor-notice", days=4),
        Request("monitor-notice", monitor="退出", days=5),
        Request("notice", days=6),
    ):
        with pytest.raises(UserError):
            check(store, bad)
