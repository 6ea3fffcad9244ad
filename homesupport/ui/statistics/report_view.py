"""“What will be sent”: the month's report as readable tables, suppressed cells marked and
explained, the raw JSON one click away, and saving it as a file for a coordinator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.formatting import capitalised, month_name
from homesupport.i18n import N_, _
from homesupport.services.report_text import (
    FEW_CLIENTS,
    WHY_SUPPRESSED,
    cell_label,
    table_name,
)
from homesupport.services.reports import MonthReport
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.rows_model import Index, RowsModel
from homesupport.ui.common.widgets import button, label


@dataclass(frozen=True)
class Line:
    table: str  # the table's readable name, on its first line only
    item: str
    value: str
    suppressed: bool


def report_lines(month: MonthReport, kit: Kit) -> list[Line]:
    k = int(month.report["k"])
    lines: list[Line] = []
    previous = None
    for row in month.rows:
        name = table_name(row.table) if row.table != previous else ""
        previous = row.table
        item = cell_label(kit.codes, kit.municipalities, row.table, row.code, kit.language)
        value = f"<{k}" if row.suppressed else f"{row.value:,}".replace(",", "\u00a0")
        lines.append(Line(name, item, value, row.suppressed))
    return lines


class ReportColumn(IntEnum):
    TABLE = 0
    ITEM = 1
    VALUE = 2


class ReportModel(RowsModel[Line]):
    """Three columns: table, item, value. Suppressed values say so in their tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            (N_("Table"), N_("Item"), N_("Sent value")),
            lambda line: (line.table, line.item, line.value),
            parent,
        )
        self._k = 5

    def set_lines(self, lines: list[Line], k: int) -> None:
        self._k = k
        self.set_rows(lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        line, column = self.value_at(index.row()), index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ReportColumn.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if line.suppressed:
                return _("Hidden: between 1 and {below} clients").format(below=self._k - 1)
            return None
        if role == Qt.ItemDataRole.FontRole and (column == ReportColumn.TABLE or line.suppressed):
            font = QFont()
            font.setBold(column == ReportColumn.TABLE)
            font.setItalic(line.suppressed)
            return font
        return super().data(index, role)


class ReportView(QWidget):
    """The readable tables, or the raw JSON; "Save as file…" for an offline handover."""

    def __init__(
        self, kit: Kit, on_save: Callable[[], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._kit = kit
        self.heading = label("", "section", wrap=True)
        self.note = label("", "note", wrap=True)
        self.explanation = label("", "muted", wrap=True)
        self.model = ReportModel(self)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("What will be sent"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ReportColumn.TABLE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ReportColumn.ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ReportColumn.VALUE, QHeaderView.ResizeMode.ResizeToContents)
        self.raw = QPlainTextEdit()
        self.raw.setReadOnly(True)
        self.raw.setAccessibleName(_("The report as sent (JSON)"))
        self.raw.setFont(QFont("monospace"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.raw)
        self.raw_button = button(_("Show the raw JSON"), kit.icons.get("info"))
        self.raw_button.setCheckable(True)
        self.raw_button.toggled.connect(self._toggle_raw)
        self.save_button = button(_("Save as file…"), kit.icons.get("export"))
        self.save_button.setToolTip(
            _("For a coordinator who receives the report by e-mail or on a USB stick")
        )
        self.save_button.clicked.connect(lambda: on_save())
        actions = QHBoxLayout()
        actions.addWidget(self.raw_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.explanation)
        layout.addLayout(actions)
        layout.addWidget(self.stack, 1)

    def show_month(self, month: MonthReport, period: str) -> None:
        k = int(month.report["k"])
        if month.closed:
            # The name apart from the year: Finnish inflects it ("marraskuulta 2026").
            heading = _("What will be sent for {month_name} {year} (revision {revision})")
        else:
            heading = _(
                "{month} is not over yet: a preview of what will be sent (revision {revision})"
            )
        month_text = month_name(period, self._kit.language)
        self.heading.setText(
            capitalised(
                heading.format(
                    month=month_text,
                    month_name=month_text.rsplit(" ", 1)[0],
                    year=period.split("-")[0],
                    revision=month.entry.revision,
                )
            )
        )
        self.model.set_lines(report_lines(month, self._kit), k)
        notes = []
        if month.correction:
            notes.append(
                _(
                    "This month changed after it was sent: it will be sent again as "
                    "revision {revision}, replacing the coordinator's copy."
                ).format(revision=month.entry.revision)
            )
        if month.report["totals"]["clients"] == f"<{k}":
            notes.append(_(FEW_CLIENTS).format(k=k))
        self.note.setText("\n".join(notes))
        self.note.setVisible(bool(notes))
        explanation = [
            _(
                "Only these counts leave this computer: no names, notes, dates or "
                "anything else about a client."
            )
        ]
        if month.suppressed:
            explanation.append(_(WHY_SUPPRESSED).format(k=k, below=k - 1))
        self.explanation.setText(" ".join(explanation))
        self.raw.setPlainText(month.payload.decode("utf-8"))
        self.save_button.setEnabled(month.closed)

    def _toggle_raw(self, raw: bool) -> None:
        self.stack.setCurrentIndex(1 if raw else 0)
        self.raw_button.setText(_("Show as tables") if raw else _("Show the raw JSON"))
