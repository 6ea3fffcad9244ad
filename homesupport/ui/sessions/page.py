"""The start page: "New session", the filtered session table, edit, duplicate, delete with
undo, and import/export of session files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.formatting import (
    count_text,
    date_text,
    day_month_text,
    minutes_text,
    relative_day,
    time_text,
)
from homesupport.domain.sessions import Session, SessionFilter
from homesupport.i18n import _, ngettext
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.fit import ColumnFit
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.notice import Notice
from homesupport.ui.common.tasks import Changed, Kind, Tasks, touches
from homesupport.ui.common.widgets import button, label, page_header, page_shortcuts
from homesupport.ui.sessions.filters import SessionFilters
from homesupport.ui.sessions.model import COLUMNS, SessionColumn, SessionTableModel

if TYPE_CHECKING:
    from homesupport.domain.importing import ImportProblem
    from homesupport.services.clients import ClientService
    from homesupport.services.sessions import SessionService
    from homesupport.services.sheet_import import SheetPreview
    from homesupport.services.transfer import ImportOutcome, TransferService
    from homesupport.ui.sessions.form import SessionForm

# What the table shows: a session's own data and its client's name.
SHOWN = Changed.SESSIONS | Changed.CLIENTS


class SessionsPage(QWidget):
    def __init__(
        self,
        service: SessionService,
        transfer: Callable[[], TransferService],
        tasks: Tasks,
        kit: Kit,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
        clients: ClientService | None = None,
        guides: GuideDesk | None = None,
        first: tuple[Sequence[Session], int | None] | None = None,
    ) -> None:
        """``first``: the newest sessions and how many there are (None: not counted yet, see
        :meth:`count`), when the caller already read them (the app's start, before the data
        layer has loaded)."""
        super().__init__(parent)
        self._guides = guides  # the form's "Guides given"
        self._service = service
        self._clients = clients  # the form's client type-ahead
        self._transfer = transfer  # made on first use: openpyxl is slow to load
        self._tasks = tasks
        self._kit = kit
        self._today = today
        self._undo: list[list[int]] = []  # ids of each delete, newest last
        self._stale = False  # sessions changed elsewhere while the page was out of view
        self.form: SessionForm | None = None
        icons = kit.icons

        self.title = label(_("Sessions"), "title")
        self.count_label = label("", "subtitle")
        self.import_button = button(_("Import…"), icons.get("import"))
        self.import_button.setToolTip(_("Bring sessions from a CSV or Excel file"))
        self.import_button.clicked.connect(self.import_sessions)
        self.export_button = button(_("Export…"), icons.get("export"))
        self.export_button.setToolTip(_("Save all sessions as Excel, CSV or JSON"))
        self.export_button.clicked.connect(self.export_sessions)
        self.new_button = button(_("New session"), icons.get("add", "on_accent"), "primary")
        self.new_button.setIconSize(QSize(20, 20))
        self.new_button.setToolTip(_("Log a new session (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_session)
        self.filters = SessionFilters(kit, today)
        self.filters.changed.connect(self._filter_changed)
        search = self.filters.search
        search.setMinimumWidth(
            search.fontMetrics().horizontalAdvance(search.placeholderText()) + 70
        )
        header = page_header(
            self.title,
            self.count_label,
            search,
            self.import_button,
            self.export_button,
            self.new_button,
        )

        self.model = SessionTableModel(service, kit, today, first=first)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Sessions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        head = self.table.horizontalHeader()
        head.setSortIndicator(SessionColumn.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        head.setHighlightSections(False)
        head.sortIndicatorChanged.connect(self._sort_changed)
        # Topics takes the room left; on a small screen or in large text the columns narrow
        # instead of scrolling sideways.
        self.column_fit = ColumnFit(
            self.table, *self._column_widths(kit, today()), stretch=SessionColumn.TOPICS
        )
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)  # Enter (and double-click on some OSes)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty = label("", "subtitle", wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.edit_button = button(_("Open"), icons.get("edit"))
        self.edit_button.setToolTip(_("Open the selected session (Enter)"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.duplicate_button = button(_("Duplicate"), icons.get("duplicate"))
        self.duplicate_button.setToolTip(_("Log a new session like the selected one"))
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button = button(_("Delete"), icons.get("delete", kit.theme.danger), "danger")
        self.delete_button.setToolTip(_("Delete the selected sessions (Delete); Ctrl+Z undoes"))
        self.delete_button.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        self.selection_label = label("", "muted")
        actions.addWidget(self.selection_label)
        actions.addStretch(1)
        for widget in (self.edit_button, self.duplicate_button, self.delete_button):
            actions.addWidget(widget)

        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 16)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(self.filters)
        layout.addWidget(self.stack, 1)
        layout.addLayout(actions)
        layout.addWidget(self.notice)

        page_shortcuts(
            self,
            (QKeySequence.StandardKey.New, self.new_session),
            (QKeySequence.StandardKey.Undo, self.undo_delete),
            (QKeySequence.StandardKey.Find, self._focus_search),
        )
        QShortcut(
            QKeySequence.StandardKey.Delete, self.table, context=Qt.ShortcutContext.WidgetShortcut
        ).activated.connect(self.delete_selected)
        # Turning sorting on above has loaded the model once already.
        if self.model.loaded_at is None:
            self.model.reload()
        self._show_state()
        # Other pages and background work say when sessions change: no polling.
        tasks.data_changed.connect(self._data_changed)

    # --- table ------------------------------------------------------------------------------
    def _column_widths(self, kit: Kit, today: dt.date) -> tuple[list[int], list[int]]:
        """What each column wants (its longest usual text in the table's font) and the
        least it narrows to (dates, times and durations never narrow)."""
        bold = QFont(self.table.font())
        bold.setBold(True)
        plain, strong = self.table.fontMetrics(), QFontMetrics(bold)
        pad = 2 * plain.averageCharWidth() + 8

        def longest(texts: Iterable[str], metrics: QFontMetrics = plain) -> int:
            return max(metrics.horizontalAdvance(text) for text in texts) + pad

        def labels(list_name: str) -> list[str]:
            return [kit.label(list_name, code.code) for code in kit.codes.of(list_name)]

        days = [relative_day(today - dt.timedelta(days=n), today) for n in range(9)]
        em = plain.averageCharWidth()
        wanted = [
            longest([*days, date_text(dt.date(today.year, 12, 31))], strong),
            longest([time_text(dt.time(23, 59))]),
            longest([minutes_text(95), minutes_text(90)]),
            longest(labels("mode")),
            36 * em,
            longest(labels("outcome")),
            longest(labels("programme")),
            16 * em,
        ]
        least = [*wanted[:3], 8 * em, 12 * em, 8 * em, 8 * em, 6 * em]
        return wanted, least

    def page_shown(self) -> None:
        if self._stale:
            self.reload()

    def _data_changed(self, changes: Changed, initiator: object) -> None:
        if initiator is self or not touches(changes, SHOWN):
            return
        if self.isVisible():
            ids = self.selected_ids()
            self.reload(select_id=ids[0] if len(ids) == 1 else None)
        else:  # reloaded when it comes into view
            self._stale = True

    def reload(self, select_id: int | None = None) -> None:
        self._stale = False
        self.model.reload()
        self._show_state(select_id)

    def count(self) -> None:
        """Shows how many sessions there are, when the first screen came without a count."""
        self.model.count()
        self._show_count()

    def _show_count(self) -> None:
        total = self.model.total
        if total is None:  # the newest are shown; the count follows (:meth:`count`)
            self.count_label.clear()
        elif self.model.session_filter != SessionFilter():
            self.count_label.setText(
                ngettext("{n} session shown", "{n} sessions shown", total).format(
                    n=count_text(total)
                )
            )
        else:
            self.count_label.setText(
                ngettext("{n} session logged", "{n} sessions logged", total).format(
                    n=count_text(total)
                )
            )

    def _show_state(self, select_id: int | None = None) -> None:
        self._show_count()
        total = self.model.total
        active = self.model.session_filter != SessionFilter()
        if total == 0:
            self.empty.setText(
                _("No session matches these filters.")
                if active
                else _("No sessions yet.\nLog your first one with “New session” (Ctrl+N).")
            )
        self.stack.setCurrentWidget(self.empty if total == 0 else self.table)
        if select_id is not None and (row := self.model.row_of(select_id)) is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, SessionColumn.DATE))
        self._selection_changed()

    def _filter_changed(self, session_filter: SessionFilter) -> None:
        self.model.set_filter(session_filter)  # loads the model once
        self._show_state()

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if not self.model.is_sortable(column):
            # Only some columns sort in the database; put the indicator back where it was.
            head = self.table.horizontalHeader()
            key, descending = self.model.sort_order
            previous = next(i for i, c in enumerate(COLUMNS) if c.sort_key == key)
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            head.blockSignals(True)
            head.setSortIndicator(previous, order)
            head.blockSignals(False)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        # Listed sessions are stored ones: each has its id.
        return [i for r in rows if (i := self.model.session_at(r).id) is not None]

    def _selection_changed(self, *_args: object) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(count == 1)
        self.duplicate_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count > 0)
        self.selection_label.setText(
            ngettext("{n} selected", "{n} selected", count).format(n=count) if count else ""
        )

    def _focus_search(self) -> None:
        self.filters.search.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- the form ---------------------------------------------------------------------------
    def new_session(self) -> None:
        self.open_form(self._service.new_session())

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1 and (session := self._service.get(ids[0])) is not None:
            self.open_form(session)

    def duplicate_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1 and (copy := self._service.duplicate(ids[0])) is not None:
            self.open_form(copy)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.edit_selected()

    def open_form(self, session: Session) -> SessionForm:
        from homesupport.ui.sessions.form import SessionForm  # loaded with the first form

        self.form = SessionForm(
            self._service, self._kit, session, self, clients=self._clients, guides=self._guides
        )
        self.form.saved.connect(self._saved)
        self.form.finished.connect(self._form_closed)
        self.form.open()
        return self.form

    def _saved(self, session: Session) -> None:
        self.reload(select_id=session.id)
        self._tasks.notify(Changed.SESSIONS | Changed.FOLLOW_UPS, self)
        self.notice.show_message(
            _("Session of {date} saved.").format(date=day_month_text(session.date))
        )

    def _form_closed(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None
        self.table.setFocus()

    # --- delete and undo --------------------------------------------------------------------
    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self._service.delete(ids)
        self._undo.append(ids)
        self.reload()
        self._tasks.notify(Changed.SESSIONS | Changed.FOLLOW_UPS, self)
        self.notice.show_message(
            ngettext("{n} session deleted.", "{n} sessions deleted.", len(ids)).format(n=len(ids)),
            _("Undo"),
            self.undo_delete,
        )

    def undo_delete(self) -> None:
        if not self._undo:
            return
        ids = self._undo.pop()
        self._service.undelete(ids)
        self.reload(select_id=ids[0])
        self._tasks.notify(Changed.SESSIONS | Changed.FOLLOW_UPS, self)
        self.notice.show_message(
            ngettext("{n} session restored.", "{n} sessions restored.", len(ids)).format(n=len(ids))
        )

    # --- files ------------------------------------------------------------------------------
    def import_sessions(self) -> None:
        from homesupport.ui.sessions.import_export import choose_import_file

        path = choose_import_file(self, self._kit.dialogs)
        if path is None:
            return
        self._set_file_buttons(False)
        self._tasks.run(
            lambda: self._transfer().read_sheet(path),
            lambda result: self._sheet_read(path, result),
            self._file_failed,
            _("Reading {file}…").format(file=path.name),
            kind=Kind.BESIDE,  # the file only
        )

    def _sheet_read(
        self, path: Path, result: tuple[SheetPreview | None, ImportProblem | None]
    ) -> None:
        """A file in the standard columns imports at once; any other sheet (own headings,
        title rows, several sheets) opens the mapping dialog (import mapping v1)."""
        preview, problem = result
        if preview is None:  # unreadable: the problems dialog says why
            from homesupport.services.transfer import ImportOutcome

            self._imported(path, ImportOutcome(0, [problem] if problem else []))
            return
        if preview.standard and len(preview.table.sheets) <= 1:  # stored at once
            self._tasks.run(
                lambda: self._transfer().import_read(preview),
                lambda outcome: self._imported(path, outcome),
                self._file_failed,
                _("Importing {file}…").format(file=path.name),
            )
            return
        self._set_file_buttons(True)
        from homesupport.ui.sessions.import_mapping import open_mapping_dialog

        self.mapping_dialog = open_mapping_dialog(
            preview,
            self._transfer(),
            self._tasks,
            self._kit,
            self,
            lambda outcome: self._imported(path, outcome),
        )

    def _imported(self, path: Path, outcome: ImportOutcome) -> None:
        self._set_file_buttons(True)
        if outcome.problems:
            from homesupport.ui.sessions.import_export import ImportProblemsDialog

            self.problems_dialog = ImportProblemsDialog(path, outcome.problems, self)
            self.problems_dialog.open()
            return
        self.reload()
        if outcome.added:
            self._tasks.notify(Changed.SESSIONS | Changed.FOLLOW_UPS, self)
        self.notice.show_message(
            ngettext(
                "{n} session imported from {file}.",
                "{n} sessions imported from {file}.",
                outcome.added,
            ).format(n=outcome.added, file=path.name)
        )

    def export_sessions(self) -> None:
        suggested = Path.home() / _("sessions-{date}.xlsx").format(date=self._today().isoformat())
        from homesupport.ui.sessions.import_export import choose_export_file

        target = choose_export_file(self, self._kit.dialogs, suggested)
        if target is None:
            return
        path, fmt = target
        self._set_file_buttons(False)
        self._tasks.run(
            lambda: self._transfer().export_file(path, fmt),
            lambda count: self._exported(path, count),
            self._file_failed,
            _("Exporting to {file}…").format(file=path.name),
            kind=Kind.BESIDE,  # reads in a transaction of its own
        )

    def _exported(self, path: Path, count: int) -> None:
        self._set_file_buttons(True)
        self.notice.show_message(
            ngettext("{n} session saved to {file}.", "{n} sessions saved to {file}.", count).format(
                n=count, file=str(path)
            )
        )

    def _file_failed(self, error: Exception) -> None:
        self._set_file_buttons(True)
        self._kit.dialogs.warn(self, _("Sessions"), error_text(error))

    def _set_file_buttons(self, enabled: bool) -> None:
        self.import_button.setEnabled(enabled)
        self.export_button.setEnabled(enabled)
