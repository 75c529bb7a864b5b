"""Logs in the user data folder, rotated so an old laptop's disk never fills with them.

Bugs (anything that is not a UserError) are written here with their traceback, and the
message the user sees names this file, so a cadre can send it to whoever supports them.
That log leaves the laptop, so it never holds personal data: the database engines hide
SQL parameters, and every line written is scrubbed of ID numbers, phone and bank account
numbers and Chinese text (names, addresses) before it reaches the file. The files are
readable only by the user.
"""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

LOGGER = "povdesk"
MAX_BYTES = 1_000_000
BACKUPS = 5


def log_dir() -> Path:
    override = os.environ.get("POVDESK_LOG_DIR")  # tests, and machines with odd home dirs
    return (
        Path(override) if override else Path(platformdirs.user_log_dir("povdesk", appauthor=False))
    )


def log_file() -> Path:
    return log_dir() / "povdesk.log"


# GB 11643 ID numbers (15 or 18 characters), any run of 7+ digits (phones, bank
# accounts, household numbers), and runs of Chinese characters (names, addresses).
_SCRUB = (
    (re.compile(r"\d{17}[\dXx]|\d{7,}"), lambda m: "#" * len(m.group())),
    (re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+"), lambda m: "…"),
)


def scrub(text: str) -> str:
    for pattern, repl in _SCRUB:
        text = pattern.sub(repl, text)
    return text


class ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class PrivateFileHandler(RotatingFileHandler):
    """A rotating log whose files are created readable only by the user."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def setup() -> Path:
    """Attach the rotating file handler once; returns the log file's path."""
    logger = logging.getLogger(LOGGER)
    path = log_file()
    for h in logger.handlers:
        if isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path:
            return path
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handler = PrivateFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def log_crash(context: str) -> Path:
    """Write the exception being handled, with its traceback; returns where it went."""
    try:
        path = setup()
    except OSError:
        logging.getLogger(LOGGER).exception("crash in %s (log file not writable)", context)
        return Path("<stderr>")
    logging.getLogger(LOGGER).exception("crash in %s", context)
    return path
