"""A read-only table over a list of plain frozen values: each row's cells come from one
function, so the register, a client's history and the follow-ups need no model class each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from homesupport.i18n import _

T = TypeVar("T")
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[T]):
    """``headers`` are msgids, translated when shown; ``cells(value)`` gives one text per
    header. ``tooltip(value)`` gives a row's tooltip (else a cell's tooltip is its text).
    ``translate=False`` shows the headers as they are (e.g. a sheet's own headings, which
    :meth:`set_rows` may change with the rows)."""

    def __init__(
        self,
        headers: Sequence[str],
        cells: Callable[[T], Sequence[str]],
        parent: QObject | None = None,
        tooltip: Callable[[T], str] | None = None,
        translate: bool = True,
    ) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._cells = cells
        self._tooltip = tooltip
        self._translate = translate
        self._rows: list[T] = []
        self._texts: list[Sequence[str]] = []

    def set_rows(self, values: Sequence[T], headers: Sequence[str] | None = None) -> None:
        self.beginResetModel()
        if headers is not None:
            self._headers = tuple(headers)
        self._rows = list(values)
        self._texts = [self._cells(v) for v in self._rows]
        self.endResetModel()

    def value_at(self, row: int) -> T:
        return self._rows[row]

    def values(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt.s signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            header = self._headers[section]
            return _(header) if self._translate else header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == VALUE_ROLE:
            return self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return self._tooltip(self._rows[index.row()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts[index.row()][index.column()]
        return None
