"""The guide list as a table: title, topics (labels, never codes), language, and whose guide
it is. Rows are frozen :class:`LibraryGuide` values; the library does the searching."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from homesupport.i18n import N_, _
from homesupport.services.guides import LibraryGuide
from homesupport.ui.common.kit import Kit

Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = (N_("Title"), N_("Topics"), N_("Language"), N_("Source"))


def source_text(entry: LibraryGuide) -> str:
    if entry.from_coordinator:
        return _("Your coordinator")
    if entry.bundled:
        return _("Bundled")
    return _("Your edited copy") if entry.overrides_bundled else _("Your own")


def topics_text(entry: LibraryGuide, kit: Kit) -> str:
    return ", ".join(kit.label("topic", t) for t in entry.guide.topics)


class GuideListModel(QAbstractTableModel):
    def __init__(self, kit: Kit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kit = kit
        self._entries: list[LibraryGuide] = []

    def set_entries(self, entries: Sequence[LibraryGuide]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> LibraryGuide:
        return self._entries[row]

    def row_of(self, slug: str, language: str | None = None) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry.slug == slug and language in (None, entry.language):
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

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
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.guide.summary
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == 0:
            return entry.title
        if column == 1:
            return topics_text(entry, self._kit)
        if column == 2:
            return self._kit.label("language", entry.language)
        return source_text(entry)
