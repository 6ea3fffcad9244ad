"""The mapping dialog: a sheet with headings and words of its own, matched to HomeSupport's
fields and codes before it is imported (DESIGN.md §8, import mapping v1).

The sheet's first rows are shown as they are; each heading gets a field (or "ignore", or a
code its ticks add); each coded column's words get a code, suggestions filled in and unknown
words highlighted; a field no column holds gets one value for every row. A live count says
how many rows are ready and how many problems are left; Import stores them all or none. The
rules (suggesting, checking, importing, remembering) are the services' and the domain's:
this file only shows them and collects the choices. Checking and importing run off the GUI
thread (ui/tasks.py), so a 10,000-row sheet never freezes the window.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from homesupport.domain.import_mapping import (
    CODED_FIELDS,
    FIELD_LISTS,
    IGNORE,
    MULTI_FIELDS,
    Draft,
    ImportMapping,
    Suggester,
    cell_text,
    field_values,
    load_mapping,
    render_toml,
    suggest,
    value_key,
)
from homesupport.domain.importing import COLUMNS, REQUIRED, Cell, ImportProblem
from homesupport.files import SHARED_FILE_MODE, atomic_write
from homesupport.i18n import N_, _, ngettext
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.tasks import Tasks
from homesupport.ui.common.widgets import button, label, named
from homesupport.ui.sessions.import_export import ImportProblemsDialog

if TYPE_CHECKING:
    from homesupport.services.sheet_import import SheetCheck, SheetPreview
    from homesupport.services.transfer import ImportOutcome, TransferService

Index = QModelIndex | QPersistentModelIndex
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1
PREVIEW_ROWS = 8
CHECK_DELAY_MS = 250
FIELD_NAMES = {
    "date": N_("Date"),
    "start": N_("Start time"),
    "minutes": N_("Duration"),
    "travel_minutes": N_("Travel time"),
    "mode": N_("Mode"),
    "programme": N_("Programme"),
    "client": N_("Client"),
    "age_band": N_("Age band"),
    "language": N_("Language"),
    "municipality": N_("Municipality"),
    "participants": N_("Participants"),
    "topics": N_("Topics"),
    "devices": N_("Devices"),
    "outcome": N_("Outcome"),
    "follow_up": N_("Follow-up date"),
    "notes": N_("Notes"),
}
TICK_NAMES = {
    "topics": N_("Ticked: topic “{label}”"),
    "devices": N_("Ticked: device “{label}”"),
    "mode": N_("Ticked: mode “{label}”"),
}
FLAG = "flag"  # a column target "flag:FIELD:CODE": the column's ticks add CODE to FIELD


def flag_target(field_name: str, code: str) -> str:
    return f"{FLAG}:{field_name}:{code}"


# --- models ------------------------------------------------------------------------------


class PreviewModel(QAbstractTableModel):
    """The sheet's first rows below its headings, as the cells read."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headings: list[str] = []
        self._rows: list[list[str]] = []

    def set_sheet(self, headings: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        self.beginResetModel()
        self._headings = list(headings)
        self._rows = [
            [cell_text(row[i]) if i < len(row) else "" for i in range(len(headings))]
            for row in rows
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headings)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headings):
            return self._headings[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return self._rows[index.row()][index.column()]


@dataclass
class ChoiceRow:
    """One row of a chooser table: what the sheet has, how often, and what it is taken for
    ("" while nobody has chosen)."""

    text: str
    detail: str
    choice: str


class ChoiceModel(QAbstractTableModel):
    """Rows of the sheet's headings or words, each with a choice made in column 2 (a combo
    box). ``choices`` lists (value, label); rows without a choice are highlighted."""

    changed = Signal()

    def __init__(
        self,
        headers: Sequence[str],
        highlight: QColor,
        attention: QIcon,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._highlight = QBrush(highlight)
        self._attention = attention
        self.rows: list[ChoiceRow] = []
        self.choices: list[tuple[str, str]] = []
        self._labels: dict[str, str] = {}

    def set_rows(self, rows: Sequence[ChoiceRow], choices: Sequence[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.choices = list(choices)
        self._labels = dict(choices)
        self.endResetModel()

    def choice_of(self, text: str) -> str:
        return next((row.choice for row in self.rows if row.text == text), "")

    def open_rows(self) -> list[str]:
        return [row.text for row in self.rows if not row.choice]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

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
            return _(self._headers[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == CHOICE_ROLE or (role == Qt.ItemDataRole.EditRole and index.column() == 2):
            return row.choice
        if role == Qt.ItemDataRole.BackgroundRole and not row.choice:
            return self._highlight
        if role == Qt.ItemDataRole.DecorationRole and not row.choice and index.column() == 0:
            return self._attention
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return row.text
            if index.column() == 1:
                return row.detail
            return self._labels.get(row.choice, "") if row.choice else _("Choose…")
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 2 or role != Qt.ItemDataRole.EditRole:
            return False
        choice = str(value or "")
        row = self.rows[index.row()]
        if choice == row.choice:
            return True
        row.choice = choice
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 2))
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
            _("What “{text}” means").format(text=model.data(model.index(index.row(), 0)))
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
            self.openPersistentEditor(model.index(row, 2))


def choice_table(model: ChoiceModel, name: str, detail_width: int = 0) -> ChoiceTable:
    """``detail_width`` fixes the middle column's width (examples), else it fits its
    contents (row counts)."""
    view = ChoiceTable()
    view.setModel(model)
    view.setItemDelegateForColumn(2, ChoiceDelegate(view))
    view.setAccessibleName(name)
    view.verticalHeader().hide()
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setDefaultSectionSize(34)
    head = view.horizontalHeader()
    head.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    view.setColumnWidth(0, 170)
    if detail_width:
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(1, detail_width)
    else:
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)

    model.modelReset.connect(view.open_editors)
    view.open_editors()
    return view


# --- the dialog --------------------------------------------------------------------------


class MappingDialog(QDialog):
    """Opened by the Sessions page for a sheet whose headings are not the standard ones.
    ``imported`` tells what the import stored, as the dialog closes."""

    imported = Signal(object)  # ImportOutcome

    def __init__(
        self,
        preview: SheetPreview,
        transfer: TransferService,
        tasks: Tasks,
        kit: Kit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._transfer = transfer
        self._tasks = tasks
        self._kit = kit
        self._suggester = Suggester(kit.codes, kit.municipalities)
        self._generation = 0  # the newest check; older answers are dropped
        self._busy = False
        self.outcome: ImportOutcome | None = None
        self.check: SheetCheck | None = None
        self.setWindowTitle(_("Import a sheet"))
        self.setModal(True)
        highlight = self._highlight = QColor(kit.theme.warning_soft)
        self.word_models: dict[str, ChoiceModel] = {}
        self._importing = False

        self.title = label("", "title")
        self.subtitle = label("", "subtitle", wrap=True)
        self.sheet_choice = named(QComboBox(), _("Sheet"))
        self.sheet_choice.activated.connect(self._sheet_chosen)
        self.sheet_caption = label(_("Sheet:"))
        heading = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        heading.addLayout(titles, 1)
        heading.addWidget(self.sheet_caption)
        heading.addWidget(self.sheet_choice)

        self.preview_model = PreviewModel(self)  # owned by the dialog, deleted with it
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setAccessibleName(_("The sheet's first rows"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setDefaultSectionSize(28)
        self.preview.setWordWrap(False)
        self.preview.setMaximumHeight(190)

        self.columns_model = ChoiceModel(
            (N_("Heading in the sheet"), N_("Example"), N_("Means")),
            highlight,
            kit.icons.get("warning"),
            self,
        )
        self.columns_model.changed.connect(self._columns_changed)
        self.columns = choice_table(self.columns_model, _("Columns of the sheet"), 170)
        self.defaults = QFormLayout()
        self.default_choices: dict[str, QComboBox] = {}
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(label(_("Columns"), "section"))
        left.addWidget(self.columns, 1)
        left.addLayout(self.defaults)
        left_box = QWidget()
        left_box.setLayout(left)

        self.words = QTabWidget()
        self.words.setAccessibleName(_("Words of the sheet"))
        self.no_words = label(_("The columns chosen hold no words to match."), "muted", wrap=True)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(label(_("Words"), "section"))
        right.addWidget(self.words, 1)
        right.addWidget(self.no_words)
        right_box = QWidget()
        right_box.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(left_box)
        splitter.addWidget(right_box)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([560, 560])

        self.count = label("", "section")
        self.count.setAccessibleName(_("Rows ready"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy, for as long as it takes
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName(_("Working"))
        self.progress.hide()
        self.note = label("", "muted")
        self.problems_button = button(_("Show problems"), kit.icons.get("warning"))
        self.problems_button.clicked.connect(self.show_problems)
        self.load_button = button(_("Load mapping…"))
        self.load_button.setToolTip(_("Use a mapping file (.toml), e.g. one from the coordinator"))
        self.load_button.clicked.connect(self.load_mapping)
        self.save_button = button(_("Save mapping…"))
        self.save_button.setToolTip(_("Keep these choices as a file to share"))
        self.save_button.clicked.connect(self.save_mapping)
        self.cancel_button = button(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.import_button = button(_("Import"), kit.icons.get("import", "on_accent"), "primary")
        self.import_button.clicked.connect(self.start_import)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.problems_button)
        bottom.addWidget(self.note)
        bottom.addStretch(1)
        bottom.addWidget(self.load_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.import_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.preview)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._run_check)
        self.show_preview(preview)

    # --- what the dialog shows ------------------------------------------------------------

    def show_preview(self, preview: SheetPreview, draft: Draft | None = None) -> None:
        """A (re)read sheet and its draft mapping: every table filled from them."""
        self.preview_data = preview
        draft = draft or preview.draft
        sheet = preview.sheet
        self._split = dict(draft.mapping.split)
        self.title.setText(_("Match the sheet to HomeSupport"))
        remembered = _("The choices made last time for these headings are filled in.")
        self.subtitle.setText(
            _(
                "{file}: the headings are on row {row}. Check what each column and word means, "
                "then import."
            ).format(file=preview.path.name, row=sheet.header_row)
            + (" " + remembered if preview.remembered else "")
        )
        sheets = preview.table.sheets
        self.sheet_choice.blockSignals(True)
        self.sheet_choice.clear()
        self.sheet_choice.addItems(list(sheets))
        if preview.table.sheet:
            self.sheet_choice.setCurrentText(preview.table.sheet)
        self.sheet_choice.blockSignals(False)
        self.sheet_choice.setVisible(len(sheets) > 1)
        self.sheet_caption.setVisible(len(sheets) > 1)
        columns = [c for c in sheet.columns if c.heading]
        self.preview_model.set_sheet(
            [c.heading for c in sheet.columns], list(sheet.data[:PREVIEW_ROWS])
        )
        self.preview.resizeColumnsToContents()
        for column in range(self.preview_model.columnCount()):
            self.preview.setColumnWidth(column, min(self.preview.columnWidth(column), 200))
        mapping = draft.mapping
        rows = []
        for sheet_column in columns:
            target = mapping.target_of(sheet_column.heading)
            choice = ""
            if target is not None:
                field_name, code = target
                choice = field_name if code is None else flag_target(field_name, code)
            examples = (
                preview.profiles[sheet_column.index].counts.values() if preview.profiles else ()
            )
            example = ", ".join(text for text, _rows in list(examples)[:3])
            rows.append(ChoiceRow(sheet_column.heading, example, choice))
        self.columns_model.set_rows(rows, self._column_choices())
        self._chosen_words = {
            field_name: dict(words) for field_name, words in mapping.values.items()
        }
        self.word_models = {}  # the words of an earlier sheet or mapping are not kept
        self._chosen_defaults = dict(mapping.defaults)
        self._rebuild_words()
        self._rebuild_defaults()
        self._schedule_check()

    def _column_choices(self) -> list[tuple[str, str]]:
        choices = [(name, _(FIELD_NAMES[name])) for name in COLUMNS]
        choices.append((IGNORE, _("Ignore this column")))
        for field_name, template in TICK_NAMES.items():
            for code in self._kit.codes.of(FIELD_LISTS[field_name]):
                text = _(template).format(label=code.label(self._kit.language))
                choices.append((flag_target(field_name, code.code), text))
        return choices

    def _code_choices(self, field_name: str) -> list[tuple[str, str]]:
        if field_name == "municipality":
            items = sorted(
                self._kit.municipalities.items,
                key=lambda m: m.label(self._kit.language).casefold(),
            )
            choices = [(m.code, m.label(self._kit.language)) for m in items]
        else:
            choices = [
                (c.code, c.label(self._kit.language))
                for c in self._kit.codes.of(FIELD_LISTS[field_name])
            ]
        return [*choices, (IGNORE, _("Ignore"))]

    def _targets(self) -> dict[str, str]:
        return {row.text: row.choice for row in self.columns_model.rows}

    def _rebuild_words(self) -> None:
        """A tab of words for each coded field a column holds, suggestions filled in."""
        self._keep_words()
        current = self.words.tabText(self.words.currentIndex()) if self.words.count() else ""
        self.words.clear()
        self.word_models = {}
        preview = self.preview_data
        targets = self._targets()
        for field_name in CODED_FIELDS:
            indexes = [
                c.index
                for c in preview.sheet.columns
                if c.heading and targets.get(c.heading) == field_name
            ]
            if not indexes or not preview.profiles:
                continue
            separators = self._split.get(field_name, (";",)) if field_name in MULTI_FIELDS else ()
            words = field_values(preview.profiles, indexes, separators)
            chosen = {value_key(k): v for k, v in self._chosen_words.get(field_name, {}).items()}
            rows = []
            for text, count in sorted(words.values(), key=lambda item: -item[1]):
                known = self._suggester.plain_name if field_name == "municipality" else None
                if known is not None and known(text) and value_key(text) not in chosen:
                    continue  # municipality names are recognised without a choice
                choice = chosen.get(value_key(text)) or self._suggester.code_for(field_name, text)
                detail = ngettext("{n} row", "{n} rows", count).format(n=count)
                rows.append(ChoiceRow(text, detail, choice or ""))
            if not rows:
                continue
            model = ChoiceModel(
                (N_("Word in the sheet"), N_("Rows"), N_("Means")),
                self._highlight,
                self._kit.icons.get("warning"),
            )
            model.set_rows(rows, self._code_choices(field_name))
            model.changed.connect(self._words_changed)
            view = choice_table(model, _(FIELD_NAMES[field_name]))
            model.setParent(view)  # goes with its tab
            self.word_models[field_name] = model
            headings = [h for h, t in targets.items() if t == field_name]
            tab = self.words.addTab(view, ", ".join(headings))
            if model.open_rows():
                self.words.setTabIcon(tab, self._kit.icons.get("warning"))
            if ", ".join(headings) == current:
                self.words.setCurrentIndex(tab)
        self.no_words.setVisible(not self.word_models)
        self.words.setVisible(bool(self.word_models))

    def _keep_words(self) -> None:
        for field_name, model in self.word_models.items():
            kept = self._chosen_words.setdefault(field_name, {})
            for row in model.rows:
                if row.choice:
                    kept[row.text] = row.choice
                else:
                    kept.pop(row.text, None)

    def _rebuild_defaults(self) -> None:
        """A value for every row of each required field no column holds."""
        while self.defaults.rowCount():
            self.defaults.removeRow(0)
        self.default_choices = {}
        provided = {t.split(":")[1] if t.startswith(FLAG) else t for t in self._targets().values()}
        for field_name in REQUIRED:
            if field_name in provided or field_name not in FIELD_LISTS:
                continue
            combo = named(
                QComboBox(),
                _("{field} of every row").format(field=_(FIELD_NAMES[field_name])),
            )
            combo.addItem(_("Choose…"), "")
            for value, text in self._code_choices(field_name)[:-1]:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(self._chosen_defaults.get(field_name, "")), 0))
            combo.currentIndexChanged.connect(self._defaults_changed)
            self.default_choices[field_name] = combo
            self.defaults.addRow(
                _("{field} of every row:").format(field=_(FIELD_NAMES[field_name])), combo
            )

    # --- choices made -----------------------------------------------------------------------

    def _columns_changed(self) -> None:
        self._rebuild_words()
        self._rebuild_defaults()
        self._schedule_check()

    def _words_changed(self) -> None:
        for index in range(self.words.count()):
            view = self.words.widget(index)
            assert isinstance(view, ChoiceTable)  # every tab is a choice table
            model = view.model()
            assert isinstance(model, ChoiceModel)
            self.words.setTabIcon(
                index, self._kit.icons.get("warning") if model.open_rows() else QIcon()
            )
        self._schedule_check()

    def _defaults_changed(self, _index: int) -> None:
        for field_name, combo in self.default_choices.items():
            if combo.currentData():
                self._chosen_defaults[field_name] = combo.currentData()
            else:
                self._chosen_defaults.pop(field_name, None)
        self._schedule_check()

    def mapping(self) -> ImportMapping:
        """The choices as a mapping (open choices left out)."""
        self._keep_words()
        columns: dict[str, str] = {}
        flags: dict[str, dict[str, str]] = {}
        for heading, choice in self._targets().items():
            if choice.startswith(FLAG + ":"):
                _flag, field_name, code = choice.split(":", 2)
                flags.setdefault(field_name, {})[heading] = code
            elif choice:
                columns[heading] = choice
        in_use = set(columns.values()) | set(flags)
        values = {
            field_name: {w: c for w, c in words.items() if c}
            for field_name, words in self._chosen_words.items()
            if field_name in in_use and words
        }
        defaults = {
            f: v for f, v in self._chosen_defaults.items() if f not in in_use or f not in REQUIRED
        }
        split = {f: s for f, s in self._split.items() if f in in_use}
        return ImportMapping(
            columns, values, flags, defaults, split, self.preview_data.sheet.header_row
        )

    def draft(self) -> Draft:
        """The mapping with what is still open (for a mapping file a person completes)."""
        open_values = {
            field_name: tuple(model.open_rows())
            for field_name, model in self.word_models.items()
            if model.open_rows()
        }
        return Draft(
            self.mapping(),
            tuple(self.columns_model.open_rows()),
            open_values,
            tuple(f for f, combo in self.default_choices.items() if not combo.currentData()),
        )

    # --- the live count ---------------------------------------------------------------------

    def _schedule_check(self) -> None:
        self._generation += 1
        self.count.setText(_("Checking…"))
        self.import_button.setEnabled(False)
        self.problems_button.hide()
        self._check_timer.start()

    def _run_check(self) -> None:
        if not self.isVisible():
            return
        generation = self._generation
        mapping = self.mapping()
        preview = self.preview_data
        self._set_busy(True)
        self._tasks.run(
            lambda: self._transfer.check_sheet(preview, mapping),
            lambda check: self._checked(generation, check),
            self._failed,
            _("Checking {file}…").format(file=preview.path.name),
        )

    def _checked(self, generation: int, check: SheetCheck) -> None:
        if not isValid(self) or generation != self._generation:
            return  # a newer choice is being checked, or the dialog is gone
        self._set_busy(False)
        self.check = check
        problems = len(check.problems)
        self.count.setText(
            ngettext("{n} row ready", "{n} rows ready", check.ready).format(n=check.ready)
            + ", "
            + ngettext("{m} problem", "{m} problems", problems).format(m=problems)
        )
        self.problems_button.setVisible(problems > 0)
        self.import_button.setEnabled(problems == 0 and check.ready > 0)

    def show_problems(self) -> None:
        if self.check is not None:
            self.problems_dialog = problems_dialog(
                self.check.problems, self, self.preview_data.path
            )
            self.problems_dialog.open()

    # --- import, sheets, mapping files ------------------------------------------------------

    def start_import(self) -> None:
        mapping = self.mapping()
        preview = self.preview_data
        self._set_busy(True)
        self._importing = True
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self._tasks.run(
            lambda: self._transfer.import_sheet(preview, mapping),
            self._imported,
            self._failed,
            _("Importing {file}…").format(file=preview.path.name),
        )

    def _imported(self, outcome: ImportOutcome) -> None:
        if not isValid(self):  # answers for a dialog already gone
            return
        self._set_busy(False)
        self._importing = False
        self.cancel_button.setEnabled(True)
        if outcome.problems:
            self.check = None
            self.count.setText(_("Nothing was imported."))
            self.problems_dialog = problems_dialog(outcome.problems, self, self.preview_data.path)
            self.problems_dialog.open()
            self._schedule_check()
            return
        self.outcome = outcome
        self.accept()
        self.imported.emit(outcome)

    def _sheet_chosen(self, _index: int) -> None:
        name = self.sheet_choice.currentText()
        path = self.preview_data.path
        self._set_busy(True)
        self._tasks.run(
            lambda: self._transfer.read_sheet(path, name),
            self._sheet_read,
            self._failed,
            _("Reading {file}…").format(file=path.name),
        )

    def _sheet_read(self, result: tuple[SheetPreview | None, ImportProblem | None]) -> None:
        if not isValid(self):  # answers for a dialog already gone
            return
        self._set_busy(False)
        preview, problem = result
        if preview is None:
            problems = [problem] if problem else []
            self.problems_dialog = problems_dialog(problems, self, self.preview_data.path)
            self.problems_dialog.open()
            return
        self.show_preview(preview)

    def save_mapping(self) -> None:
        suggested = self.preview_data.path.with_suffix(".toml")
        chosen = self._kit.dialogs.save_file_as(
            self, _("Save mapping"), suggested, _("Mapping files (*.toml)")
        )
        if chosen is None:
            return
        target = chosen[0]
        if target.suffix.casefold() != ".toml":
            target = target.with_name(target.name + ".toml")
        title = [_("Import mapping for {file}.").format(file=self.preview_data.path.name)]
        text = render_toml(self.draft(), self._kit.codes, self._kit.language, _, title)
        try:
            atomic_write(target, text, mode=SHARED_FILE_MODE)
        except OSError as error:
            self._failed(error)
            return
        self.note.setText(_("Mapping saved to {file}.").format(file=target.name))

    def load_mapping(self) -> None:
        chosen = self._kit.dialogs.open_files(
            self,
            _("Load mapping"),
            self.preview_data.path.parent,
            _("Mapping files (*.toml)"),
            many=False,
        )
        if not chosen:
            return
        try:
            text = chosen[0].read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self._failed(error)
            return
        mapping, problems = load_mapping(text, self._kit.codes, self._kit.municipalities)
        if mapping is None:
            self.problems_dialog = problems_dialog(
                problems, self, self.preview_data.path, chosen[0]
            )
            self.problems_dialog.open()
            return
        preview = self.preview_data
        draft = suggest(preview.sheet, self._suggester, mapping, preview.profiles)
        self.show_preview(preview, draft)

    def _failed(self, error: Exception) -> None:
        if not isValid(self):  # answers for a dialog already gone
            return
        self._set_busy(False)
        self._importing = False
        self.cancel_button.setEnabled(True)
        self.count.setText(error_text(error))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for widget in (self.load_button, self.save_button, self.sheet_choice):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if self._importing:
            return  # Esc while the rows are being stored: the import finishes first
        super().reject()

    def done(self, result: int) -> None:
        """Closed: no check is started any more, and answers still coming are dropped."""
        self._check_timer.stop()
        self._generation += 1
        super().done(result)


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


def open_mapping_dialog(
    preview: SheetPreview,
    transfer: TransferService,
    tasks: Tasks,
    kit: Kit,
    parent: QWidget,
    done: Callable[[ImportOutcome], None],
) -> MappingDialog:
    """The dialog, sized to the screen, calling ``done`` with what it imported."""
    dialog = MappingDialog(preview, transfer, tasks, kit, parent)
    screen = parent.screen().availableGeometry() if parent.screen() else None
    width, height = 1240, 720
    if screen is not None:
        width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
    dialog.resize(width, height)
    dialog.imported.connect(done)
    dialog.open()
    return dialog
