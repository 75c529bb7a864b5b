"""The command line as a cadre meets it: quiet pipes, the window from `--db`, no display,
bundles without a store, the blank template refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from povdesk.cli.main import main
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
