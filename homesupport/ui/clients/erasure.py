"""Erasing a client: the confirmation that says what happens, the pending erasures with their
undo window (PrivacyService, two-step), and the undo bar with its countdown.

``Erasures`` is one per app: it ticks every second while an erasure waits, makes it final
when its window is over, and makes every pending one final when the app closes. Asking,
undoing and making final are STORE jobs (ui/tasks.py): off the GUI thread, one at a time with
the other work on the store, each one transaction (a failure leaves the store as it was)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from homesupport.i18n import _, ngettext
from homesupport.services.clients import ClientHistory
from homesupport.services.privacy import ErasureReport, PendingErasure, PrivacyService
from homesupport.ui.common.tasks import PERSONAL_DATA, Tasks
from homesupport.ui.common.widgets import button

Clock = Callable[[], dt.datetime]
TICK_MS = 1000


@dataclass(frozen=True)
class Waiting:
    pending: PendingErasure
    label: str  # how the client was named, shown only while undo is possible


class Erasures(QObject):
    changed = Signal()  # something was asked for, undone or made final; or a second passed
    requested = Signal(object)  # Waiting: the client is hidden, the undo window runs
    finalised = Signal(object)  # ErasureReport
    undone = Signal(int)  # the client is back
    busy_changed = Signal(bool)  # a job on the store is under way (buttons wait for it)

    def __init__(
        self,
        privacy: PrivacyService,
        clock: Clock,
        tasks: Tasks,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._privacy = privacy
        self._clock = clock
        self._tasks = tasks
        self._waiting: dict[int, Waiting] = {}
        self.busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        # Left waiting by a window that was rebuilt (language change, restore): adopted.
        for pending in privacy.pending_erasures():
            self._waiting[pending.client_id] = Waiting(pending, _("A client"))
        if self._waiting:
            self._timer.start()

    @property
    def window(self) -> dt.timedelta:
        return self._privacy.undo_window

    def waiting(self) -> list[Waiting]:
        """Newest first."""
        return sorted(self._waiting.values(), key=lambda w: w.pending.requested_at, reverse=True)

    def seconds_left(self, waiting: Waiting) -> int:
        left = (waiting.pending.final_at - self._clock()).total_seconds()
        return max(0, math.ceil(left))

    def request(self, client_id: int, label: str) -> None:
        """Hides the client (in the background); ``requested`` follows, unless the client
        had gone meanwhile."""
        privacy = self._privacy

        def done(pending: PendingErasure | None) -> None:
            if pending is None:
                return
            waiting = self._waiting[client_id] = Waiting(pending, label)
            self._timer.start()
            self.changed.emit()
            self.requested.emit(waiting)

        self._start(lambda: privacy.request_erasure(client_id), done)

    def undo(self, client_id: int) -> None:
        """Brings the client back (in the background); ``undone`` follows unless the
        erasure had become final."""
        waiting = self._waiting.pop(client_id, None)
        self._stop_if_idle()
        self.changed.emit()
        privacy = self._privacy

        def done(restored: bool) -> None:
            if restored:
                self.undone.emit(client_id)

        def failed(error: Exception) -> None:
            if waiting is not None:  # still pending: it stays in the bar
                self._waiting[client_id] = waiting
                self.changed.emit()
            self._failed(error)

        self._start(lambda: privacy.cancel_erasure(client_id), done, failed)

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        """Makes final what is due (the service decides by its own clock)."""
        now = self._clock()
        if not self.busy and any(w.pending.final_at <= now for w in self._waiting.values()):
            privacy = self._privacy

            def work() -> tuple[ErasureReport, set[int]]:
                report = privacy.finalise_due_erasures()
                return report, {p.client_id for p in privacy.pending_erasures()}

            self._start(work, self._finalised)
        self._stop_if_idle()
        self.changed.emit()

    def finalise_all(self) -> ErasureReport:
        """When the app closes (no job runs by then: closing waits for them): nothing
        pending outlives the app session."""
        report = self._privacy.finalise_due_erasures(everything=True)
        self._waiting.clear()
        self._stop_if_idle()
        if report.clients:
            self.finalised.emit(report)
        return report

    def _finalised(self, result: tuple[ErasureReport, set[int]]) -> None:
        report, still = result
        self._waiting = {i: w for i, w in self._waiting.items() if i in still}
        self._stop_if_idle()
        self.changed.emit()
        if report.clients:
            self.finalised.emit(report)

    def _start(
        self,
        work: Callable[[], object],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._set_busy(True)

        def done(result: object) -> None:
            self._set_busy(False)
            on_done(result)

        self._tasks.run(
            work,
            done,
            on_error or self._failed,
            _("Erasing…"),
            changes=PERSONAL_DATA,
            initiator=self,
        )

    def _failed(self, error: Exception) -> None:
        """The job was one transaction: the store is as it was. Ticking stops, so a failure
        is not repeated every second; what still waits becomes final when the app closes or
        the store opens next."""
        self._set_busy(False)
        self._timer.stop()
        self.changed.emit()
        self._tasks.unexpected(error)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _stop_if_idle(self) -> None:
        if not self._waiting:
            self._timer.stop()


def confirmation(
    parent: QWidget, history: ClientHistory, window: dt.timedelta
) -> tuple[QMessageBox, QPushButton]:
    """The question before an erasure, naming what happens (not yet shown), and its yes."""
    sessions, follow_ups = len(history.sessions), len(history.follow_ups)
    parts = [
        _("{name} is removed from the client register.").format(name=history.label),
    ]
    if sessions:
        parts.append(
            ngettext(
                "Their {n} session stays in the statistics but loses the link to the client "
                "and its notes.",
                "Their {n} sessions stay in the statistics but lose the link to the client "
                "and their notes.",
                sessions,
            ).format(n=sessions)
        )
    if follow_ups:
        parts.append(
            ngettext(
                "{n} open follow-up is cancelled.", "{n} open follow-ups are cancelled.", follow_ups
            ).format(n=follow_ups)
        )
    seconds = int(window.total_seconds())
    parts.append(
        ngettext(
            "You can undo for {n} second. After that the erasure is final.",
            "You can undo for {n} seconds. After that the erasure is final.",
            seconds,
        ).format(n=seconds)
    )
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Erase client"))
    box.setText(_("Erase {name}?").format(name=history.label))
    box.setInformativeText("\n\n".join(parts))
    erase = box.addButton(_("Erase client"), QMessageBox.ButtonRole.DestructiveRole)
    erase.setAccessibleName(_("Erase client"))
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, erase


class ErasureBar(QFrame):
    """ "Aino will be erased in 27 s  [Undo]": the newest pending erasure, counting down."""

    def __init__(self, erasures: Erasures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._erasures = erasures
        self.setProperty("role", "undo")
        self.text = QLabel()
        self.text.setAccessibleName(_("Erasure waiting"))
        self.undo_button = button(_("Undo"), name=_("Undo the erasure"))
        self.undo_button.clicked.connect(self.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 10, 8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.undo_button)
        erasures.changed.connect(self.refresh)
        erasures.busy_changed.connect(self._busy)
        self.refresh()

    def refresh(self) -> None:
        waiting = self._erasures.waiting()
        if not waiting:
            self.hide()
            return
        newest = waiting[0]
        seconds = self._erasures.seconds_left(newest)
        text = ngettext(
            "{name} will be erased in {n} second.", "{name} will be erased in {n} seconds.", seconds
        ).format(name=newest.label, n=seconds)
        if len(waiting) > 1:
            text += " " + _("({n} more waiting)").format(n=len(waiting) - 1)
        self.text.setText(text)
        self.show()

    def _busy(self, busy: bool) -> None:
        self.undo_button.setEnabled(not busy)

    def undo(self) -> None:
        waiting = self._erasures.waiting()
        if waiting and not self._erasures.busy:
            self._erasures.undo(waiting[0].pending.client_id)
