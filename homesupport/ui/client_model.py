"""The client register as a table: plain frozen ClientChoice values, labels not codes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from homesupport.domain.clients import CONSENT_SCOPE_LABELS, Client
from homesupport.i18n import N_, _
from homesupport.services.clients import ClientChoice
from homesupport.ui.formats import date_text
from homesupport.ui.kit import Kit

CLIENT_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = (N_("Client"), N_("Age"), N_("Language"), N_("Municipality"), N_("Consent"))
Index = QModelIndex | QPersistentModelIndex


def consent_text(client: Client) -> str:
    if client.consent_date is None:
        return _("Not recorded")
    scopes = ", ".join(_(CONSENT_SCOPE_LABELS[s]) for s in client.consent_scope)
    return (
        f"{date_text(client.consent_date)} · {scopes}" if scopes else date_text(client.consent_date)
    )


class ClientTableModel(QAbstractTableModel):
    def __init__(self, kit: Kit) -> None:
        super().__init__()
        self._kit = kit
        self._rows: list[ClientChoice] = []

    def set_clients(self, choices: Sequence[ClientChoice]) -> None:
        self.beginResetModel()
        self._rows = list(choices)
        self.endResetModel()

    def choice_at(self, row: int) -> ClientChoice:
        return self._rows[row]

    def row_of(self, client_id: int) -> int | None:
        return next((i for i, c in enumerate(self._rows) if c.client.id == client_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        choice = self._rows[index.row()]
        if role == CLIENT_ROLE:
            return choice
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            client = choice.client
            column = index.column()
            if column == 0:
                return choice.label
            if column == 1:
                return self._kit.label("age_band", client.age_band)
            if column == 2:
                return self._kit.label("language", client.language)
            if column == 3:
                m = client.municipality
                return self._kit.municipalities.label(m, self._kit.language) if m else ""
            return consent_text(client)
        return None
