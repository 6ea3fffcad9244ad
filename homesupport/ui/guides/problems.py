"""Guide problems in a table, each naming the file and the field: the library's invalid files
(left out, the rest keeps working) and refused imports."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHeaderView, QWidget

from homesupport.domain.guides import GuideProblem
from homesupport.i18n import N_, _
from homesupport.ui.common.errors import fill
from homesupport.ui.common.problems_dialog import ProblemsDialog
from homesupport.ui.common.rows_model import RowsModel


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


class GuideProblemsDialog(ProblemsDialog):
    def __init__(
        self,
        title: str,
        explanation: str,
        problems: Sequence[GuideProblem],
        parent: QWidget | None = None,
    ) -> None:
        model = GuideProblemModel(problems)
        super().__init__(title, explanation, model, title, (900, 480), parent)
        self.model = model
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(GuideProblemColumn.FILE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(
            GuideProblemColumn.FIELD, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setColumnWidth(GuideProblemColumn.FILE, 320)


def import_problems_dialog(
    problems: Sequence[GuideProblem], parent: QWidget
) -> GuideProblemsDialog:
    """The files an import of guides left out, each with why (the rest were imported)."""
    return GuideProblemsDialog(
        _("Some files were not imported"),
        _(
            "A file with a problem is not imported at all; the library is unchanged by "
            "it. Ask the sender for a file exported from HomeSupport."
        ),
        problems,
        parent,
    )
