"""Kept village figures after a change of standards (issue 17): the dashboard answers at
once with the figures of before, each such village named as stale, never as current;
the refresh (in the background in the window) replaces them village by village."""

from __future__ import annotations

import dataclasses

import pytest

from app.main import main
from exports.bundle.folder import import_folder
from povdesk.county import dashboard, figures
from tests.povdesk.county.conftest import YEAR, County
from tests.povdesk.sync.conftest import VILLAGE_A, VILLAGE_B


@pytest.fixture
def imported(county: County) -> County:
    import_folder(county.store, [county.usb])
    return county


def below_70(page: dashboard.County) -> dict[str, int]:
    return {r["code"]: r["below_70"] for r in page.below_70}


def raise_reference(c: County, times: int) -> None:
    """The county enters a far higher reference income: more households fall below 70%."""
    for r in c.store.config.reference_income_rows():
        if r.year == YEAR:
            c.store.config.set_reference_income(r.year, r.area_code, r.amount * times)


def test_figures_under_other_standards_are_stale_until_recomputed(imported: County) -> None:
    c = imported
    before = dashboard.county(c.store, c.ctx())
    assert before.stale == () and figures.stale(c.store, c.ctx()) == []
    raise_reference(c, 4)
    ctx = c.ctx()
    kept = dashboard.county(c.store, ctx, refresh=False)
    assert kept.stale == (VILLAGE_A, VILLAGE_B)  # marked, in code order
    assert below_70(kept) == below_70(before)  # the figures of before, still shown
    assert kept.as_json()["stale_villages"] == [VILLAGE_A, VILLAGE_B]
    seen: list[tuple[int, int]] = []
    figures.refresh(c.store, ctx, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2), (1, 2), (2, 2)]
    after = dashboard.county(c.store, ctx, refresh=False)
    assert after.stale == ()
    assert sum(below_70(after).values()) > sum(below_70(before).values())


def test_the_standards_mark_alone_makes_figures_stale(imported: County) -> None:
    """However the standards changed (here: not through this store's audit log, as a
    restored backup would), figures kept under others are not current."""
    c = imported
    ctx = c.ctx()
    figures.refresh(c.store, ctx)
    other = dataclasses.replace(
        ctx, poverty_lines={**ctx.poverty_lines, YEAR: ctx.poverty_lines[YEAR] + 1}
    )
    assert figures.standards_mark(other) != figures.standards_mark(ctx)
    assert len(figures.stale(c.store, other)) == 2
    assert figures.stale(c.store, ctx) == []
    assert "standards" not in next(iter(figures.kept(c.store).values()))


def test_cli_dashboard_says_stale_and_refreshes(
    imported: County, capsys: pytest.CaptureFixture[str]
) -> None:
    c = imported
    db = ["--db", c.store.target, "--year", str(YEAR)]
    assert main(["county", "dashboard", *db]) == 0
    assert "过时" not in capsys.readouterr().err
    raise_reference(c, 4)
    assert main(["county", "dashboard", *db, "--no-refresh"]) == 0
    err = capsys.readouterr().err
    assert "2 个村的数字已过时" in err and "2 villages' figures are stale" in err
    assert VILLAGE_A in err
    assert main(["county", "dashboard", *db]) == 0  # recomputed (no bar: not a terminal)
    out, err = capsys.readouterr()
    assert "过时" not in err and "低于 70%" in out
    assert figures.stale(c.store, c.ctx()) == []
