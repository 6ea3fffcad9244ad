"""Type-ahead for linking a session to a client, with "New client…" to create one inline.

The suggestions come from the database on each keystroke (ClientService.search, a prefix
match on an index), shown apart when nicknames are shared: "Aino (75–84, Helsinki)". Editing
the text after choosing unlinks: the session is linked only to a client picked from the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from homesupport.domain.clients import Client
from homesupport.i18n import _
from homesupport.services.clients import ClientService
from homesupport.ui.clients.dialog import ClientDialog
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import button, label, named

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


class ClientPicker(QWidget):
    chosen = Signal(object)  # the linked Client, or None when unlinked

    def __init__(
        self,
        service: ClientService,
        kit: Kit,
        today: Callable[[], dt.date],
        template: Callable[[str], Client],
        parent: QWidget | None = None,
    ) -> None:
        """``template(nickname)`` is the client "New client…" starts from (the form's age
        band, language and municipality)."""
        super().__init__(parent)
        self._service = service
        self._kit = kit
        self._today = today
        self._template = template
        self.client: Client | None = None
        self.dialog: ClientDialog | None = None

        self.edit = named(QLineEdit(), _("Client"))
        self.edit.setPlaceholderText(_("Type a nickname, or leave empty"))
        self.edit.setClearButtonEnabled(True)
        self.edit.textEdited.connect(self._edited)
        self.suggestions = QStandardItemModel(self)
        self.completer = QCompleter(self.suggestions, self)
        # The database already matched; the completer only shows and picks.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.edit)
        # The index overload of the signal; the stubs type activated without its overloads.
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.new_button = button(_("New client…"), kit.icons.get("add"))
        self.new_button.setToolTip(_("Add the client to the register and link this session"))
        self.new_button.clicked.connect(self.new_client)
        self.hint = label("", "muted", wrap=True)
        self.hint.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.hint)

    @property
    def client_id(self) -> int | None:
        return self.client.id if self.client is not None else None

    def set_client(self, client: Client | None, text: str = "") -> None:
        """Shows a linked client (``text`` is its label) without emitting ``chosen``."""
        self.client = client
        self.edit.setText(text if client is not None else "")
        self._update_hint()

    def _edited(self, text: str) -> None:
        if self.client is not None:
            self.client = None
            self.chosen.emit(None)
        self.suggestions.clear()
        if text.strip():
            for choice in self._service.search(text):
                item = QStandardItem(choice.label)
                item.setData(choice.client, CHOICE_ROLE)
                item.setEditable(False)
                self.suggestions.appendRow(item)
        if self.suggestions.rowCount():
            self.completer.complete()
        else:
            popup = self.completer.popup()
            assert popup is not None  # Qt makes the popup on first use; never None
            popup.hide()
        self._update_hint()

    def _activated(self, index: QModelIndex) -> None:
        client = index.data(CHOICE_ROLE)
        if isinstance(client, Client):
            self.choose(client, index.data())

    def choose(self, client: Client, text: str) -> None:
        self.set_client(client, text)
        self.chosen.emit(client)

    def _update_hint(self) -> None:
        typed = self.edit.text().strip()
        unlinked = bool(typed) and self.client is None
        self.hint.setText(
            _("“{name}” is not linked: pick a client from the list, or “New client…”.").format(
                name=typed
            )
            if unlinked
            else ""
        )
        self.hint.setVisible(unlinked)

    def new_client(self) -> ClientDialog:
        nickname = self.edit.text().strip() if self.client is None else ""
        self.dialog = ClientDialog(
            self._service, self._kit, self._template(nickname), self._today(), self
        )
        self.dialog.saved.connect(self._created)
        self.dialog.open()
        return self.dialog

    def _created(self, client: Client) -> None:
        assert client.id is not None
        self.choose(client, self._service.label(client.id) or client.nickname)
