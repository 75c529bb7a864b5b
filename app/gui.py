"""`povdesk gui` (and bare `povdesk`): the window, imported only when asked."""

from __future__ import annotations

import argparse
import sys

from app import BAD_INPUT
from povdesk.store import default_db_path


def gui(args: argparse.Namespace) -> int:
    """The one place that reaches up to the GUI, importing it only here: the command
    line's other commands start without Qt."""
    from ui.app import (
        has_display,
        missing_libraries,
        missing_libraries_message,
        no_display_message,
        run,
    )

    db = getattr(args, "db", None) or str(default_db_path())
    if not has_display():
        print(no_display_message(db), file=sys.stderr)
        return BAD_INPUT  # the window did not open: a script must be able to tell
    if missing := missing_libraries():
        print(missing_libraries_message(missing), file=sys.stderr)
        return BAD_INPUT
    # --lang given on the command line wins; otherwise the language chosen in Settings.
    explicit = any(a == "--lang" or a.startswith("--lang=") for a in sys.argv[1:])
    return run(db, args.lang if explicit else None, getattr(args, "bundles", []))
