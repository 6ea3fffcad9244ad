"""Retention while the app runs: pending erasures become final and old personal data goes when
the store is opened and then daily (services/privacy.py). The supporter is told what was
removed, counts only. The daily pass waits while a form or dialog is open, so it never runs
under someone typing; a form saved afterwards cannot bring anything back (the services see
to that)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QDialog

from homesupport.i18n import _, ngettext
from homesupport.services.privacy import PrivacyService, RetentionReport

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
    (confirm, then :meth:`run` with ``trust_clock``)."""

    removed = Signal(str)
    clock_doubtful = Signal(str)
    ran = Signal(object)  # RetentionReport, after every pass that ran

    def __init__(
        self,
        app: QApplication,
        privacy: PrivacyService,
        months: Callable[[], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._privacy = privacy
        self._months = months

    def on_open(self) -> RetentionReport:
        """When the store has just been opened: erasures left pending become final, then
        the pass runs whatever the time since the last one."""
        finalised = self._privacy.finalise_due_erasures(everything=True)
        report = self.run()
        return dataclasses.replace(report, erasures_finalised=finalised.clients)

    def run_if_due(self) -> RetentionReport | None:
        if editing(self._app) or not self._privacy.retention_due():
            return None
        return self.run()

    def run(self, trust_clock: bool = False) -> RetentionReport:
        months = self._months()
        report = self._privacy.run_retention(months, trust_clock=trust_clock)
        if report.ran:
            self.ran.emit(report)
        text = retention_text(report, months)
        if text and report.ran:
            self.removed.emit(text)
        elif text and report.skipped:
            self.clock_doubtful.emit(text)
        return report
