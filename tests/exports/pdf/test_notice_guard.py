"""The exit notice tells the truth (issue 10): a household proposed for exit but not ready
is never announced; one whose every blocking finding carries a written override is; the
notice's foot counts those left out, and the CLI names them on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main
from povdesk.codes import HouseholdStatus
from povdesk.rules.facts import HouseholdFile
from povdesk.services.status import Override
from povdesk.store import Store
from tests.exports.conftest import flat, pages


def _proposed(store: Store) -> list[HouseholdFile]:
    return [
        f for f in store.households.files() if f.household.status == HouseholdStatus.PROPOSED.value
    ]


def _seen(store: Store, file: HouseholdFile, body: str) -> bool:
    assert file.head is not None
    return store.config.mask_id(file.head.id_number) in body


def test_exit_notice_leaves_out_a_proposed_household_that_is_not_ready(
    fresh: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ready, spoiled = _proposed(fresh)[:2]
    fresh.households.update(spoiled.household.id, {"water_safe": False})  # after proposal
    poor = next(
        f
        for f in fresh.households.files()
        if f.household.status == HouseholdStatus.POOR.value and f.head is not None
    )
    fresh.households.update(poor.household.id, {"water_safe": False})
    cadre = fresh.cadres.all()[0].id
    fresh.status.change(
        poor.household.id,
        HouseholdStatus.PROPOSED,
        override=Override(cadre, "饮水工程本月竣工，验收后即可通水"),
    )
    out = tmp_path / "notice.pdf"
    assert main(["print", "notice", "--db", fresh.target, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    body = flat("".join(pages(out.read_bytes())))
    assert _seen(fresh, ready, body)
    assert _seen(fresh, poor, body)  # a written override lets it through
    assert "帮扶干部已书面说明理由" in body
    assert not _seen(fresh, spoiled, body)
    assert "另有1户已拟退出,但经核查尚未达到退出标准" in body.replace("，", ",")
    assert "未列入本次公示(涉及:饮水安全1户)" in body.replace("（", "(").replace("：", ":").replace(
        "）", ")"
    )
    assert f"未列入公示：户 {spoiled.household.number}" in err
    assert "饮水不安全" in err
    assert f"Not on the notice: household {spoiled.household.number}" in err
    assert ready.household.number not in err


def test_a_named_household_that_may_not_be_announced_is_refused(
    fresh: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spoiled = _proposed(fresh)[0]
    fresh.households.update(spoiled.household.id, {"water_safe": False})
    poor = next(
        f for f in fresh.households.files() if f.household.status == HouseholdStatus.POOR.value
    )
    out = tmp_path / "notice.pdf"
    for number in (spoiled.household.number, poor.household.number):
        argv = ["print", "notice", "--db", fresh.target, "--household", number, "--out", str(out)]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "没有可以公示的拟退出贫困户" in err and number in err
        assert "has no household this notice may announce" in err
        assert "Traceback" not in err
    assert not out.exists()


def test_named_households_are_announced_only_when_proposed_and_ready(
    fresh: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ready = _proposed(fresh)[0]
    poor = next(
        f for f in fresh.households.files() if f.household.status == HouseholdStatus.POOR.value
    )
    out = tmp_path / "notice.pdf"
    argv = ["print", "notice", "--db", fresh.target, "--out", str(out)]
    for f in (ready, poor):
        argv += ["--household", f.household.number]
    assert main(argv) == 0
    err = capsys.readouterr().err
    body = flat("".join(pages(out.read_bytes())))
    assert _seen(fresh, ready, body) and not _seen(fresh, poor, body)
    assert "另有1户未列入本次公示：1户不是拟退出户。" in body
    assert f"未列入公示：户 {poor.household.number}，不是拟退出户（当前为未脱贫）" in err
