"""Guide problems in a table, each naming the file and the field: the library's invalid files
(left out, the rest keeps working) and refused imports."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QTableView, QVBoxLayout, QWidget

from homesupport.domain.guides import GuideProblem
from homesupport.i18n import N_, _
from homesupport.ui.errors import fill
from homesupport.ui.fit import fit_to_screen
from homesupport.ui.rows_model import Index
from homesupport.ui.widgets import button, label

HEADERS = (N_("File"), N_("Field"), N_("What is wrong"))


class GuideProblemModel(QAbstractTableModel):
    def __init__(self, problems: Sequence[GuideProblem], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems = list(problems)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

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
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        problem = self._problems[index.row()]
        return (problem.file, problem.field, fill(problem.message, dict(problem.params)))[
            index.column()
        ]


class GuideProblemsDialog(QDialog):
    def __init__(
        self,
        title: str,
        explanation: str,
        problems: Sequence[GuideProblem],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, 900, 480)
        self.model = GuideProblemModel(problems, self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
        self.table.setModel(self.model)
        self.table.setAccessibleName(title)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 320)
        close = button(_("Close"), role="primary")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(label(title, "title"))
        layout.addWidget(label(explanation, "subtitle", wrap=True))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
