"""The daily backup while the app runs: one check at start, then every hour (a laptop that
sleeps through midnight still gets its backup soon after waking)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from homesupport.i18n import _
from homesupport.services.store import BackupFile, Store
from homesupport.ui.common.tasks import Tasks

CHECK_EVERY_MS = 60 * 60 * 1000


class AutoBackup(QObject):
    backed_up = Signal(object)  # the BackupFile written
    failed = Signal(object)  # the exception

    def __init__(
        self,
        store: Store,
        tasks: Tasks,
        parent: QObject | None = None,
        interval_ms: int = CHECK_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._tasks = tasks
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._stopped = False

    def start(self) -> None:
        if self._stopped:  # a start queued before the app closed
            return
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def check(self) -> None:
        self._tasks.run(self._store.backup_if_due, self._done, self.failed.emit, _("Backing up…"))

    def _done(self, backup: BackupFile | None) -> None:
        if backup is not None:
            self.backed_up.emit(backup)
