"""The mapping dialog's tables: the sheet's first rows as they read, and the chooser tables
(headings or words, each with a combo box saying what it means)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractItemModel,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from homesupport.domain.import_mapping import cell_text
from homesupport.domain.importing import Cell
from homesupport.i18n import _
from homesupport.ui.common.rows_model import VALUE_ROLE, Index, RowsModel

CHOICE_ROLE = VALUE_ROLE + 1  # a row's choice; VALUE_ROLE gives the whole row


class ChoiceColumn(IntEnum):
    """The columns of a chooser table."""

    TEXT = 0  # the heading or word as the sheet has it
    DETAIL = 1  # an example, or how many rows
    CHOICE = 2  # what it is taken for (a combo box)


class PreviewModel(RowsModel[Sequence[Cell]]):
    """The sheet's first rows below its headings, as the cells read; the headings as the
    sheet writes them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((), self._texts_of, parent, translate=False)
        self._width = 0

    def _texts_of(self, row: Sequence[Cell]) -> list[str]:
        return [cell_text(row[i]) if i < len(row) else "" for i in range(self._width)]

    def set_sheet(self, headings: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        self._width = len(headings)
        self.set_rows(rows, headings)


@dataclass
class ChoiceRow:
    """One row of a chooser table: what the sheet has, how often, and what it is taken for
    ("" while nobody has chosen)."""

    text: str
    detail: str
    choice: str


class ChoiceModel(RowsModel[ChoiceRow]):
    """Rows of the sheet's headings or words, each with a choice made in the CHOICE column (a
    combo box). ``choices`` lists (value, label); rows without a choice are highlighted. The
    rows are changed in place as choices are made."""

    changed = Signal()

    def __init__(
        self,
        headers: Sequence[str],
        highlight: QColor,
        attention: QIcon,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(headers, lambda row: (row.text, row.detail, ""), parent)
        self._highlight = QBrush(highlight)
        self._attention = attention
        self.choices: list[tuple[str, str]] = []
        self._labels: dict[str, str] = {}

    @property
    def rows(self) -> list[ChoiceRow]:
        return self._rows

    def set_choices(self, rows: Sequence[ChoiceRow], choices: Sequence[tuple[str, str]]) -> None:
        self.choices = list(choices)
        self._labels = dict(choices)
        self.set_rows(rows)

    def choice_of(self, text: str) -> str:
        return next((row.choice for row in self.rows if row.text == text), "")

    def open_rows(self) -> list[str]:
        return [row.text for row in self.rows if not row.choice]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == ChoiceColumn.CHOICE else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == CHOICE_ROLE or (
            role == Qt.ItemDataRole.EditRole and index.column() == ChoiceColumn.CHOICE
        ):
            return row.choice
        if role == Qt.ItemDataRole.BackgroundRole and not row.choice:
            return self._highlight
        if (
            role == Qt.ItemDataRole.DecorationRole
            and not row.choice
            and index.column() == ChoiceColumn.TEXT
        ):
            return self._attention
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == ChoiceColumn.TEXT:
                return row.text
            if index.column() == ChoiceColumn.DETAIL:
                return row.detail
            return self._labels.get(row.choice, "") if row.choice else _("Choose…")
        return super().data(index, role)

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            not index.isValid()
            or index.column() != ChoiceColumn.CHOICE
            or role != Qt.ItemDataRole.EditRole
        ):
            return False
        choice = str(value or "")
        row = self.rows[index.row()]
        if choice == row.choice:
            return True
        row.choice = choice
        self.dataChanged.emit(
            self.index(index.row(), ChoiceColumn.TEXT), self.index(index.row(), ChoiceColumn.CHOICE)
        )
        self.changed.emit()
        return True


class ChoiceDelegate(QStyledItemDelegate):
    """The combo box of a choice cell, opened for good on every row (so every choice shows
    as what it is, and the keyboard reaches it with Tab)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QComboBox:
        model = index.model()
        assert isinstance(model, ChoiceModel)  # the delegate is set on choice tables only
        combo = QComboBox(parent)
        combo.addItem(_("Choose…"), "")
        for value, text in model.choices:
            combo.addItem(text, value)
        combo.setAccessibleName(
            _("What “{text}” means").format(
                text=model.data(model.index(index.row(), ChoiceColumn.TEXT))
            )
        )
        combo.currentIndexChanged.connect(self._chosen)
        return combo

    def _chosen(self, _index: int) -> None:
        self.commitData.emit(self.sender())

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)  # made by createEditor
        found = editor.findData(index.data(CHOICE_ROLE) or "")
        if found != editor.currentIndex():
            editor.blockSignals(True)
            editor.setCurrentIndex(max(found, 0))
            editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)  # made by createEditor
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)


class ChoiceTable(QTableView):
    """The table of a :class:`ChoiceModel`, its combo boxes open on every row."""

    def open_editors(self) -> None:
        model = self.model()
        for row in range(model.rowCount()):
            self.openPersistentEditor(model.index(row, ChoiceColumn.CHOICE))


def choice_table(model: ChoiceModel, name: str, detail_width: int = 0) -> ChoiceTable:
    """``detail_width`` fixes the middle column's width (examples), else it fits its
    contents (row counts)."""
    view = ChoiceTable()
    view.setModel(model)
    view.setItemDelegateForColumn(ChoiceColumn.CHOICE, ChoiceDelegate(view))
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setDefaultSectionSize(34)
    head = view.horizontalHeader()
    head.setSectionResizeMode(ChoiceColumn.TEXT, QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(ChoiceColumn.CHOICE, QHeaderView.ResizeMode.Stretch)
    view.setColumnWidth(ChoiceColumn.TEXT, 170)
    if detail_width:
        head.setSectionResizeMode(ChoiceColumn.DETAIL, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(ChoiceColumn.DETAIL, detail_width)
    else:
        head.setSectionResizeMode(ChoiceColumn.DETAIL, QHeaderView.ResizeMode.ResizeToContents)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)

    model.modelReset.connect(view.open_editors)
    view.open_editors()
    return view
