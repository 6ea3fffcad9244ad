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

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QProgressBar,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from homesupport.domain.import_mapping import (
    CODED_FIELDS,
    FIELD_LISTS,
    MULTI_FIELDS,
    Draft,
    ImportMapping,
    load_mapping,
    render_toml,
    value_key,
)
from homesupport.domain.import_sheet import Suggester, field_values, suggest
from homesupport.domain.importing import REQUIRED, ImportProblem
from homesupport.files import SHARED_FILE_MODE, atomic_write
from homesupport.i18n import N_, _, ngettext
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.tasks import Tasks
from homesupport.ui.common.widgets import button, label, named
from homesupport.ui.sessions.import_export import problems_dialog
from homesupport.ui.sessions.import_mapping_choices import (
    FIELD_NAMES,
    code_choices,
    column_choice,
    column_choices,
    provided_fields,
    read_mapping,
)
from homesupport.ui.sessions.import_mapping_tables import (
    ChoiceModel,
    ChoiceRow,
    ChoiceTable,
    PreviewModel,
    choice_table,
)

if TYPE_CHECKING:
    from homesupport.services.sheet_import import SheetCheck, SheetPreview
    from homesupport.services.transfer import ImportOutcome, TransferService

PREVIEW_ROWS = 8
CHECK_DELAY_MS = 250


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
            choice = column_choice(mapping, sheet_column.heading)
            examples = (
                preview.profiles[sheet_column.index].counts.values() if preview.profiles else ()
            )
            example = ", ".join(text for text, _rows in list(examples)[:3])
            rows.append(ChoiceRow(sheet_column.heading, example, choice))
        self.columns_model.set_choices(rows, column_choices(self._kit))
        self._chosen_words = {
            field_name: dict(words) for field_name, words in mapping.values.items()
        }
        self.word_models = {}  # the words of an earlier sheet or mapping are not kept
        self._chosen_defaults = dict(mapping.defaults)
        self._rebuild_words()
        self._rebuild_defaults()
        self._schedule_check()

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
            model.set_choices(rows, code_choices(self._kit, field_name))
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
        provided = provided_fields(self._targets())
        for field_name in REQUIRED:
            if field_name in provided or field_name not in FIELD_LISTS:
                continue
            combo = named(
                QComboBox(),
                _("{field} of every row").format(field=_(FIELD_NAMES[field_name])),
            )
            combo.addItem(_("Choose…"), "")
            for value, text in code_choices(self._kit, field_name)[:-1]:
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
        return read_mapping(
            self._targets(),
            self._chosen_words,
            self._chosen_defaults,
            self._split,
            self.preview_data.sheet.header_row,
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
