"""The filter row above the session table. Emits a ready ``SessionFilter``; typing in the
search box is debounced so the table re-queries once the supporter pauses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.sessions import SessionFilter
from homesupport.i18n import N_, _
from homesupport.ui.common.fit import FilterCombo
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import button, label, named

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDateEdit

DEBOUNCE_MS = 300
COMBO_CHARACTERS = 9
PERIODS = (
    ("all", N_("All time")),
    ("today", N_("Today")),
    ("week", N_("This week")),
    ("month", N_("This month")),
    ("30days", N_("Last 30 days")),
    ("year", N_("This year")),
    ("custom", N_("Choose dates…")),
)


def period_range(period: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    if period == "today":
        return today, today
    if period == "week":
        return today - dt.timedelta(days=today.weekday()), today
    if period == "month":
        return today.replace(day=1), today
    if period == "30days":
        return today - dt.timedelta(days=29), today
    if period == "year":
        return today.replace(month=1, day=1), today
    return None, None


class SessionFilters(QWidget):
    changed = Signal(object)  # SessionFilter

    def __init__(
        self, kit: Kit, today: Callable[[], dt.date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.search = named(QLineEdit(), _("Search in notes"))
        self.search.setPlaceholderText(_("Search in notes…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(
            kit.icons.get("search", kit.theme.muted), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search.setMinimumWidth(120)
        self.period = named(FilterCombo(), _("Period"))
        for key, title in PERIODS:
            self.period.addItem(_(title), key)
        self._dates: tuple[QDateEdit, QDateEdit] | None = None  # see dates()
        self.date_row: QWidget | None = None  # the dates, below the other filters
        self.mode = self._codes(kit, "mode", _("All modes"), _("Mode filter"))
        self.topic = named(FilterCombo(), _("Topic filter"))
        self.topic.addItem(_("All topics"), None)
        for _group, topics in kit.codes.topics_by_group():
            for topic in topics:
                self.topic.addItem(topic.label(kit.language), topic.code)
        self.programme = self._codes(kit, "programme", _("All programmes"), _("Programme filter"))
        # An icon with a tooltip: beside the filters, the words would not fit a small screen.
        self.clear = button("", kit.icons.get("close"), name=_("Clear filters"))
        self.clear.setToolTip(_("Clear filters"))
        self.clear.clicked.connect(self.reset)
        self.clear.hide()

        for combo in (self.period, self.mode, self.topic, self.programme):
            # The filters share the row's width, and can narrow to their "All …" entry: the row
            # must fit a small screen with "Clear filters" shown too (the lists show entries
            # whole).
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(COMBO_CHARACTERS)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # A caption over each filter (the page places the search box, where there is room for
        # its words): the buddy is the label relation a screen reader reads the combo by.
        row = QGridLayout()
        row.setHorizontalSpacing(8)
        row.setVerticalSpacing(2)
        for column, (combo, caption) in enumerate(
            (
                (self.period, _("Period")),
                (self.mode, _("Mode")),
                (self.topic, _("Topic")),
                (self.programme, _("Programme")),
            )
        ):
            above = label(caption, "muted")
            above.setBuddy(combo)
            row.addWidget(above, 0, column)
            row.addWidget(combo, 1, column)
        row.addWidget(self.clear, 1, 4)
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(8)
        self._rows.addLayout(row)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.search.textChanged.connect(self._debounce.start)
        self.period.currentIndexChanged.connect(self._period_changed)
        for widget in (self.mode, self.topic, self.programme):
            widget.currentIndexChanged.connect(self._emit)

    def dates(self) -> tuple[QDateEdit, QDateEdit]:
        """The From and To fields of "Choose dates…", in a row of their own below the other
        filters (beside them, the row would not fit a small screen). Made when first chosen:
        most people never do, and the app's first screen shows sooner without them."""
        if self._dates is None:
            from PySide6.QtWidgets import QDateEdit

            made = named(QDateEdit(), _("From date")), named(QDateEdit(), _("To date"))
            self.date_row = QWidget()
            row = QHBoxLayout(self.date_row)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(8)
            for edit in made:
                edit.setCalendarPopup(True)
                edit.setDisplayFormat("d.M.yyyy")
                edit.dateChanged.connect(self._emit)
                row.addWidget(edit)
            row.insertWidget(1, QLabel("–"))
            row.addStretch(1)
            self.date_row.hide()
            self._rows.addWidget(self.date_row)
            date_from, date_to = made
            QWidget.setTabOrder(self.period, date_from)  # made last, yet next after the period
            QWidget.setTabOrder(date_from, date_to)
            self._dates = made
        return self._dates

    @staticmethod
    def _codes(kit: Kit, list_name: str, everything: str, name: str) -> QComboBox:
        combo = named(FilterCombo(), name)
        combo.addItem(everything, None)
        for code in kit.codes.of(list_name):
            combo.addItem(code.label(kit.language), code.code)
        return combo

    def value(self) -> SessionFilter:
        period = self.period.currentData()
        start: dt.date | None
        end: dt.date | None
        if period == "custom":
            date_from, date_to = self.dates()
            # PySide6's stubs type toPython() as object; a QDate's is a datetime.date.
            start = cast(dt.date, date_from.date().toPython())
            end = cast(dt.date, date_to.date().toPython())
        else:
            start, end = period_range(period, self._today())
        return SessionFilter(
            date_from=start,
            date_to=end,
            mode=self.mode.currentData(),
            programme=self.programme.currentData(),
            topic=self.topic.currentData(),
            text=self.search.text().strip(),
        )

    def is_active(self) -> bool:
        return self.value() != SessionFilter()

    def reset(self) -> None:
        for widget in (self.period, self.mode, self.topic, self.programme):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._period_changed()

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        if custom:
            today = self._today()
            date_from, date_to = self.dates()
            for edit, day in ((date_from, today.replace(day=1)), (date_to, today)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        if self.date_row is not None:
            self.date_row.setVisible(custom)
        self._emit()

    def _emit(self) -> None:
        self._debounce.stop()
        self.clear.setVisible(self.is_active())
        self.changed.emit(self.value())
