"""Erasing a client: the confirmation that says what happens, the pending erasures with their
undo window (PrivacyService, two-step), and the undo bar with its countdown.

``Erasures`` is one per app: it ticks every second while an erasure waits, makes it final
when its window is over, and makes every pending one final when the app closes."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from homesupport.i18n import _, ngettext
from homesupport.services.clients import ClientHistory
from homesupport.services.privacy import ErasureReport, PendingErasure, PrivacyService
from homesupport.ui.common.widgets import button

Clock = Callable[[], dt.datetime]
TICK_MS = 1000


@dataclass(frozen=True)
class Waiting:
    pending: PendingErasure
    label: str  # how the client was named, shown only while undo is possible


class Erasures(QObject):
    changed = Signal()  # something was asked for, undone or made final; or a second passed
    finalised = Signal(object)  # ErasureReport
    undone = Signal(int)  # the client is back

    def __init__(self, privacy: PrivacyService, clock: Clock, parent: QObject | None = None):
        super().__init__(parent)
        self._privacy = privacy
        self._clock = clock
        self._waiting: dict[int, Waiting] = {}
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

    def request(self, client_id: int, label: str) -> Waiting | None:
        pending = self._privacy.request_erasure(client_id)
        if pending is None:
            return None
        self._waiting[client_id] = Waiting(pending, label)
        self._timer.start()
        self.changed.emit()
        return self._waiting[client_id]

    def undo(self, client_id: int) -> bool:
        self._waiting.pop(client_id, None)
        restored = self._privacy.cancel_erasure(client_id)
        self._stop_if_idle()
        self.changed.emit()
        if restored:
            self.undone.emit(client_id)
        return restored

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        """Makes final what is due (the service decides by its own clock)."""
        if self._waiting:
            report = self._privacy.finalise_due_erasures()
            self._forget_final()
            if report.clients:
                self.finalised.emit(report)
        self._stop_if_idle()
        self.changed.emit()

    def finalise_all(self) -> ErasureReport:
        """When the app closes: nothing pending outlives the app session."""
        report = self._privacy.finalise_due_erasures(everything=True)
        self._waiting.clear()
        self._stop_if_idle()
        if report.clients:
            self.finalised.emit(report)
        return report

    def _forget_final(self) -> None:
        still = {p.client_id for p in self._privacy.pending_erasures()}
        self._waiting = {i: w for i, w in self._waiting.items() if i in still}

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

    def undo(self) -> None:
        waiting = self._erasures.waiting()
        if waiting:
            self._erasures.undo(waiting[0].pending.client_id)
