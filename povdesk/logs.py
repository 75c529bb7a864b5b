"""Logs in the user data folder, rotated so an old laptop's disk never fills with them.

Bugs (anything that is not a UserError) are written here with their traceback, and the
message the user sees names this file, so a cadre can send it to whoever supports them.
"""

from __future__ import annotations

import logging
import os
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


def setup() -> Path:
    """Attach the rotating file handler once; returns the log file's path."""
    logger = logging.getLogger(LOGGER)
    path = log_file()
    for h in logger.handlers:
        if isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path:
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
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
