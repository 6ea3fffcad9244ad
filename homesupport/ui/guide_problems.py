"""Guide problems in a table, each naming the file and the field: the library's invalid files
(left out, the rest keeps working) and refused imports."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QTableView, QVBoxLayout, QWidget

from homesupport.domain.guides import GuideProblem
from homesupport.i18n import N_, _
from homesupport.ui.errors import fill
from homesupport.ui.fit import fit_to_screen
from homesupport.ui.rows_model import RowsModel
from homesupport.ui.widgets import button, label


class GuideProblemColumn(IntEnum):
    FILE = 0
    FIELD = 1
    WHAT = 2


HEADERS = (N_("File"), N_("Field"), N_("What is wrong"))


class GuideProblemModel(RowsModel[GuideProblem]):
    def __init__(self, problems: Sequence[GuideProblem], parent: QObject | None = None) -> None:
        super().__init__(
            HEADERS,
            lambda problem: (
                problem.file,
                problem.field,
                fill(problem.message, dict(problem.params)),
            ),
            parent,
        )
        self.set_rows(problems)


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
        header.setSectionResizeMode(GuideProblemColumn.FILE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            GuideProblemColumn.FIELD, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setStretchLastSection(True)
        self.table.setColumnWidth(GuideProblemColumn.FILE, 320)
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
