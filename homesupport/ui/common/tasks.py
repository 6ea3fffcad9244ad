"""The one way slow work leaves the GUI thread (cf. Anki's ``aqt/operations``).

``Tasks.run(work, on_done, on_error, label, kind=..., changes=..., initiator=...)`` runs
``work()`` in a worker thread and calls ``on_done`` with its result, or ``on_error`` with the
exception, back on the GUI thread.

The rule for who may run at the same time:

* ``Kind.STORE`` (the default): work that writes to the store or must see it still (backup,
  restore, import, retention, erasure). These queue and run one at a time, in the order asked,
  so two of them never race on the same database.
* ``Kind.BESIDE``: work that only reads files or the network, or reads the store in one short
  transaction of its own (PDFs, exports, sync). It runs beside a STORE job instead of waiting
  behind a long backup.

On success ``data_changed(changes, initiator)`` tells every page what changed (a
:class:`Changed` flag), so pages reload when what they show changed instead of polling; the
page that started the work passes itself as ``initiator`` and may skip what it has already
done. Changes made on the GUI thread (a form saved) are announced with :meth:`Tasks.notify`.

Without ``on_error`` an exception takes the default error path: the app's exception hook
(``ui/unexpected.py``), which logs it and shows the "Something went wrong" message.
"""

from __future__ import annotations

import enum
import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)
BESIDE_THREADS = 2  # PDFs and exports beside the store's one job; the machine has few cores


class Kind(enum.Enum):
    STORE = "store"  # one at a time against the store
    BESIDE = "beside"  # may run while a STORE job runs


class Changed(enum.Flag):
    """What a job or an action changed; pages reload when it is what they show."""

    NOTHING = 0
    SESSIONS = enum.auto()
    CLIENTS = enum.auto()
    FOLLOW_UPS = enum.auto()
    GUIDES = enum.auto()
    SETTINGS = enum.auto()


# Retention, an erasure, a restore: clients go, sessions lose links and notes, follow-ups end.
PERSONAL_DATA = Changed.SESSIONS | Changed.CLIENTS | Changed.FOLLOW_UPS


def _answerable(callback: Callable[..., Any]) -> bool:
    """A callback bound to a widget that has been closed and deleted meanwhile (a dialog shut
    while its job ran) is not called: it would touch a deleted object."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or isValid(owner)


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
    """Runs callables off the GUI thread: STORE jobs one at a time (``max_threads``, one
    unless a caller has its own reason), BESIDE jobs on a pool of their own."""

    busy_changed = Signal(bool, str)  # busy?, what is being done (already translated)
    data_changed = Signal(object, object)  # Changed, the initiator (or None)

    def __init__(
        self,
        parent: QObject | None = None,
        max_threads: int = 1,
        report: Callable[[BaseException], None] | None = None,
    ) -> None:
        """``report``: the default error path; the exception hook in force when the error
        arrives (the app's, ui/unexpected.py) when not given."""
        super().__init__(parent)
        self._store_pool = QThreadPool(self)
        # One worker: backups, imports and erasures never race each other on the database.
        self._store_pool.setMaxThreadCount(max_threads)
        self._beside_pool = QThreadPool(self)
        self._beside_pool.setMaxThreadCount(BESIDE_THREADS)
        self._report = report
        self._running: dict[_Relay, str] = {}

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        label: str = "",
        *,
        kind: Kind = Kind.STORE,
        changes: Changed = Changed.NOTHING,
        initiator: object | None = None,
    ) -> None:
        relay = _Relay(self)
        self._running[relay] = label

        @Slot(object)
        def finished(result: Any) -> None:
            self._finish(relay)
            if on_done is not None and _answerable(on_done):
                on_done(result)
            if changes:
                self.notify(changes, initiator)

        @Slot(object)
        def failed(error: Exception) -> None:
            self._finish(relay)
            if on_error is None:
                self.unexpected(error)
            elif _answerable(on_error):
                on_error(error)
            else:
                log.info("a task's error went to a closed window: %s", type(error).__name__)

        relay.done.connect(finished)
        relay.failed.connect(failed)
        self.busy_changed.emit(True, label)
        pool = self._store_pool if kind is Kind.STORE else self._beside_pool
        pool.start(_Job(work, relay))

    def notify(self, changes: Changed, initiator: object | None = None) -> None:
        """A change made on the GUI thread, told to the pages like a job's."""
        self.data_changed.emit(changes, initiator)

    def unexpected(self, error: BaseException) -> None:
        """The default error path: logged and told in the app's one plain message."""
        if self._report is not None:
            self._report(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Blocks until every job has run (for shutdown and tests)."""
        store = self._store_pool.waitForDone(msecs)
        return self._beside_pool.waitForDone(msecs) and store

    def _finish(self, relay: _Relay) -> None:
        self._running.pop(relay, None)
        relay.deleteLater()
        labels = list(self._running.values())
        self.busy_changed.emit(bool(labels), labels[-1] if labels else "")


def touches(changes: object, shown: Changed) -> bool:
    """For a ``data_changed`` slot: does ``changes`` concern what a page shows?"""
    return isinstance(changes, Changed) and bool(changes & shown)
