"""Sending in the background: a timer starts a sync run off the GUI thread (never blocking the
window); each result updates the status bar and whoever listens (the Statistics view).

Runs go through their own ``Tasks`` worker, one at a time, so a slow coordinator never holds
up a backup, and closing the window never waits for the network longer than one request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from homesupport.domain.formatting import capitalised, month_name
from homesupport.i18n import _
from homesupport.services.sync import SyncResult, SyncService
from homesupport.sync.messages import Message
from homesupport.ui.common.tasks import Tasks

log = logging.getLogger(__name__)
TICK_MS = 120_000  # the run itself decides whether anything is due (back-off, new months)


def message_text(message: Message, language: str) -> str:
    params = dict(message.params)
    if "month" in params:
        params["month"] = month_name(params["month"], language)
    return capitalised(_(message.msgid).format(**params))


class SyncRunner(QObject):
    finished = Signal(object)  # SyncResult
    status_changed = Signal(str)  # the status bar's sentence, translated

    def __init__(
        self,
        service: SyncService,
        language: str,
        parent: QObject | None = None,
        tick_ms: int = TICK_MS,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self._language = language
        self._tasks = Tasks(self)
        self._running = False
        self._again: bool | None = None  # a run asked for while one was running
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.run)
        self._stopped = False
        self.last: SyncResult | None = None

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if self._stopped:  # a start queued before the window closed
            return
        self._timer.start()
        self.run()

    def stop(self, wait: bool = True) -> None:
        """No more runs; ``wait`` for the one under way (on closing, not on a rebuild)."""
        self._stopped = True
        self._timer.stop()
        if wait:
            self._tasks.wait()

    def run(self, now: bool = False) -> None:
        """One run in the background; ``now`` when the supporter pressed "Send now"."""
        if self._running:
            self._again = bool(self._again) or now
            return
        self._running = True
        self._tasks.run(lambda: self.service.run(now=now), self._done, self._failed)

    def call(
        self,
        work: Callable[[], object],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Other coordinator work (enrolment) on the same worker, so it never races a run."""
        self._tasks.run(work, on_done, on_error)

    def refresh_status(self) -> None:
        self.status_changed.emit(message_text(self.service.status(), self._language))

    def _done(self, result: SyncResult) -> None:
        self.last = result
        self._finish()
        self.finished.emit(result)

    def _failed(self, error: Exception) -> None:
        log.warning("sync run failed: %s", type(error).__name__)
        self._finish()

    def _finish(self) -> None:
        self._running = False
        self.refresh_status()
        again, self._again = self._again, None
        if again is not None:
            self.run(now=again)
