"""Moving a follow-up: a date picker with the usual choices one key away."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCalendarWidget, QDialog, QHBoxLayout, QVBoxLayout, QWidget

from homesupport.domain.follow_ups import FollowUp
from homesupport.domain.formatting import date_text
from homesupport.i18n import N_, _
from homesupport.ui.common.guards import AsksBeforeDiscarding
from homesupport.ui.common.widgets import button, keyed, label, named, pydate, qdate

# Alt+N, T, O in every language (widgets.keyed).
QUICK = ((7, N_("In a week"), "N"), (14, N_("In two weeks"), "T"), (28, N_("In four weeks"), "O"))


class RescheduleDialog(AsksBeforeDiscarding, QDialog):
    chosen = Signal(object)  # the new dt.date

    def __init__(self, item: FollowUp, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reschedule the follow-up"))
        self.setAccessibleName(_("Reschedule the follow-up"))
        self._today = today
        self.calendar = named(QCalendarWidget(), _("New follow-up date"))
        self.calendar.setMinimumDate(qdate(max(today, item.session_date)))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(False)
        self.calendar.setSelectedDate(qdate(max(item.due, today) + dt.timedelta(days=7)))
        self.calendar.activated.connect(self._save)
        quick = QHBoxLayout()
        for days, text, key in QUICK:
            choice = button(keyed(_(text), key))
            choice.clicked.connect(lambda _c=False, d=days: self._pick(d))
            quick.addWidget(choice)
        quick.addStretch(1)
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        save = button(_("Move the follow-up"), role="primary")
        save.setToolTip(_("Save (Ctrl+S)"))
        save.clicked.connect(self._save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(label(_("Reschedule the follow-up"), "section"))
        layout.addWidget(
            label(
                _("Now due {due}, from the session of {date}.").format(
                    due=date_text(item.due), date=date_text(item.session_date)
                ),
                "muted",
                wrap=True,
            )
        )
        layout.addLayout(quick)
        layout.addWidget(self.calendar)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self._save)
        self.watch_changes(self.date)

    def _pick(self, days: int) -> None:
        self.calendar.setSelectedDate(qdate(self._today + dt.timedelta(days=days)))
        self.calendar.setFocus()

    def date(self) -> dt.date:
        return pydate(self.calendar.selectedDate())

    def _save(self, *_args: object) -> None:
        self.chosen.emit(self.date())
        self.accept()
