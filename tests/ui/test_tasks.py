"""The one way to run background work: each outcome reaches exactly one place, on the GUI
thread — a result, a cancel, the user's error (inline or in a message box in both
languages) or a bug (logged, and the crash dialog names the log)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from povdesk.errors import UserError
from ui import messages
from ui.tasks import Cancelled, Task, TaskManager


@pytest.fixture
def manager(qtbot):  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    tasks = TaskManager(window, where="a test")
    yield tasks
    assert tasks.wait()


@pytest.fixture
def routes(monkeypatch):  # type: ignore[no-untyped-def]
    """What reached the message box and the crash dialog."""
    seen: dict[str, list[object]] = {"user": [], "crash": []}
    monkeypatch.setattr(messages, "user_error", lambda parent, exc: seen["user"].append(exc))
    monkeypatch.setattr(messages, "crash", lambda parent, log: seen["crash"].append(log))
    return seen


def test_the_result_comes_back_on_the_gui_thread(qtbot, manager: TaskManager, routes) -> None:  # type: ignore[no-untyped-def]
    got: list[object] = []
    order: list[str] = []
    manager.run(
        lambda: threading.current_thread() is threading.main_thread(),
        lambda on_gui: (order.append("done"), got.append((on_gui, threading.current_thread()))),
        after=lambda: order.append("after"),
    )
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(False, threading.main_thread())]
    assert order == ["after", "done"]
    assert not manager.busy() and routes == {"user": [], "crash": []}


def test_a_user_error_goes_inline_when_the_caller_shows_it(  # type: ignore[no-untyped-def]
    qtbot, manager: TaskManager, routes
) -> None:
    def refused() -> None:
        raise UserError("文件已损坏", "The file is damaged")

    shown: list[UserError] = []
    manager.run(refused, lambda _: pytest.fail("no result"), shown.append)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0].zh == "文件已损坏"
    assert routes == {"user": [], "crash": []}


def test_a_user_error_nobody_shows_goes_to_the_message_box(  # type: ignore[no-untyped-def]
    qtbot, manager: TaskManager, routes
) -> None:
    def refused() -> None:
        raise UserError("文件已损坏", "The file is damaged")

    ended: list[bool] = []
    manager.run(refused, lambda _: pytest.fail("no result"), after=lambda: ended.append(True))
    qtbot.waitUntil(lambda: bool(routes["user"]))
    assert ended == [True] and routes["crash"] == []


def test_a_bug_goes_to_the_crash_dialog_with_its_traceback_logged(  # type: ignore[no-untyped-def]
    qtbot, manager: TaskManager, routes, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("POVDESK_LOG_DIR", str(tmp_path))

    def broken() -> None:
        raise RuntimeError("bug in a task")

    inline: list[object] = []
    manager.run(broken, lambda _: pytest.fail("no result"), inline.append)
    qtbot.waitUntil(lambda: bool(routes["crash"]))
    assert routes["crash"] == [tmp_path / "povdesk.log"] and inline == []
    text = (tmp_path / "povdesk.log").read_text("utf-8")
    assert "crash in a test" in text and "RuntimeError: bug in a task" in text
    logger = logging.getLogger("povdesk")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


def test_progress_and_cancel(qtbot, manager: TaskManager, routes) -> None:  # type: ignore[no-untyped-def]
    def count(task: Task) -> int:
        for n in range(1, 1000):
            task.step(n, 999, f"item {n}")
            if n == 3:  # the GUI thread presses cancel meanwhile (a bounded wait)
                for _ in range(500):
                    if task.cancelled():
                        break
                    threading.Event().wait(0.01)
        return 999

    seen: list[tuple[int, int, object]] = []
    stopped: list[Cancelled] = []
    task = manager.new_task()
    task.progress.connect(lambda d, t, item: (seen.append((d, t, item)), task.cancel()))
    manager.start(
        count,
        lambda _: pytest.fail("cancelled work has no result"),
        on_cancelled=stopped.append,
        task=task,
    )
    qtbot.waitUntil(lambda: bool(stopped))
    assert seen[0] == (1, 999, "item 1") and len(seen) <= 3
    assert routes == {"user": [], "crash": []}
