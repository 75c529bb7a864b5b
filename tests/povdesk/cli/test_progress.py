"""The command-line progress bar: drawn on a terminal, silent when piped."""

from __future__ import annotations

import io

from povdesk.cli.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_piped_output_gets_no_bar() -> None:
    out = io.StringIO()  # not a terminal
    clock = Clock()
    with Progress("正在打印", "Printing", stream=out, clock=clock) as bar:
        for done in range(0, 101, 10):
            clock.now += 1
            bar(done, 100)
    assert out.getvalue() == ""


def test_a_terminal_sees_the_bar_move_and_then_a_clean_line() -> None:
    out = Tty()
    clock = Clock()
    with Progress("正在打印", "Printing", stream=out, clock=clock) as bar:
        clock.now = 2.0
        bar(50, 100)
        first = out.getvalue()
        clock.now = 3.0
        bar(100, 100)
    text = out.getvalue()
    assert "50/100" in first and " 50%" in first
    assert "100/100" in text
    assert text.endswith("\r")  # the bar is wiped off the line at the end
    assert "正在打印 / Printing" in first


def test_a_quick_job_shows_nothing() -> None:
    out = Tty()
    clock = Clock()
    with Progress("正在打印", "Printing", stream=out, clock=clock) as bar:
        clock.now = 0.5
        bar(100, 100)
    assert out.getvalue() == ""


def test_redraws_are_limited() -> None:
    out = Tty()
    clock = Clock()
    bar = Progress("导出", "Export", stream=out, clock=clock)
    clock.now = 2.0
    for done in range(1000):
        bar(done, 1000)  # the clock does not move: one draw only
    assert out.getvalue().count("\r") == 1
