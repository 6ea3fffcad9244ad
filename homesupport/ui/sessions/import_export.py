"""Import and export of session files: choosing the file, and showing every problem of a
refused import in a table (row, column, what is wrong). Nothing is stored when there are
problems: the service imports all rows or none."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QHeaderView,
    QWidget,
)

from homesupport.domain.importing import ImportProblem
from homesupport.i18n import N_, _, ngettext
from homesupport.ui.common.dialogs import Dialogs
from homesupport.ui.common.errors import fill
from homesupport.ui.common.problems_dialog import ProblemsDialog
from homesupport.ui.common.rows_model import RowsModel

EXPORT_FORMATS = (
    ("xlsx", N_("Excel workbook (*.xlsx)")),
    ("csv", N_("CSV file (*.csv)")),
    ("json", N_("JSON file (*.json)")),
)


def choose_import_file(parent: QWidget, dialogs: Dialogs) -> Path | None:
    return dialogs.open_file(
        parent, _("Import sessions"), None, _("Spreadsheets (*.csv *.xlsx);;All files (*)")
    )


def choose_export_file(
    parent: QWidget, dialogs: Dialogs, suggested: Path
) -> tuple[Path, str] | None:
    filters = [_(title) for _fmt, title in EXPORT_FORMATS]
    answer = dialogs.save_file_as(parent, _("Export sessions"), suggested, ";;".join(filters))
    if answer is None:
        return None
    target, chosen = answer
    fmt = next((f for f, t in EXPORT_FORMATS if _(t) == chosen), None)
    suffix = target.suffix.lower().lstrip(".")
    if suffix in {f for f, _t in EXPORT_FORMATS}:
        fmt = suffix  # the name typed wins over the filter left selected
    fmt = fmt or "xlsx"
    if target.suffix.lower() != f".{fmt}":
        target = target.with_name(target.name + f".{fmt}")
    return target, fmt


class ProblemColumn(IntEnum):
    ROW = 0
    COLUMN = 1
    WHAT = 2


class ProblemModel(RowsModel[ImportProblem]):
    HEADERS = (N_("Row"), N_("Column"), N_("What is wrong"))

    def __init__(self, problems: list[ImportProblem], parent: QObject | None = None) -> None:
        super().__init__(
            self.HEADERS,
            lambda problem: (
                "" if problem.row is None else str(problem.row),
                problem.column or "",
                fill(problem.message, dict(problem.params)),
            ),
            parent,
        )
        self.set_rows(problems)


class ImportProblemsDialog(ProblemsDialog):
    """``title`` and ``intro`` (already translated) replace the words of a refused import,
    e.g. for the problems a mapping still leaves."""

    def __init__(
        self,
        file: Path,
        problems: list[ImportProblem],
        parent: QWidget | None = None,
        title: str | None = None,
        intro: str | None = None,
    ) -> None:
        model = ProblemModel(problems)
        intro = intro or ngettext(
            "{file} has {n} problem. Fix it in the file and import it again; "
            "no session was stored.",
            "{file} has {n} problems. Fix them in the file and import it again; "
            "no session was stored.",
            len(problems),
        ).format(file=file.name, n=len(problems))
        super().__init__(
            title or _("Nothing was imported"),
            intro,
            model,
            _("Problems in the file"),
            (820, 520),
            parent,
        )
        self.model = model
        header = self.table.horizontalHeader()
        for column in (ProblemColumn.ROW, ProblemColumn.COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


def problems_dialog(
    problems: list[ImportProblem], parent: QWidget, file: Path, mapping: Path | None = None
) -> ImportProblemsDialog:
    """What keeps rows from importing (or a mapping file from loading), row and heading."""
    if mapping is not None:
        intro = _("{file} cannot be used:").format(file=mapping.name)
    else:
        intro = ngettext(
            "{n} problem keeps rows from importing. Change a choice, or fix the sheet.",
            "{n} problems keep rows from importing. Change a choice, or fix the sheet.",
            len(problems),
        ).format(n=len(problems))
    return ImportProblemsDialog(file, problems, parent, _("Problems"), intro)
