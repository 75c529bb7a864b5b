"""Every command's --help can be printed: argparse formats help texts with %, so a bare
"%" in one (a percentage) breaks `--help` of that command with a traceback."""

from __future__ import annotations

import argparse

from app.parser import build_parser


def _walk(parser: argparse.ArgumentParser, path: list[str]) -> list[tuple[str, str]]:
    found = [(" ".join(path) or "povdesk", parser.format_help())]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _walk(sub, [*path, name])
    return found


def test_every_command_prints_its_help() -> None:
    helps = _walk(build_parser(), [])
    names = [name for name, _ in helps]
    assert "monitor settings" in names and "county monitor-decide" in names
    assert all("--help" in text for _, text in helps)
