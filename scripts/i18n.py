"""The window's translations, kept with Qt's own tools and formats.

    python scripts/i18n.py update    # collect tr("…") of ui/ into resources/i18n/*.ts
    python scripts/i18n.py release   # compile the .ts into .qm with Qt's lrelease

`update` keeps every translation already made, marks new strings "unfinished" and drops
strings no longer used; translators then work in Qt Linguist (pyside6-linguist). The
strings are found with Python's own parser rather than Qt's lupdate, because our tr()
is a module-level function with one context (ui/i18n.py), which lupdate would file
under each enclosing class.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui.i18n import CONTEXT, FOLDER  # noqa: E402

LANGUAGES = {"en": "en_GB"}


def sources(folder: Path = ROOT / "ui") -> list[str]:
    """Every string literal given to tr() in the GUI, in first-seen order."""
    found: dict[str, None] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, None)
    return list(found)


def read_ts(path: Path) -> dict[str, tuple[str, bool]]:
    """source -> (translation, finished)"""
    if not path.exists():
        return {}
    out = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        t = message.find("translation")
        text = (t.text or "") if t is not None else ""
        finished = t is not None and t.get("type") not in ("unfinished", "obsolete")
        out[source] = (text, finished)
    return out


def write_ts(path: Path, lang: str, strings: list[str], known: dict[str, tuple[str, bool]]) -> None:
    ts = ET.Element("TS", version="2.1", language=LANGUAGES[lang], sourcelanguage="zh_CN")
    context = ET.SubElement(ts, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in strings:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        text, finished = known.get(source, ("", False))
        t = ET.SubElement(message, "translation")
        t.text = text
        if not finished:
            t.set("type", "unfinished")
    ET.indent(ts)
    body = ET.tostring(ts, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")


def ts_path(lang: str) -> Path:
    return FOLDER / f"povdesk_{lang}.ts"


def lrelease() -> str:
    found = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).parent / "pyside6-lrelease"
    )
    return found


def release(lang: str, out: Path | None = None) -> Path:
    target = out or ts_path(lang).with_suffix(".qm")
    subprocess.run(
        [lrelease(), "-silent", str(ts_path(lang)), "-qm", str(target)],
        check=True,
    )
    return target


def main(argv: list[str]) -> int:
    if argv[:1] == ["update"]:
        FOLDER.mkdir(parents=True, exist_ok=True)
        strings = sources()
        for lang in LANGUAGES:
            known = read_ts(ts_path(lang))
            write_ts(ts_path(lang), lang, strings, known)
            missing = [s for s in strings if not known.get(s, ("", False))[1]]
            print(f"{ts_path(lang).name}: {len(strings)} strings, {len(missing)} to translate")
        return 0
    if argv[:1] == ["release"]:
        for lang in LANGUAGES:
            print(release(lang))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
