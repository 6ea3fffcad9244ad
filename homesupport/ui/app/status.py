"""The status bar: is my work saved (last backup), is a slow job running, and has my month
reached the coordinator (sync state, set by whoever owns sync)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from homesupport.domain.formatting import moment_text
from homesupport.i18n import _


class StatusBar(QStatusBar):
    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self._today = today
        self.saved = QLabel()
        self.saved.setAccessibleName(_("Backup state"))
        self.busy_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # a moving bar: the helper cannot know how far along it is
        self.progress.setFixedWidth(120)
        self.progress.setAccessibleName(_("Working"))
        self.sync = QLabel(_("Not connected to a coordinator"))
        self.sync.setAccessibleName(_("Coordinator connection"))
        self.addWidget(self.saved)
        self.addWidget(self.busy_label)
        self.addWidget(self.progress)
        self.addPermanentWidget(self.sync)
        self.set_busy(False, "")  # the last backup is set once the store is open

    def set_last_backup(self, created: dt.datetime | None) -> None:
        if created is None:
            self.saved.setText(_("Saved · no backup yet"))
        else:
            when = moment_text(created, self._today())
            self.saved.setText(_("Saved · last backup {when}").format(when=when))

    def set_busy(self, busy: bool, label: str) -> None:
        self.busy_label.setText(label)
        self.busy_label.setVisible(busy and bool(label))
        self.progress.setVisible(busy)

    def set_sync_state(self, text: str) -> None:
        """For the sync engine: a short translated sentence ("October sent · revision 2")."""
        self.sync.setText(text)
