"""One client's history: who they are (as registered), open follow-ups, guides given, topics
covered over time and every session. The actions are signals; the clients page acts on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSize, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.formatting import date_text
from homesupport.domain.sessions import Session
from homesupport.i18n import N_, _, ngettext
from homesupport.services.clients import ClientHistory, TopicMonth
from homesupport.ui.clients.model import (
    TOPIC_COLUMN,
    HistoryColumn,
    consent_text,
    follow_up_line,
    history_sessions_model,
    municipality_text,
)
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.rows_model import RowsModel
from homesupport.ui.common.widgets import Card, button, label

# The topics table shows this many topics before it scrolls.
TOPIC_ROWS_SHOWN = 6
# The topics table shows this many of the latest months; older ones add up in "Earlier".
TOPIC_MONTHS = 6


def topic_table(kit: Kit, topics: Sequence[TopicMonth]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Headers and rows of the topics-over-time table: a topic per row (most covered first),
    a month per column (oldest first), counts of sessions in the cells."""
    periods = sorted({t.period for t in topics})
    shown = periods[-TOPIC_MONTHS:]
    earlier = bool(periods[:-TOPIC_MONTHS])
    counts: dict[str, dict[str, int]] = {}
    for item in topics:
        column = item.period if item.period in shown else ""
        cells = counts.setdefault(item.topic, {})
        cells[column] = cells.get(column, 0) + item.sessions
    headers = [N_("Topic")] + ([N_("Earlier")] if earlier else [])
    headers += [f"{int(p[5:])}/{p[:4]}" for p in shown] + [N_("All")]
    columns = ([""] if earlier else []) + shown
    ordered = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    rows = [
        (
            kit.label("topic", topic),
            *(str(cells.get(c, "")) for c in columns),
            str(sum(cells.values())),
        )
        for topic, cells in ordered
    ]
    return headers, rows


def _table(model: QAbstractItemModel, name: str) -> QTableView:
    view = QTableView()
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(34)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view


