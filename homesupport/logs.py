"""Logging to a rotating file in the user's log dir. Log messages name kinds of actions and
counts, never people, notes or keys; a traceback names the exception's type and its frames,
never its message (:func:`safe_traceback`)."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from types import TracebackType

LOG_FILE = "homesupport.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def safe_traceback(error: BaseException) -> str:
    """The exception's type and where it happened, frame by frame (file:line in function),
    then its causes the same way. An exception's message and the values in its frames may hold
    a client's nickname, a note or a key: they are left out, and so are folders above the
    package (a user name)."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    cause_of_previous: BaseException | None = None
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        name = kind.__qualname__
        if kind.__module__ not in ("builtins", "__main__"):
            name = f"{kind.__module__}.{name}"
        if parts:
            parts.append("caused by" if current is cause_of_previous else "while handling")
        parts.append(name)
        parts.extend(_frames(current.__traceback__))
        cause_of_previous = current.__cause__
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n".join(parts)


def _frames(tb: TracebackType | None) -> list[str]:
    return [
        f"  {_short(frame.filename)}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(tb)
    ]


def _short(filename: str) -> str:
    """``…/site-packages/homesupport/ui/x.py`` -> ``homesupport/ui/x.py``; a file outside the
    package keeps its last two parts (``PySide6/__init__.py``, ``python3.11/threading.py``)."""
    parts = Path(filename).parts
    if "homesupport" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("homesupport") - 1 :])
    return "/".join(parts[-2:])


class SafeFormatter(logging.Formatter):
    """``log.exception(…)`` writes the safe traceback, never the exception's message."""

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        return safe_traceback(ei[1]) if ei[1] is not None else ""


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
    handler.setFormatter(SafeFormatter(FORMAT))
    root = logging.getLogger("homesupport")
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    root.propagate = False
