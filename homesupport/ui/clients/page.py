"""The client register: search, new and edit, and each client's history with "New session for
this client", the right-of-access export and erasure with its undo window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.clients import Client
from homesupport.domain.formatting import day_month_text
from homesupport.domain.sessions import Session
from homesupport.i18n import _, ngettext
from homesupport.services.access_export import AccessExportService
from homesupport.services.clients import ClientGone, ClientService
from homesupport.services.sessions import SessionService
from homesupport.ui.clients.access_export import choose_access_file, export_access
from homesupport.ui.clients.dialog import ClientDialog
from homesupport.ui.clients.erasure import ErasureBar, Erasures, confirmation
from homesupport.ui.clients.history import ClientHistoryView
from homesupport.ui.clients.model import ClientColumn, client_model
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.notice import Notice
from homesupport.ui.common.session_opening import OpenSessionForm
from homesupport.ui.common.tasks import PERSONAL_DATA, Changed, Tasks, touches
from homesupport.ui.common.widgets import button, label, named, page_header, page_shortcuts

# The list shows this many clients (alphabetically); typing narrows it in the database.
LIST_LIMIT = 500


class ClientsPage(QWidget):
    """What it changes it tells through ``tasks.notify`` (the badge, the sessions page); what
    others change (retention, an erasure made final, a follow-up done) arrives the same way."""

    def __init__(
        self,
        clients: ClientService,
        sessions: SessionService,
        access: AccessExportService,
        erasures: Erasures,
        tasks: Tasks,
        kit: Kit,
        today: Callable[[], dt.date],
        guide_title: Callable[[str], str],
        parent: QWidget | None = None,
        *,
        open_session_form: OpenSessionForm,
    ) -> None:
        super().__init__(parent)
        self._open_session_form = open_session_form
        self._clients = clients
        self._sessions = sessions
        self._access = access
        self._erasures = erasures
        self._tasks = tasks
        self._kit = kit
        self._today = today
        self.dialog: ClientDialog | None = None
        self.form: QDialog | None = None
        self.confirm: QMessageBox | None = None
        self._asked: tuple[int, str, QPushButton] | None = None  # what the confirm asks
        icons = kit.icons

        self.title = label(_("Clients"), "title")
        self.count_label = label("", "subtitle")
        self.search = named(QLineEdit(), _("Search clients"))
        self.search.setPlaceholderText(_("Search by nickname (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.get("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMaximumWidth(360)
        self.search.textChanged.connect(self.reload)
        self.new_button = button(_("New client"), icons.get("add", "on_accent"), "primary")
        self.new_button.setIconSize(QSize(20, 20))
        self.new_button.setToolTip(_("Add a client to the register (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_client)
        header = page_header(self.title, self.count_label, self.new_button)

        self.model = client_model(kit)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Clients"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setHighlightSections(False)
        for column, width in (
            (ClientColumn.CLIENT, 260),
            (ClientColumn.AGE, 110),
            (ClientColumn.LANGUAGE, 110),
            (ClientColumn.MUNICIPALITY, 150),
        ):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty = label("", "subtitle", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        self.open_button = button(_("Open"), icons.get("clients"))
        self.open_button.setToolTip(_("History of the selected client (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.edit_button = button(_("Edit…"), icons.get("edit"), name=_("Edit client"))
        self.edit_button.clicked.connect(self.edit_selected)
        actions = QHBoxLayout()
        actions.addWidget(
            label(_("Clients are optional: a session can be logged without one."), "muted")
        )
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.edit_button)

        register = QWidget()
        register_layout = QVBoxLayout(register)
        register_layout.setContentsMargins(0, 0, 0, 0)
        register_layout.setSpacing(14)
        register_layout.addLayout(header)
        register_layout.addWidget(self.search)
        register_layout.addWidget(self.list_stack, 1)
        register_layout.addLayout(actions)

        self.history = ClientHistoryView(kit, guide_title)
        self.history.back_requested.connect(self.show_register)
        self.history.new_session_requested.connect(self.new_session_for)
        self.history.edit_requested.connect(self.edit_client)
        self.history.export_requested.connect(self.export_client)
        self.history.erase_requested.connect(self.erase_client)
        self.history.session_requested.connect(self.open_session)

        self.stack = QStackedWidget()
        self.stack.addWidget(register)
        self.stack.addWidget(self.history)
        self.erasure_bar = ErasureBar(erasures)
        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 16)
        layout.setSpacing(12)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.erasure_bar)
        layout.addWidget(self.notice)
        erasures.requested.connect(self._erasure_requested)
        erasures.undone.connect(self._erasure_undone)
        erasures.busy_changed.connect(self._erasure_busy)
        tasks.data_changed.connect(self._data_changed)

        page_shortcuts(
            self,
            (QKeySequence.StandardKey.New, self._new_shortcut),
            (QKeySequence.StandardKey.Find, self._focus_search),
        )
        self.reload()

    # --- the register -------------------------------------------------------------------------
    def page_shown(self) -> None:
        self.refresh()

    def _data_changed(self, changes: Changed, initiator: object) -> None:
        if initiator is not self and touches(changes, PERSONAL_DATA):
            self.refresh()

    def refresh(self) -> None:
        """After anything may have changed (another page, retention, an erasure)."""
        self.reload()
        if self.stack.currentWidget() is self.history and self.history.history is not None:
            self.show_client(self.history.history.client.id)

    def reload(self, *_args: object) -> None:
        selected = self.selected_id()
        choices = self._clients.search(self.search.text(), limit=LIST_LIMIT)
        self.model.set_rows(choices)
        total = self._clients.count()
        text = ngettext("{n} client in the register", "{n} clients in the register", total)
        count = text.format(n=total)
        if len(choices) == LIST_LIMIT:
            count += " · " + _("showing the first {n}; type to narrow").format(n=LIST_LIMIT)
        self.count_label.setText(count)
        if not choices:
            self.empty.setText(
                _("No client matches “{text}”.").format(text=self.search.text().strip())
                if self.search.text().strip()
                else _("No clients yet.\nAdd one with “New client”, or from the session form.")
            )
        self.list_stack.setCurrentWidget(self.table if choices else self.empty)
        if selected is not None:
            self.select(selected)
        self._selection_changed()

    def select(self, client_id: int) -> None:
        for row, choice in enumerate(self.model.values()):
            if choice.client.id == client_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, ClientColumn.CLIENT))
                return

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.value_at(rows[0].row()).client.id if rows else None

    def _selection_changed(self, *_args: object) -> None:
        chosen = self.selected_id() is not None
        self.open_button.setEnabled(chosen)
        self.edit_button.setEnabled(chosen)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.open_selected()

    def open_selected(self) -> None:
        if (client_id := self.selected_id()) is not None:
            self.show_client(client_id)

    def edit_selected(self) -> None:
        if (client_id := self.selected_id()) is not None:
            self.edit_client(client_id)

    def _focus_search(self) -> None:
        self.show_register()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _new_shortcut(self) -> None:
        if self.stack.currentWidget() is self.history:
            self.history.new_session_button.click()
        else:
            self.new_client()

    def show_register(self) -> None:
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    # --- one client ---------------------------------------------------------------------------
    def show_client(self, client_id: int | None) -> bool:
        history = self._clients.history(client_id) if client_id is not None else None
        if history is None:  # erased meanwhile, or waiting for erasure
            self.history.history = None
            self.show_register()
            return False
        self.history.show_history(history)
        self.stack.setCurrentWidget(self.history)
        return True

    def new_client(self) -> ClientDialog:
        return self._client_dialog(Client(nickname=""))

    def edit_client(self, client_id: int) -> ClientDialog | None:
        client = self._clients.get(client_id)
        if client is None:
            self.refresh()
            return None
        return self._client_dialog(client)

    def _client_dialog(self, client: Client) -> ClientDialog:
        self.dialog = ClientDialog(self._clients, self._kit, client, self._today(), self)
        self.dialog.saved.connect(self._client_saved)
        self.dialog.open()
        return self.dialog

    def _client_saved(self, client: Client) -> None:
        assert client.id is not None
        self.reload()
        self.select(client.id)
        if self.stack.currentWidget() is self.history:
            self.show_client(client.id)
        self.notice.show_message(_("Client {name} saved.").format(name=client.nickname))
        self._tasks.notify(Changed.CLIENTS, self)

    # --- sessions ----------------------------------------------------------------------------
    def new_session_for(self, client_id: int) -> QDialog | None:
        """One action: a new session form, linked to the client and with their attributes."""
        try:
            session = self._clients.prefill(self._sessions.new_session(), client_id)
        except ClientGone:
            self.refresh()
            return None
        return self._open_form(session)

    def open_session(self, session_id: int) -> QDialog | None:
        session = self._sessions.get(session_id)
        return self._open_form(session) if session is not None else None

    def _open_form(self, session: Session) -> QDialog:
        self.form = self._open_session_form(session, self, self._session_saved)
        return self.form

    def _session_saved(self, session: Session) -> None:
        self.refresh()
        self.notice.show_message(
            _("Session of {date} saved.").format(date=day_month_text(session.date))
        )
        self._tasks.notify(Changed.SESSIONS | Changed.FOLLOW_UPS, self)

    # --- right of access --------------------------------------------------------------------
    def export_client(self, client_id: int) -> None:
        pdf = choose_access_file(self, self._kit.dialogs, self._today())
        if pdf is None:
            return
        self.history.export_button.setEnabled(False)
        export_access(
            self._access,
            self._tasks,
            client_id,
            self._kit.language,
            pdf,
            self._exported,
            self._export_failed,
        )

    def _exported(self, paths: tuple[Path, Path] | None) -> None:
        self.history.export_button.setEnabled(True)
        if paths is None:
            self.refresh()
            return
        pdf, json_path = paths
        self.notice.show_message(
            _("Saved {pdf} and {json} in {folder}.").format(
                pdf=pdf.name, json=json_path.name, folder=pdf.parent
            )
        )

    def _export_failed(self, error: Exception) -> None:
        self.history.export_button.setEnabled(True)
        self._kit.dialogs.warn(self, _("Export the client's data"), error_text(error))

    # --- erasure -----------------------------------------------------------------------------
    def erase_client(self, client_id: int) -> QMessageBox | None:
        history = self._clients.history(client_id)
        if history is None:
            self.refresh()
            return None
        self.confirm, yes = confirmation(self, history, self._erasures.window)
        self._asked = (client_id, history.label, yes)
        self.confirm.finished.connect(self._answered)
        self.confirm.open()
        return self.confirm

    def _answered(self) -> None:
        """After the question has closed (``finished``), never from inside it; the box goes
        first, so no hidden question outlives it as the active window."""
        box, self.confirm = self.confirm, None
        asked, self._asked = self._asked, None
        if box is None or asked is None:
            return
        client_id, name, yes = asked
        erase = box.clickedButton() is yes
        box.deleteLater()
        # The window the question came from is the active one again (not every platform's
        # window manager sees to it when the question goes).
        self.window().activateWindow()
        if erase:
            self._erasures.request(client_id, name)

    def _erasure_requested(self, _waiting: object) -> None:
        self.history.history = None
        self.show_register()
        self.reload()

    def _erasure_busy(self, busy: bool) -> None:
        """While an erasure is asked for, undone or made final, no other action on the
        client starts."""
        for widget in (
            self.history.edit_button,
            self.history.export_button,
            self.history.erase_button,
            self.history.new_session_button,
        ):
            widget.setEnabled(not busy and self.history.history is not None)

    def _erasure_undone(self, client_id: int) -> None:
        self.reload()
        self.select(client_id)
        self.notice.show_message(_("Erasure undone."))
