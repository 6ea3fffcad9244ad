"""Retention while the app runs: pending erasures become final and old personal data goes when
the store is opened and then daily (services/privacy.py). The supporter is told what was
removed, counts only. The daily pass waits while a form or dialog is open, so it never runs
under someone typing; a form saved afterwards cannot bring anything back (the services see
to that). Each pass is a STORE job (ui/tasks.py): off the GUI thread, one at a time with the
other work on the store, and its changes told to the pages when done."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog

from homesupport.i18n import _, ngettext
from homesupport.services.privacy import PrivacyService, RetentionReport
from homesupport.ui.common.tasks import PERSONAL_DATA, Tasks

Clock = Callable[[], dt.datetime]


def retention_text(report: RetentionReport, months: int) -> str | None:
    """ "Removed 3 clients and the notes of 12 sessions older than 12 months." """
    if not report.ran:
        return _(report.skipped) if report.skipped else None
    parts = []
    if report.clients_removed:
        parts.append(
            ngettext("{n} client", "{n} clients", report.clients_removed).format(
                n=report.clients_removed
            )
        )
    if report.notes_removed:
        parts.append(
            ngettext(
                "the notes of {n} session", "the notes of {n} sessions", report.notes_removed
            ).format(n=report.notes_removed)
        )
    if not parts:
        return None
    what = (
        _("{first} and {second}").format(first=parts[0], second=parts[1])
        if len(parts) == 2
        else parts[0]
    )
    return ngettext(
        "Removed {what} older than {n} month.", "Removed {what} older than {n} months.", months
    ).format(what=what, n=months)


def editing(app: QApplication) -> bool:
    """A form or question is open somewhere: not the moment to remove data."""
    return app.activeModalWidget() is not None or any(
        isinstance(w, QDialog) and w.isVisible() for w in app.topLevelWidgets()
    )


class Retention(QObject):
    """Runs the pass (the owner's timer asks :meth:`run_if_due`). ``removed`` carries the
    counts-only sentence to show; ``clock_doubtful`` the sentence when the clock looked wrong
    (confirm, then :meth:`run` with ``trust_clock``). ``busy_changed`` says when a pass is
    under way (what offers to start one is disabled meanwhile)."""

    removed = Signal(str)
    clock_doubtful = Signal(str)
    ran = Signal(object)  # RetentionReport, after every pass that ran
    busy_changed = Signal(bool)

    def __init__(
        self,
        app: QApplication,
        privacy: PrivacyService,
        months: Callable[[], int],
        tasks: Tasks,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._privacy = privacy
        self._months = months
        self._tasks = tasks
        self.busy = False

    def on_open(self) -> None:
        """When the store has just been opened: erasures left pending become final, then
        the pass runs whatever the time since the last one."""
        privacy = self._privacy

        def work(months: int) -> RetentionReport:
            finalised = privacy.finalise_due_erasures(everything=True)
            report = privacy.run_retention(months)
            return dataclasses.replace(report, erasures_finalised=finalised.clients)

        self._start(work)

    def run_if_due(self) -> bool:
        """False when not now (a form is open, or a pass is under way)."""
        if editing(self._app) or self.busy:
            return False
        privacy = self._privacy

        def work(months: int) -> RetentionReport | None:
            return privacy.run_retention(months) if privacy.retention_due() else None

        self._start(work)
        return True

    def run(self, trust_clock: bool = False) -> None:
        privacy = self._privacy
        self._start(lambda months: privacy.run_retention(months, trust_clock=trust_clock))

    def _start(self, work: Callable[[int], RetentionReport | None]) -> None:
        months = self._months()  # read here: preferences belong to the GUI thread
        self._set_busy(True)
        self._tasks.run(
            lambda: work(months),
            lambda report: self._done(report, months),
            self._failed,
            _("Removing old data…"),
            changes=PERSONAL_DATA,
            initiator=self,
        )

    def _done(self, report: RetentionReport | None, months: int) -> None:
        self._set_busy(False)
        if report is None:  # not due after all
            return
        if report.ran:
            self.ran.emit(report)
        text = retention_text(report, months)
        if text and report.ran:
            self.removed.emit(text)
        elif text and report.skipped:
            self.clock_doubtful.emit(text)

    def _failed(self, error: Exception) -> None:
        self._set_busy(False)  # the pass was one transaction: nothing was removed
        self._tasks.unexpected(error)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)
