"""The Statistics page: pick a month; see its figures and charts; see exactly what will be
sent; connect to a coordinator, send now, and read the coordinator's receipts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.formatting import (
    capitalised,
    date_text,
    minutes_text,
    month_name,
    short_month,
)
from homesupport.i18n import _
from homesupport.services.reports import MonthFigures, ReportService
from homesupport.services.sync import SyncResult
from homesupport.sync.messages import entry_message
from homesupport.sync.outbox import OutboxEntry, State
from homesupport.sync.outcomes import Receipt
from homesupport.ui.common.connect_dialog import connect_to_coordinator
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.notice import Notice
from homesupport.ui.common.sync_runner import SyncRunner, message_text
from homesupport.ui.common.widgets import Card, button, label, page_header
from homesupport.ui.statistics.charts import ChartView, top
from homesupport.ui.statistics.report_view import ReportView

Index = QModelIndex | QPersistentModelIndex


class TextListModel(QAbstractListModel):
    """Plain lines (the months on their way, the receipts): read-only, one string each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[str] = []

    def set_lines(self, lines: list[str]) -> None:
        self.beginResetModel()
        self._lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        shown = role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
        if shown and index.isValid() and 0 <= index.row() < len(self._lines):
            return self._lines[index.row()]
        return None


class StatisticsPage(QWidget):
    def __init__(
        self,
        reports: ReportService,
        runner: SyncRunner,
        kit: Kit,
        default_server: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._runner = runner
        self._kit = kit
        self._default_server = default_server
        self._shown_period: str | None = None

        self.title = label(_("Statistics"), "title")
        self.connection_label = label("", "subtitle", wrap=True)
        self.month = QComboBox()
        self.month.setAccessibleName(_("Month"))
        self.month.setMinimumWidth(180)
        self.month.currentIndexChanged.connect(self._month_chosen)
        self.connect_button = button(_("Connect to a coordinator…"), kit.icons.get("sync"))
        self.connect_button.clicked.connect(self.connect_coordinator)
        self.send_button = button(_("Send now"), kit.icons.get("sync", "on_accent"), "primary")
        self.send_button.setToolTip(_("Send every closed month the coordinator does not have"))
        self.send_button.clicked.connect(self.send_now)
        month_label = QLabel(_("Month"))
        month_label.setBuddy(self.month)  # the label relation a screen reader reads it by
        header = page_header(
            self.title,
            self.connection_label,
            month_label,
            self.month,
            self.connect_button,
            self.send_button,
        )

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Statistics"))
        self.tabs.addTab(self._month_tab(), _("The month"))
        self.report_view = ReportView(kit, self.save_file)
        self.tabs.addTab(_padded(self.report_view), _("What will be sent"))
        self.tabs.addTab(self._sending_tab(), _("Sending and receipts"))
        self.notice = Notice()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.notice)
        runner.finished.connect(self._sync_finished)

    # --- building ---------------------------------------------------------------------------
    def _month_tab(self) -> QWidget:
        self.tiles: dict[str, tuple[QLabel, Callable[[int], str]]] = {}
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for key, title, fmt in (
            ("sessions", _("Sessions"), str),
            ("minutes", _("Time with clients"), minutes_text),
            ("clients", _("Clients"), str),
            ("new_clients", _("New clients"), str),
            ("group_participants", _("Group participants"), str),
        ):
            card = Card()
            value = label("", "title")
            card.add(value)
            card.add(label(title, "muted"))
            value.setAccessibleName(title)
            self.tiles[key] = (value, fmt)
            tiles.addWidget(card)
        theme = self._kit.theme
        self.per_month = ChartView(_("Sessions per month"), theme)
        self.topics_chart = ChartView(_("Top topics"), theme)
        self.modes_chart = ChartView(_("Sessions by mode"), theme)
        self.age_card, self.age_rows = _list_card(_("Clients by age band"))
        self.outcome_card, self.outcome_rows = _list_card(_("Sessions by outcome"))
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(_in_card(self.per_month), 0, 0, 1, 2)
        grid.addWidget(_in_card(self.topics_chart), 1, 0, 1, 2)
        grid.addWidget(_in_card(self.modes_chart), 2, 0)
        grid.addWidget(self.age_card, 2, 1)
        grid.addWidget(self.outcome_card, 3, 0)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 12, 12, 12)
        column.setSpacing(12)
        column.addLayout(tiles)
        column.addLayout(grid)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName(_("The month"))  # focusable: arrow keys scroll it
        return scroll

    def _sending_tab(self) -> QWidget:
        self.sync_state = label("", "section", wrap=True)
        self.corrections = label("", "note", wrap=True)
        self.months_model = TextListModel(self)
        self.months_list = QListView()
        self.months_list.setModel(self.months_model)
        self.months_list.setAccessibleName(_("Months on their way"))
        self.receipts_model = TextListModel(self)
        self.receipts_list = QListView()
        self.receipts_list.setModel(self.receipts_model)
        self.receipts_list.setAccessibleName(_("Receipts from the coordinator"))
        for view in (self.months_list, self.receipts_list):
            view.setSpacing(3)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 12, 12, 12)
        column.addWidget(self.sync_state)
        column.addWidget(self.corrections)
        column.addWidget(label(_("Months not yet confirmed"), "section"))
        self.all_confirmed = label(_("None: the coordinator has confirmed every month."), "muted")
        column.addWidget(self.all_confirmed)
        column.addWidget(self.months_list, 1)
        column.addWidget(label(_("Receipts from the coordinator"), "section"))
        column.addWidget(self.receipts_list, 2)
        return body

    # --- showing ----------------------------------------------------------------------------
    def page_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        periods = self._reports.periods_with_sessions()
        keep = self._shown_period or self._default_month(periods)
        self.month.blockSignals(True)
        self.month.clear()
        for period in periods:
            self.month.addItem(capitalised(month_name(period, self._kit.language)), period)
        self.month.setCurrentIndex(max(0, periods.index(keep) if keep in periods else 0))
        self.month.blockSignals(False)
        self.show_period(self.month.currentData())
        self.show_sending()

    def _default_month(self, periods: list[str]) -> str | None:
        # Last month: the one about to be sent, and the one a supporter asks about.
        return periods[1] if len(periods) > 1 else (periods[0] if periods else None)

    def _month_chosen(self) -> None:
        period = self.month.currentData()
        if period:
            self.show_period(period)

    def show_period(self, period: str) -> None:
        self._shown_period = period
        language = self._kit.language
        figures, report = self._reports.month(period)
        for key, (value, fmt) in self.tiles.items():
            value.setText(fmt(figures.totals[key]))
        history = self._reports.sessions_per_month(period)
        self.per_month.show_bars(
            [short_month(p, language) for p, _n in history], [n for _p, n in history]
        )
        topics = top(dict(figures.tables["topic"]))
        self.topics_chart.show_bars(
            [self._kit.label("topic", code) for code, _n in topics],
            [n for _c, n in topics],
            horizontal=True,
        )
        modes = top(dict(figures.tables["mode"]), 10)
        self.modes_chart.show_bars(
            [self._kit.label("mode", code) for code, _n in modes],
            [n for _c, n in modes],
            horizontal=True,
        )
        self._fill_rows(self.age_rows, "age_band", figures)
        self._fill_rows(self.outcome_rows, "outcome", figures)
        self.report_view.show_month(report, period)

    def _fill_rows(self, rows: QFormLayout, table: str, figures: MonthFigures) -> None:
        while rows.rowCount():
            rows.removeRow(0)
        codes = self._kit.codes.codes_of(table)
        counts = figures.tables[table]
        for code in sorted(counts, key=lambda c: codes.index(c) if c in codes else len(codes)):
            value = label(str(counts[code]))
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            rows.addRow(self._kit.label(table, code), value)
        if not counts:
            rows.addRow(label(_("Nothing this month"), "muted"))

    def show_sending(self) -> None:
        language = self._kit.language
        service = self._runner.service
        connection = service.connection()
        if connection is None:
            self.connection_label.setText(_("Not connected: nothing leaves this computer"))
            self.connect_button.setText(_("Connect to a coordinator…"))
        else:
            self.connection_label.setText(
                _("Connected to {server}").format(server=connection.server)
            )
            self.connect_button.setText(_("Connect again…"))
        self.send_button.setEnabled(connection is not None and not self._runner.running)
        entries = self._reports.entries()
        self.sync_state.setText(message_text(service.status(entries), language))
        waiting = [e for e in reversed(entries) if not e.acknowledged]
        self.months_model.set_lines(
            [
                capitalised(f"{month_name(e.period, language)}: {self._entry_text(e)}")
                for e in waiting
            ]
        )
        self.months_list.setVisible(bool(waiting))
        self.all_confirmed.setVisible(not waiting)
        corrections = [e for e in waiting if _is_correction(e)]
        self.corrections.setText(
            "\n".join(
                capitalised(
                    _(
                        "{month} changed after it was sent: revision {revision} replaces the "
                        "coordinator's revision {old}."
                    ).format(
                        month=month_name(e.period, language),
                        revision=e.revision,
                        old=e.receipt.revision if e.receipt else 0,
                    )
                )
                for e in corrections
            )
        )
        self.corrections.setVisible(bool(corrections))
        self.receipts_model.set_lines([self._receipt_text(r) for r in self._reports.receipts()])

    def _entry_text(self, entry: OutboxEntry) -> str:
        text = message_text(entry_message(entry), self._kit.language)
        if entry.state is State.FAILED and entry.detail:
            text += f" ({entry.detail})"
        return text

    def _receipt_text(self, receipt: Receipt) -> str:
        when = dt.datetime.fromisoformat(receipt.received_at.replace("Z", "+00:00"))
        text = _(
            "{month} (revision {revision}): the coordinator received {sessions} sessions on {date}"
        ).format(
            revision=receipt.revision,
            month=month_name(receipt.period, self._kit.language),
            sessions=receipt.sessions,
            date=date_text(when.astimezone().date()),
        )
        return capitalised(text)

    # --- acting -------------------------------------------------------------------------------
    def send_now(self) -> None:
        self.send_button.setEnabled(False)
        self.sync_state.setText(_("Sending…"))
        self._runner.run(now=True)

    def _sync_finished(self, result: SyncResult) -> None:
        for correction in result.corrections:
            self.notice.show_message(
                capitalised(
                    _(
                        "{month} changed after it was sent: it will be sent again as revision "
                        "{revision}."
                    ).format(
                        month=month_name(correction.period, self._kit.language),
                        revision=correction.revision,
                    )
                )
            )
        if self.isVisible():
            self.refresh()

    def connect_coordinator(self) -> None:
        self.connect_with_link("")

    def connect_with_link(self, link: str) -> None:
        """``link``: a ``homesupport://enrol`` link the app was opened with, or ""."""
        if connect_to_coordinator(self, self._runner, self._default_server, link):
            self.notice.show_message(_("Connected. Closed months are sent in the background."))
            self.show_sending()

    def save_file(self) -> Path | None:
        period = self._shown_period
        if period is None:
            return None
        dialogs = self._kit.dialogs
        folder = dialogs.choose_folder(self, _("Save the report in a folder"))
        if folder is None:
            return None
        try:
            path = self._reports.handover(period, folder)
        except OSError as error:
            dialogs.warn(self, _("Save as file"), error_text(error))
            return None
        self.notice.show_message(
            _("Saved {file}. Your coordinator can import it.").format(file=path.name)
        )
        self.show_period(period)
        return path


def _is_correction(entry: OutboxEntry) -> bool:
    return entry.receipt is not None and entry.receipt.revision < entry.revision


def _in_card(widget: QWidget) -> Card:
    card = Card()
    card.body.setContentsMargins(6, 6, 6, 6)
    card.add(widget)
    return card


def _list_card(title: str) -> tuple[Card, QFormLayout]:
    card = Card(title)
    rows = QFormLayout()
    rows.setHorizontalSpacing(24)
    card.add(rows)
    return card, rows


def _padded(widget: QWidget) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(12, 12, 12, 12)
    layout.addWidget(widget)
    return holder