def _list(name: str) -> QListWidget:
    view = QListWidget()
    view.setAccessibleName(name)
    view.setWordWrap(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setMaximumHeight(110)
    return view


class ClientHistoryView(QWidget):
    back_requested = Signal()
    new_session_requested = Signal(int)  # client id
    edit_requested = Signal(int)
    export_requested = Signal(int)
    erase_requested = Signal(int)
    session_requested = Signal(int)  # session id, to open it

    def __init__(
        self, kit: Kit, guide_title: Callable[[str], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._kit = kit
        self._guide_title = guide_title
        self.history: ClientHistory | None = None
        icons = kit.icons

        self.back_button = button(_("All clients"), icons.get("back"))
        self.back_button.setToolTip(_("Back to the client list (Alt+Left)"))
        self.back_button.setShortcut("Alt+Left")
        self.back_button.clicked.connect(self.back_requested)
        self.title = label("", "title")
        self.details = label("", "subtitle", wrap=True)
        self.notes = label("", "note", wrap=True)
        self.notes.setAccessibleName(_("Client notes"))
        self.new_session_button = button(
            _("New session for this client"), icons.get("add", "on_accent"), "primary"
        )
        self.new_session_button.setIconSize(QSize(20, 20))
        self.new_session_button.setToolTip(_("Log a session for this client (Ctrl+N)"))
        self.edit_button = button(_("Edit…"), icons.get("edit"), name=_("Edit client"))
        self.export_button = button(
            _("Export data…"), icons.get("export"), name=_("Export this client's data")
        )
        self.export_button.setToolTip(_("Everything stored about this client, as PDF and JSON"))
        self.erase_button = button(
            _("Erase client…"), icons.get("delete", kit.theme.danger), "danger"
        )
        for widget, signal in (
            (self.new_session_button, self.new_session_requested),
            (self.edit_button, self.edit_requested),
            (self.export_button, self.export_requested),
            (self.erase_button, self.erase_requested),
        ):
            widget.clicked.connect(lambda _c=False, s=signal: self._emit(s))

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.details)
        header.addLayout(titles, 1)
        header.addWidget(self.new_session_button, 0, Qt.AlignmentFlag.AlignTop)
        actions = QHBoxLayout()
        actions.addWidget(self.back_button)
        actions.addStretch(1)
        for widget in (self.edit_button, self.export_button, self.erase_button):
            actions.addWidget(widget)

        self.follow_ups = _list(_("Open follow-ups"))
        self.guides = _list(_("Guides given"))
        self.follow_ups_card = Card(_("Open follow-ups"))
        self.follow_ups_card.add(self.follow_ups)
        self.guides_card = Card(_("Guides given"))
        self.guides_card.add(self.guides)
        side = QHBoxLayout()
        side.setSpacing(14)
        side.addWidget(self.follow_ups_card, 1)
        side.addWidget(self.guides_card, 1)

        self.topics_model: RowsModel[tuple[str, ...]] = RowsModel([N_("Topic")], lambda r: r)
        self.topics = _table(self.topics_model, _("Topics covered over time"))
        self.topics_card = Card(_("Topics covered over time"))
        self.topics_card.add(self.topics)

        self.sessions_model = history_sessions_model(kit)
        self.sessions = _table(self.sessions_model, _("Sessions of this client"))
        self.sessions.setMinimumHeight(320)
        for column, width in (
            (HistoryColumn.DATE, 110),
            (HistoryColumn.DURATION, 90),
            (HistoryColumn.MODE, 120),
            (HistoryColumn.TOPICS, 300),
        ):
            self.sessions.setColumnWidth(column, width)
        self.sessions.activated.connect(self._session_activated)
        self.sessions.doubleClicked.connect(self._session_activated)
        self.sessions_title = label("", "section")
        sessions_card = Card()
        sessions_card.add(self.sessions_title)
        sessions_card.add(self.sessions, 1)

        content = QWidget()
        stack = QVBoxLayout(content)
        stack.setContentsMargins(0, 0, 6, 0)
        stack.setSpacing(14)
        stack.addWidget(self.notes)
        stack.addLayout(side)
        stack.addWidget(self.topics_card)
        stack.addWidget(sessions_card, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addLayout(actions)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)

    def _show_topic_rows(self, count: int) -> None:
        """Tall enough for every topic, up to a few; more scroll inside the table."""
        view = self.topics
        shown = min(count, TOPIC_ROWS_SHOWN)
        bar = view.horizontalScrollBar().sizeHint().height()
        view.setFixedHeight(
            view.horizontalHeader().sizeHint().height()
            + shown * view.verticalHeader().defaultSectionSize()
            + 2 * view.frameWidth()
            + bar  # room for the sideways bar, should the months not fit
        )

    def _emit(self, signal: SignalInstance) -> None:
        if self.history is not None and self.history.client.id is not None:
            signal.emit(self.history.client.id)

    def _session_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            session: Session = self.sessions_model.value_at(index.row())
            if session.id is not None:
                self.session_requested.emit(session.id)

    def show_history(self, history: ClientHistory) -> None:
        self.history = history
        kit, client = self._kit, history.client
        self.title.setText(history.label)
        self.title.setAccessibleName(history.label)
        parts = [
            kit.label("age_band", client.age_band),
            kit.label("language", client.language),
            municipality_text(kit, client.municipality),
            _("consent: {consent}").format(consent=consent_text(client)),
        ]
        if history.last_session is not None:
            parts.append(_("last session {date}").format(date=date_text(history.last_session)))
        self.details.setText(" · ".join(p for p in parts if p))
        self.notes.setText(client.notes)
        self.notes.setVisible(bool(client.notes))

        self.follow_ups.clear()
        for item in history.follow_ups:
            self.follow_ups.addItem(follow_up_line(kit, item))
        if not history.follow_ups:
            self.follow_ups.addItem(_("No open follow-ups."))
        self.guides.clear()
        for guide in history.guides:
            self.guides.addItem(f"{date_text(guide.date)} · {self._guide_title(guide.slug)}")
        if not history.guides:
            self.guides.addItem(_("No guides given yet."))

        headers, rows = topic_table(kit, history.topics)
        self.topics_model.set_rows(rows, headers)  # a column a month: the months vary
        self.topics.horizontalHeader().setSectionResizeMode(
            TOPIC_COLUMN, QHeaderView.ResizeMode.Stretch
        )
        self.topics.horizontalHeader().setStretchLastSection(False)
        self.topics_card.setVisible(bool(rows))
        self._show_topic_rows(len(rows))

        self.sessions_model.set_rows(history.sessions)
        count = len(history.sessions)
        self.sessions_title.setText(
            ngettext("{n} session", "{n} sessions", count).format(n=count)
            if count
            else _("No sessions yet")
        )
