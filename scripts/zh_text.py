"""Chinese that reads right: full-width punctuation next to Chinese characters, and no
internal names, True/False or English system errors inside a Chinese sentence.

    python scripts/zh_text.py            # list every problem as file:line (exit 1 if any)
    python scripts/zh_text.py --fix      # turn , : ; ( ) ! ? next to Chinese into
                                         # ，：；（）！？ in the string literals of the
                                         # product's code, and carry the window's English
                                         # translations over to the changed sources

The test tests/test_chinese_text.py runs the same scan (and scans the text of every
printed document); after a merge, `--fix` then `make translations` settles new strings.

What is scanned: every string literal of povdesk/, exports/ and ui/ that is Chinese
(at least as many Chinese characters as Latin letters), f-strings included, except
docstrings and regular expressions. Qt file-dialog filters keep their ASCII brackets,
as Qt requires them: "Excel 工作簿 (*.xlsx)".
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("povdesk", "exports", "ui")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese characters and Chinese punctuation: what makes an ASCII mark "next to Chinese".
CJK = re.compile(
    r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e\u2018-\u201d…]"
)
FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
FILTER = re.compile(r"\(\*[^()]*\)")  # Qt's file-dialog filter syntax needs ASCII brackets
# Names a person should never read in a Chinese sentence.
SNAKE = re.compile(r"(?<![-\w./])[a-z]+(?:_[a-z0-9]+)+(?![\w])")
DOCS = re.compile(r"\b\w+\.md\b|§")
BOOLS = re.compile(r"\b(True|False|None)\b")
REGEX_CALLS = frozenset(
    {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall"}
)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    what: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}: {self.text!r}"


def is_chinese(text: str) -> bool:
    han = len(HAN.findall(text))
    return han > 0 and han >= sum(c.isascii() and c.isalpha() for c in text)


def marks(text: str) -> list[int]:
    """Positions of ASCII marks next to Chinese in `text` (brackets go in pairs: both
    when either is next to Chinese), outside file-dialog filters."""
    skip = {i for m in FILTER.finditer(text) for i in range(m.start(), m.end())}

    def near(i: int) -> bool:
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        # A placeholder ({0}, an f-string's field) stands for Chinese text in a Chinese
        # string: "{0}:{1}" is 名称：数值.
        return bool(CJK.match(before) or CJK.match(after)) or (
            (before in ("}", "\x00") or after in ("{", "\x00")) and bool(before + after)
        )

    found = {i for i, c in enumerate(text) if c in ",:;!?" and i not in skip and near(i)}
    stack: list[int] = []
    for i, c in enumerate(text):
        if i in skip:
            continue
        if c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                j = stack.pop()
                if near(i) or near(j):
                    found |= {i, j}
            elif near(i):
                found.add(i)
    found |= {i for i in stack if near(i)}
    return sorted(found)


def fixed(text: str) -> str:
    out = list(text)
    for i in marks(text):
        out[i] = FULL[text[i]]
    return "".join(out)


def text_problems(text: str) -> list[str]:
    """What is wrong with one piece of Chinese text (a literal's text or a PDF line)."""
    found = []
    if marks(text):
        found.append("ASCII punctuation next to Chinese")
    if SNAKE.search(text):
        found.append(f"internal name {SNAKE.search(text).group()!r}")  # type: ignore[union-attr]
    if DOCS.search(text):
        found.append("a project file name")
    if BOOLS.search(text):
        found.append("True/False/None")
    return found


# -- the code -------------------------------------------------------------------------------
def _skipped(tree: ast.AST) -> set[int]:
    """ids of string nodes that are not text for people: docstrings and regexes."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            out.add(id(node.value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(getattr(func, "value", None), "id", "")
            if name in REGEX_CALLS and owner == "re":
                out.update(id(a) for a in node.args)
    return out


def _pieces(node: ast.AST) -> Iterator[tuple[str, list[ast.expr]]]:
    """(literal text with each {…} as a placeholder, the formatted expressions)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value, []
    elif isinstance(node, ast.JoinedStr):
        text, exprs = "", []
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                text += v.value
            elif isinstance(v, ast.FormattedValue):
                text += "{}"
                exprs.append(v.value)
        yield text, exprs


def scan_file(path: Path) -> list[Problem]:
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    skipped = _skipped(tree)
    rel = str(path.relative_to(ROOT))
    found: list[Problem] = []
    inner: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inner.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if id(node) in skipped or id(node) in inner:
            continue
        for text, exprs in _pieces(node):
            if not is_chinese(text):
                continue
            line = getattr(node, "lineno", 0)
            found += [Problem(rel, line, what, text) for what in text_problems(text)]
            for e in exprs:
                code = ast.unparse(e)
                if "strerror" in code or re.fullmatch(r"exc|err|error|e|why", code):
                    found.append(Problem(rel, line, "an English system error", text))
    return found


def files() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def scan() -> list[Problem]:
    return [p for path in files() for p in scan_file(path)]


# -- fixing ---------------------------------------------------------------------------------
def _fix_token(token: str) -> str:
    """A string token with its literal parts fixed ({…} of f-strings left alone)."""
    m = re.match(r"(?is)^([rbuf]*)('''|\"\"\"|'|\")(.*)\2$", token)
    if not m:
        return token
    prefix, quote, body = m.groups()
    if "b" in prefix.lower():
        return token
    if "f" not in prefix.lower():
        return token if not is_chinese(body) else prefix + quote + fixed(body) + quote
    # Cut the f-string into literal runs and {…} fields; fix the runs as one text so
    # a mark between a field and Chinese is seen, with fields as a neutral placeholder.
    parts: list[tuple[bool, str]] = []
    i = 0
    depth = 0
    start = 0
    while i < len(body):
        c = body[i]
        if depth == 0 and body.startswith("{{", i):
            i += 2
            continue
        if depth == 0 and body.startswith("}}", i):
            i += 2
            continue
        if c == "{":
            if depth == 0:
                parts.append((False, body[start:i]))
                start = i
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                parts.append((True, body[start : i + 1]))
                start = i + 1
        i += 1
    parts.append((False, body[start:]))
    flat = "".join("\x00" if field else text for field, text in parts)
    if not is_chinese(flat):
        return token
    new = fixed(flat)
    out, k = [], 0
    for field, text in parts:
        if field:
            out.append(text)
            k += 1
        else:
            out.append(new[k : k + len(text)])
            k += len(text)
    return prefix + quote + "".join(out) + quote


def fix_file(path: Path) -> bool:
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    skipped_lines: set[int] = set()
    skip = _skipped(tree)
    for node in ast.walk(tree):
        if id(node) in skip and hasattr(node, "lineno"):
            skipped_lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits: list[tuple[int, int, str]] = []
    for t in tokens:
        if t.type != tokenize.STRING or t.start[0] in skipped_lines:
            continue
        new = _fix_token(t.string)
        if new != t.string:
            a = offsets[t.start[0] - 1] + t.start[1]
            b = offsets[t.end[0] - 1] + t.end[1]
            edits.append((a, b, new))
    if not edits:
        return False
    out = source
    for a, b, new in reversed(edits):
        out = out[:a] + new + out[b:]
    ast.parse(out)  # still Python
    path.write_text(out, "utf-8")
    return True


def carry_translations() -> None:
    """The window's .ts: a source the fix changed keeps its English translation."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import i18n  # type: ignore[import-not-found]

    for lang in i18n.LANGUAGES:
        path = i18n.ts_path(lang)
        known = i18n.read_ts(path)
        for source, value in list(known.items()):
            known.setdefault(fixed(source) if is_chinese(source) else source, value)
        i18n.write_ts(path, lang, i18n.sources(), known)


def main(argv: list[str]) -> int:
    if "--fix" in argv:
        changed = [p for p in files() if fix_file(p)]
        carry_translations()
        print(f"fixed {len(changed)} files")
    problems = scan()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
