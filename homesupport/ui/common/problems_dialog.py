"""A dialog that lists problems in a table (where, and what is wrong) with a Close button:
the problems of a refused import, of a mapping, of guide files left out of the library."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QDialog, QHBoxLayout, QTableView, QVBoxLayout, QWidget

from homesupport.i18n import _
from homesupport.ui.common.fit import fit_to_screen
from homesupport.ui.common.widgets import button, label


class ProblemsDialog(QDialog):
    """``title`` and ``intro`` already translated; ``table_name`` is what a screen reader
    calls the table. The last column (what is wrong) takes the room left and wraps."""

    def __init__(
        self,
        title: str,
        intro: str,
        model: QAbstractItemModel,
        table_name: str,
        size: tuple[int, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        fit_to_screen(self, *size)
        model.setParent(self)  # goes with the dialog
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
        self.table.setModel(model)
        self.table.setAccessibleName(table_name)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        close = button(_("Close"), role="primary")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(label(title, "title"))
        layout.addWidget(label(intro, "subtitle", wrap=True))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
