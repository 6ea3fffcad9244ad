"""Logging to a rotating file in the user's log dir. Log messages name kinds of actions and
counts, never people, notes or keys."""

from __future__ import annotations

import logging
from pathlib import Path

LOG_FILE = "homesupport.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RotatingOnFirstRecord(logging.Handler):
    """A rotating log file opened when the first record comes. ``logging.handlers`` loads
    sockets, pickle and queues with it: a twentieth of the app's start, for a file that most
    starts never write to before the window is up."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            try:
                self._file = RotatingFileHandler(
                    self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
                )
            except OSError:
                self._file = logging.NullHandler()  # a read-only profile must not stop the app
            self._file.setFormatter(self.formatter)
        self._file.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def configure_logging(log_dir: Path, debug: bool = False) -> None:
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingOnFirstRecord(log_dir / LOG_FILE)
    except OSError:
        handler = logging.NullHandler()  # a read-only profile must not stop the app
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger("homesupport")
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.propagate = False
