"""The one way slow work (backup, restore, import, export) leaves the GUI thread.

``Tasks.run(work, on_done, on_error)`` runs ``work()`` in a thread pool and calls ``on_done``
with its result, or ``on_error`` with the exception, back on the GUI thread (cf. Anki's
``aqt/operations``). ``busy_changed`` tells the window when to show progress.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted from the worker arrive there queued."""

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # handed to the GUI thread, which decides what to say
            log.info("background task failed: %s", type(error).__name__)
            self._relay.failed.emit(error)
        else:
            self._relay.done.emit(result)


class Tasks(QObject):
    """Runs callables off the GUI thread; at most ``max_threads`` at a time."""

    busy_changed = Signal(bool, str)  # busy?, what is being done (already translated)

    def __init__(self, parent: QObject | None = None, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        # One worker: backups and imports never race each other on the same database.
        self._pool.setMaxThreadCount(max_threads)
        self._running: dict[_Relay, str] = {}

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        label: str = "",
    ) -> None:
        relay = _Relay(self)
        self._running[relay] = label

        @Slot(object)
        def finished(result: Any) -> None:
            self._finish(relay)
            if on_done is not None:
                on_done(result)

        @Slot(object)
        def failed(error: Exception) -> None:
            self._finish(relay)
            if on_error is None:  # unexpected: the app's hook logs it and tells (ui/unexpected.py)
                sys.excepthook(type(error), error, error.__traceback__)
                return
            on_error(error)

        relay.done.connect(finished)
        relay.failed.connect(failed)
        self.busy_changed.emit(True, label)
        self._pool.start(_Job(work, relay))

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Blocks until every job has run (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _finish(self, relay: _Relay) -> None:
        self._running.pop(relay, None)
        relay.deleteLater()
        labels = list(self._running.values())
        self.busy_changed.emit(bool(labels), labels[-1] if labels else "")
