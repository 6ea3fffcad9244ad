"""No exception disappears: one left unhandled in a slot, in the GUI thread, in a Python thread
or in background work without its own handler is logged (type and frames only:
:func:`homesupport.logs.safe_traceback`) and told in a plain message. The windowed Windows and
macOS bundles have no console, so without this such errors would vanish (cf. Anki's
``aqt/errors.py``).

The message shows on the GUI thread and once per run: an error that repeats (in a paint
event, a timer) must not bury the window under message boxes; the log has each one."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication

from homesupport.i18n import _
from homesupport.logs import safe_traceback

if TYPE_CHECKING:  # the message box loads when first shown, not with every start
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)


SysHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


class UnexpectedErrors(QObject):
    """Lives in the GUI thread: an error reported from another thread arrives here queued."""

    _arrived = Signal()

    def __init__(self, log_file: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.box: QMessageBox | None = None  # the one message of this run, once shown
        self._previous: tuple[SysHook, ThreadHook] | None = None
        self._arrived.connect(self._tell)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def report(self, error: BaseException) -> None:
        """Logs ``error`` safely and has the message shown (from any thread)."""
        log.error("unexpected error\n%s", safe_traceback(error))
        self._arrived.emit()

    def _hook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in a terminal: Python's own way
            sys.__excepthook__(kind, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        self.report(error)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit) or args.exc_value is None:
            return  # a thread that ends itself
        self.report(args.exc_value)

    def _tell(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.box is not None:
            return
        window = QApplication.activeWindow()
        self.box = QMessageBox(
            QMessageBox.Icon.Warning,
            "HomeSupport",
            _(
                "Something went wrong. Your data is safe: everything saved so far is kept.\n\n"
                "The details are in the log, {path}"
            ).format(path=self.log_file),
            QMessageBox.StandardButton.Ok,
            window if window is not None and window.isVisible() else None,
        )
        self.box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Not exec(): the error may have come from inside another dialog's event loop.
        self.box.open()
