"""The layers are the architecture: the core and exports import without Qt or ui."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'ui'):
            raise ImportError('blocked for the layering test: ' + name)
        return None
sys.meta_path.insert(0, Block())
"""


def modules(package: str) -> list[str]:
    names = [package]
    for info in pkgutil.walk_packages([str(ROOT / package)], prefix=package + "."):
        if ".migrations.versions" not in info.name and not info.name.endswith(".env"):
            names.append(info.name)
    return names


def test_core_and_exports_import_without_qt_or_ui() -> None:
    names = modules("povdesk") + modules("exports")
    assert "povdesk.store.tx" in names  # the walk really found the package
    code = BLOCKER + "".join(f"import {n}\n" for n in names) + "print('ok')"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_blocker_really_blocks() -> None:
    code = BLOCKER + "import ui\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "blocked for the layering test" in done.stderr


# The one place allowed to reach up: the entry point that starts the GUI, importing it
# inside the function that launches it (engineering.md).
ENTRY_POINT = ROOT / "povdesk" / "cli" / "main.py"


def test_core_never_imports_exports_or_ui() -> None:
    offenders = []
    for path in (ROOT / "povdesk").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if not stripped.startswith(("import exports", "from exports", "import ui", "from ui")):
                continue
            if path == ENTRY_POINT and line.startswith("    ") and "ui.app" in stripped:
                continue
            offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert offenders == []


def test_exports_never_import_qt() -> None:
    for path in (ROOT / "exports").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "PySide6" not in text and "import ui" not in text, path


def test_ui_never_opens_a_connection() -> None:
    """The window asks the store's services; SQL and connections stay in the core."""
    offenders = []
    for path in (ROOT / "ui").rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.strip()
            if code.startswith(("import sqlalchemy", "from sqlalchemy", "import sqlite3")) or any(
                s in code for s in (".read() as", ".engine.", ".engine)", "tx.conn")
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
