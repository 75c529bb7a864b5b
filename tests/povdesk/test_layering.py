"""The layers are the architecture: the core imports without Qt, ui, exports or app;
exports without Qt, ui or app; only app (the composition root) reaches up, and the core's
imports hold no cycle."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def blocker(*blocked: str) -> str:
    return f"""
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {blocked!r}:
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


def import_all(names: list[str], *blocked: str) -> subprocess.CompletedProcess[str]:
    code = blocker(*blocked) + "".join(f"import {n}\n" for n in names) + "print('ok')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)


def test_core_imports_without_qt_ui_exports_or_app() -> None:
    names = modules("povdesk")
    assert "povdesk.store.tx" in names and "povdesk.cli.county_cmd" in names  # a real walk
    done = import_all(names, *QT, "ui", "exports", "app")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_exports_import_without_qt_ui_or_app() -> None:
    names = modules("exports")
    assert "exports.cli.county_import" in names
    done = import_all(names, *QT, "ui", "app")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_command_line_starts_without_qt_or_ui() -> None:
    """app.main imports every command family, but `ui` only inside `gui`."""
    done = import_all(["app.main", "app.parser"], *QT, "ui")
    assert done.returncode == 0, done.stderr


def test_blocker_really_blocks() -> None:
    for name in ("ui", "exports", "app", "PySide6"):
        done = import_all([name], *QT, "ui", "exports", "app")
        assert done.returncode != 0
        assert "blocked for the layering test" in done.stderr


# -- what the source says, whether or not an import runs -------------------------------
def sources(package: str) -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations/versions" in path.as_posix():
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"))


def imported(name: str, path: Path, tree: ast.Module) -> Iterator[tuple[str, bool]]:
    """(module named, whether the import is for type checkers only) for every import
    statement, in functions too; `from a import b` names a.b (a module or a name in a)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in type_only
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            for alias in node.names:
                yield f"{base}.{alias.name}", id(node) in type_only


def test_core_never_imports_exports_ui_or_app() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {target}"
        for name, path, tree in sources("povdesk")
        for target, _ in imported(name, path, tree)
        if target.split(".")[0] in ("exports", "ui", "app", *QT)
    ]
    assert offenders == []


def test_exports_never_import_qt_ui_or_app() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {target}"
        for name, path, tree in sources("exports")
        for target, _ in imported(name, path, tree)
        if target.split(".")[0] in ("ui", "app", *QT)
    ]
    assert offenders == []


def test_only_public_core_names_are_imported_from_outside() -> None:
    """exports, ui and app use the core's public names: a private one is the core's own
    to change (exports' county command used to borrow povdesk.cli's `_cadre_id`)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}"
        for package in ("exports", "ui", "app")
        for _, path, tree in sources(package)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "povdesk"
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert offenders == []


BY_NAME = ("importlib", "import_module", "__import__")


def test_core_never_imports_by_name() -> None:
    """An import by name (importlib, __import__) is one no tool follows: neither this
    test, nor mypy, nor PyInstaller's analysis."""
    offenders = []
    for _, path, tree in sources("povdesk"):
        for node in ast.walk(tree):
            named = (
                (isinstance(node, ast.Name) and node.id == "__import__")
                or (isinstance(node, ast.Attribute) and node.attr in BY_NAME)
                or (isinstance(node, ast.Import) and any(a.name in BY_NAME for a in node.names))
                or (isinstance(node, ast.ImportFrom) and node.module in BY_NAME)
            )
            if named:
                offenders.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}")
    assert offenders == []


# -- no cycle in the core ------------------------------------------------------------
def core_graph(*, type_only_too: bool = False) -> dict[str, set[str]]:
    """Module → the core modules it imports when it runs (in functions too: a cycle put
    off until a call is still a cycle). Imports for type checkers only are left out
    unless `type_only_too`: they never run, but they still tie two files together."""
    found = list(sources("povdesk"))
    names = {name for name, _, _ in found}
    graph: dict[str, set[str]] = {}
    for name, path, tree in found:
        targets = set()
        for target, type_only in imported(name, path, tree):
            if type_only and not type_only_too:
                continue
            while target and target not in names:  # `from a import name`: the module a
                target = target.rpartition(".")[0]
            if target and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = [stack.pop()]
            while part[-1] != v:
                part.append(stack.pop())
            if len(part) > 1:
                found.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def package_of(module: str) -> str:
    """povdesk.store.tx → povdesk.store; povdesk.audit stays itself."""
    return ".".join(module.split(".")[:2])


# The one cycle left, between backups and the store (each calls the other: a store
# upgrade makes a backup, a damaged store names the newest good backup, a backup checks
# the file's integrity). Listed so that a new cycle fails and so does this one's end:
# then empty these lists.
KNOWN_MODULE_CYCLES: list[list[str]] = []
KNOWN_PACKAGE_CYCLES: list[list[str]] = []


def test_no_import_cycle_between_core_modules() -> None:
    graph = core_graph()
    assert "povdesk.models" in graph["povdesk.services.base"]  # the graph sees imports
    assert cycles(graph) == KNOWN_MODULE_CYCLES


def test_no_import_cycle_between_core_packages() -> None:
    packages: dict[str, set[str]] = {}
    for module, targets in core_graph().items():
        own = package_of(module)
        packages.setdefault(own, set()).update(
            package_of(t) for t in targets if package_of(t) not in (own, "povdesk")
        )
    assert cycles(packages) == KNOWN_PACKAGE_CYCLES


def test_no_cycle_even_through_type_annotations() -> None:
    """The services name the store they serve as a protocol (services/base.StoreAPI),
    not by importing it: the store imports the services, and nothing comes back."""
    graph = core_graph(type_only_too=True)
    assert "povdesk.services" in graph["povdesk.store.store"]  # the graph sees them
    assert cycles(graph) == []


def test_the_cycle_check_can_fail() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


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


# Folders of tests/ that test the whole product rather than one package.
WHOLE_PRODUCT = {"crash", "fuzz", "packaging", "data", "__pycache__"}


def test_test_folders_mirror_the_packages() -> None:
    """tests/povdesk/store tests povdesk/store, and so on: a test is found where its
    code is, and a folder of tests with no package beside it is a test gone astray."""
    astray = []
    for folder in sorted((ROOT / "tests").rglob("*")):
        if not folder.is_dir() or WHOLE_PRODUCT & set(folder.relative_to(ROOT).parts):
            continue
        package = ROOT.joinpath(*folder.relative_to(ROOT / "tests").parts)
        if not (package / "__init__.py").is_file():
            astray.append(str(folder.relative_to(ROOT)))
    # The PostgreSQL half of the store's tests: the same package on another engine.
    assert astray == ["tests/povdesk/store/pg"]
