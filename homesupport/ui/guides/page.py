"""The Guides page: the library (search, topic and language filters), a preview exactly as it
will print, print and save, booklets, the editor, and sharing guides with colleagues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.guides import Guide, GuideError, GuideProblem, GuideStep
from homesupport.i18n import _, ngettext
from homesupport.services.guide_choices import PendingUpdate, SetAside
from homesupport.services.guides import EXPORT_SUFFIX, DeletedGuide, LibraryGuide
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.notice import Notice
from homesupport.ui.common.widgets import button, label, page_header, page_shortcuts
from homesupport.ui.guides.booklet import BookletDialog, problems_text
from homesupport.ui.guides.changes import GuideUpdateBar
from homesupport.ui.guides.editor import GuideEditor
from homesupport.ui.guides.listing import (
    ENTRY_ROLE,
    GuideColumn,
    GuideFilters,
    GuideListModel,
    about_text,
    empty_label,
    guide_table,
    why_not_deleted,
)
from homesupport.ui.guides.options import PrintOptionsBar
from homesupport.ui.guides.preview import GuidePreview
from homesupport.ui.guides.printing import file_name, print_with_dialog, save_pdf
from homesupport.ui.guides.problems import GuideProblemsDialog, import_problems_dialog


class GuidesPage(QWidget):
    def __init__(
        self,
        desk: GuideDesk,
        kit: Kit,
        today: Callable[[], dt.date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk = desk
        self._library = desk.library
        self._kit = kit
        self._today = today
        self._undo: DeletedGuide | None = None
        self.current: LibraryGuide | None = None
        self.dialog: QWidget | None = None  # the editor, booklet or problems dialog open
        icons = kit.icons

        # --- header
        self.title = label(_("Guides"), "title")
        self.count_label = label("", "subtitle")
        self.import_button = button(_("Import…"), icons.get("import"))
        self.import_button.setToolTip(_("Add guides a colleague exported (.zip)"))
        self.import_button.clicked.connect(lambda: self.import_guides())
        self.booklet_button = button(_("Booklet…"), icons.get("duplicate"))
        self.booklet_button.setToolTip(_("Print several guides as one booklet"))
        self.booklet_button.clicked.connect(lambda: self.open_booklet())
        self.new_button = button(_("New guide"), icons.get("add", "on_accent"), "primary")
        self.new_button.setIconSize(QSize(20, 20))
        self.new_button.setToolTip(_("Write a guide of your own (Ctrl+N)"))
        self.new_button.clicked.connect(lambda: self.new_guide())
        header = page_header(
            self.title, self.count_label, self.import_button, self.booklet_button, self.new_button
        )

        # --- filters and list
        self.filters = GuideFilters(kit)
        # Named on the page as well: its shortcuts, language changes and tests reach them.
        self.search, self.topic, self.language = (
            self.filters.search,
            self.filters.topic,
            self.filters.language,
        )
        self.language_label = self.filters.language_label
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.topic.currentIndexChanged.connect(lambda _i: self.refresh())
        self.language.currentIndexChanged.connect(lambda _i: self.refresh())
        self.model = GuideListModel(kit, self)
        self.table = guide_table(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        self.table.activated.connect(lambda _i: self.edit_guide())
        self.empty = empty_label()

        self.about = label("", "muted", wrap=True)
        self.update_bar = GuideUpdateBar(desk, kit)  # the coordinator updated the own copy
        self.update_bar.adopted.connect(self._coordinators_adopted)
        self.update_bar.kept.connect(self._own_copy_kept)
        desk.signals.reloaded.connect(self._library_reloaded)
        self.edit_button = button(_("Edit"), icons.get("edit"))
        self.edit_button.setToolTip(_("Edit the guide (Ctrl+E)"))
        self.edit_button.clicked.connect(lambda: self.edit_guide())
        self.duplicate_button = button(_("Duplicate"), icons.get("duplicate"))
        self.duplicate_button.setToolTip(_("Make a new guide of your own from this one"))
        self.duplicate_button.clicked.connect(lambda: self.duplicate_guide())
        self.export_button = button(_("Export…"), icons.get("export"))
        self.export_button.setToolTip(_("Save the guide in every language as a .zip to share"))
        self.export_button.clicked.connect(lambda: self.export_guide())
        self.delete_button = button(_("Delete"), icons.get("delete", kit.theme.danger), "danger")
        self.delete_button.setToolTip(_("Delete your own guide or your edited copy"))
        self.delete_button.clicked.connect(lambda: self.delete_guide())
        header.insertWidget(2, self.export_button)  # beside Import: the row below stays short
        actions = QHBoxLayout()
        for widget in (self.edit_button, self.duplicate_button, self.delete_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        self.problems_button = button("", icons.get("warning"))
        self.problems_button.clicked.connect(self.show_library_problems)
        self.stale_note = label("", "muted", wrap=True)  # guides due a check against the service

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(10)
        left_layout.addLayout(self.filters.layout)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty, 1)
        left_layout.addWidget(self.about)
        left_layout.addWidget(self.update_bar)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.problems_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.stale_note)

        # --- preview
        self.options = PrintOptionsBar(kit, desk.client_search)
        self.options.changed.connect(self.render_preview)
        self.options.language_changed.connect(self._language_chosen)
        self.preview = GuidePreview()
        self.pages_label = label("", "muted")
        self.save_button = button(_("Save as PDF…"), icons.get("export"))
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.print_button = button(_("Print…"), icons.get("print", "on_accent"), "primary")
        self.print_button.setToolTip(_("Print the guide (Ctrl+P)"))
        self.print_button.clicked.connect(self.print_guide)
        output = QHBoxLayout()
        output.addWidget(self.pages_label)
        output.addStretch(1)
        output.addWidget(self.save_button)
        output.addWidget(self.print_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(10)
        right_layout.addWidget(self.options)
        right_layout.addWidget(self.preview, 1)
        right_layout.addLayout(output)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([660, 560])

        self.notice = Notice()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 16)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.notice)

        page_shortcuts(
            self,
            (QKeySequence.StandardKey.Find, self._focus_search),
            (QKeySequence.StandardKey.Print, self.print_guide),
            (QKeySequence("Ctrl+E"), self.edit_guide),
            (QKeySequence.StandardKey.New, self.new_guide),
            (QKeySequence.StandardKey.Undo, self.undo_delete),
        )
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # Del in the search field edits text
        delete.activated.connect(self.delete_guide)
        self.refresh()

    # --- the list -----------------------------------------------------------------------------
    def page_shown(self) -> None:
        self.refresh()

    def refresh(self, select: tuple[str, str] | None = None) -> None:
        """Fills the list from the filters and keeps (or moves to) the chosen guide."""
        keep = select or (self.current and (self.current.slug, self.current.language))
        entries = self._library.search(
            self.search.text(),
            language=self.language_filter(),
            topic=self.filters.topic_filter(),
        )
        self.model.set_entries(entries)
        self.table.setColumnHidden(
            GuideColumn.LANGUAGE, self.language_filter() is not None
        )  # all one language
        total = len(self._library.guides(self.language_filter()))
        self.count_label.setText(
            ngettext("{n} guide", "{n} guides", total).format(n=total)
            if len(entries) == total
            else _("{shown} of {total} guides").format(shown=len(entries), total=total)
        )
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        row = None
        if keep:
            row = self.model.row_of(keep[0], keep[1])
            if row is None:  # same guide, other language (the language filter changed)
                row = self.model.row_of(keep[0])
        if row is None and entries:
            row = 0
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, GuideColumn.TITLE))
        self._selected()
        self._show_problem_count()
        self._show_stale_guides()

    def language_filter(self) -> str | None:
        return self.filters.language_filter()

    def _selected(self) -> None:
        index = self.table.selectionModel().currentIndex()
        entry = index.data(ENTRY_ROLE) if index.isValid() and not self.table.isHidden() else None
        if not self.model.rowCount():
            entry = None
        changed = entry != self.current
        self.current = entry
        for widget in (
            self.edit_button,
            self.duplicate_button,
            self.export_button,
            self.save_button,
            self.print_button,
        ):
            widget.setEnabled(entry is not None)
        self.delete_button.setEnabled(entry is not None and entry.editable)
        why_not = why_not_deleted(entry) if entry is not None and not entry.editable else ""
        # Shown on the greyed button too, and read by a screen reader as its description.
        self.delete_button.setToolTip(why_not or _("Delete your own guide or your edited copy"))
        self.delete_button.setAccessibleDescription(why_not)
        self.about.setText(about_text(entry, self._desk.choices.received))
        self.update_bar.show_entry(entry)
        if entry is not None:
            self.options.set_language(entry.language, self._library.languages(entry.slug))
        if changed or entry is None:
            self.render_preview()

    def _language_chosen(self, language: str) -> None:
        if self.current is None:
            return
        slug = self.current.slug
        if self.language_filter() not in (None, language):
            self.language.blockSignals(True)
            self.language.setCurrentIndex(self.language.findData(language))
            self.language.blockSignals(False)
        self.current = None
        self.refresh(select=(slug, language))

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_problem_count(self) -> None:
        count = len({p.file for p in self._library.problems})
        self.problems_button.setText(
            ngettext(
                "{n} guide file could not be read: show why",
                "{n} guide files could not be read: show why",
                count,
            ).format(n=count)
        )
        self.problems_button.setAccessibleName(self.problems_button.text())
        self.problems_button.setVisible(count > 0)

    def _show_stale_guides(self) -> None:
        stale = self._library.stale(self._today(), self.language_filter())
        self.stale_note.setText(
            ngettext(
                "Checked more than 12 months ago, due a check against the service: {titles}",
                "Checked more than 12 months ago, due a check against the service: {titles}",
                len(stale),
            ).format(titles=", ".join(entry.title for entry in stale))
        )
        self.stale_note.setVisible(bool(stale))

    def show_library_problems(self) -> GuideProblemsDialog:
        self.dialog = GuideProblemsDialog(
            _("Guide files left out"),
            _(
                "These files have problems and are not in the library; every other guide "
                "works. Fix the field named, or delete the file."
            ),
            self._library.problems,
            self,
        )
        self.dialog.open()
        return self.dialog

    # --- the coordinator's guides -------------------------------------------------------------
    def _library_reloaded(self) -> None:
        """A sync brought or withdrew guides: show them, the chosen guide rendered anew."""
        keep = self.current and (self.current.slug, self.current.language)
        self.current = None
        self.refresh(select=keep or None)

    def _coordinators_adopted(self, aside: SetAside) -> None:
        self.current = None
        self.refresh(select=(aside.slug, aside.language))
        title = self.current.title if self.current else aside.slug
        self.notice.show_message(
            _(
                "You now use your coordinator's version of “{title}”. Your copy is set aside."
            ).format(title=title),
            _("Undo"),
            lambda: self._bring_back(aside),
        )

    def _bring_back(self, aside: SetAside) -> None:
        try:
            entry = self._desk.choices.bring_back(aside)
        except (GuideError, LookupError, OSError) as error:
            self._kit.dialogs.warn(self, _("Undo"), problems_text(error))
            return
        self.current = None
        self.refresh(select=(entry.slug, entry.language))
        self.notice.show_message(_("Your copy of “{title}” is back.").format(title=entry.title))

    def _own_copy_kept(self, update: PendingUpdate) -> None:
        self.refresh(select=(update.slug, update.language))
        self.notice.show_message(
            _("You keep your copy. You are asked again when your coordinator updates it.")
        )

    # --- preview and output -------------------------------------------------------------------
    def render_preview(self) -> None:
        entry = self.current
        if entry is None:
            self.preview.show_message(_("Choose a guide to see it as it will print."))
            self.pages_label.clear()
            return
        try:
            data = self._desk.render(entry, self.options.choice())
        except GuideError as error:
            self.preview.show_message(
                _("This guide cannot be printed:") + "\n" + problems_text(error)
            )
            self.pages_label.clear()
            self.save_button.setEnabled(False)
            self.print_button.setEnabled(False)
            return
        self.preview.show_pdf(data)
        pages = self.preview.page_count()
        self.pages_label.setText(ngettext("{n} page", "{n} pages", pages).format(n=pages))
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def save_pdf(self) -> Path | None:
        if self.current is None or self.preview.data is None:
            return None
        suggested = Path.home() / f"{file_name(self.current.title)}.pdf"
        saved = save_pdf(
            self, self._kit.dialogs, self.preview.data, suggested, self._library.write_pdf
        )
        if saved is not None:
            self.notice.show_message(_("Saved {file}.").format(file=str(saved)))
        return saved

    def print_guide(self) -> None:
        if self.current is None or self.preview.data is None:
            return
        print_with_dialog(
            self,
            self._kit.dialogs,
            self.preview.data,
            self._desk.tasks,
            self.current.title,
            lambda pages: self.notice.show_message(
                ngettext(
                    "{n} page sent to the printer.", "{n} pages sent to the printer.", pages
                ).format(n=pages)
            ),
            lambda error: self._kit.dialogs.warn(self, _("Print"), error_text(error)),
        )

    def open_booklet(self) -> BookletDialog:
        chosen = [self.current.slug] if self.current else []
        language = self.current.language if self.current else self._kit.language
        self.dialog = BookletDialog(
            self._desk, self._kit, language, chosen, self, choice=self.options.choice()
        )
        self.dialog.open()
        return self.dialog

    # --- editing ------------------------------------------------------------------------------
    def new_guide(self) -> GuideEditor:
        language = self.language_filter() or self._kit.language
        draft = Guide(
            slug="new-guide",
            language=language,
            title="",
            summary="",
            topics=(),
            checked=self._today(),
            steps=(GuideStep(text=""),),
        )
        return self._open_editor(draft, None)

    def edit_guide(self) -> GuideEditor | None:
        if self.current is None:
            return None
        return self._open_editor(self.current.guide, self.current)

    def _open_editor(self, guide: Guide, source: LibraryGuide | None) -> GuideEditor:
        editor = GuideEditor(self._library, self._kit, guide, source, self)
        editor.saved.connect(self._saved)
        editor.finished.connect(editor.deleteLater)
        self.dialog = editor
        editor.open()
        return editor

    def _saved(self, entry: LibraryGuide) -> None:
        self.current = None  # the same slug may now hold a new version: render it again
        self._show_language(entry.language)
        self.refresh(select=(entry.slug, entry.language))
        self.notice.show_message(_("Guide “{title}” saved.").format(title=entry.title))

    def _show_language(self, language: str) -> None:
        if self.language_filter() not in (None, language):
            self.language.setCurrentIndex(self.language.findData(language))

    def duplicate_guide(self) -> str | None:
        if self.current is None:
            return None
        try:
            slug = self._library.duplicate(self.current.slug)
        except (GuideError, OSError) as error:
            self._kit.dialogs.warn(self, _("Duplicate"), problems_text(error))
            return None
        self.refresh(select=(slug, self.current.language))
        self.notice.show_message(_("Copy made in every language; it is now your own guide."))
        return slug

    # --- delete and undo ----------------------------------------------------------------------
    def delete_guide(self) -> bool:
        entry = self.current
        if entry is None:
            return False
        if not entry.editable:  # Delete, the key, says why rather than doing nothing
            self.notice.show_message(why_not_deleted(entry), _("Duplicate"), self.duplicate_guide)
            return False
        language = self._kit.label("language", entry.language)
        question = (
            _("Delete your edited copy of “{title}” ({language})? The bundled guide comes back.")
            if entry.overrides_bundled
            else _("Delete your guide “{title}” ({language})?")
        ).format(title=entry.title, language=language)
        if not self._kit.dialogs.ask(self, _("Delete guide"), question):
            return False
        try:
            deleted = self._library.delete_undoably(entry)
        except (GuideError, OSError) as error:
            self._kit.dialogs.warn(self, _("Delete guide"), problems_text(error))
            return False
        if self._undo is not None:
            self._undo.forget()
        self._undo = deleted
        self.current = None
        self.refresh(select=(entry.slug, entry.language))
        self.notice.show_message(
            _("Guide “{title}” deleted.").format(title=entry.title), _("Undo"), self.undo_delete
        )
        return True

    def undo_delete(self) -> None:
        if self._undo is None:
            return
        deleted, self._undo = self._undo, None
        try:
            restored = self._library.restore(deleted)
        except (GuideError, OSError) as error:
            self._kit.dialogs.warn(self, _("Undo"), problems_text(error))
            return
        self.current = None
        self.refresh(select=(restored.slug, restored.language))
        self.notice.show_message(_("Guide “{title}” restored.").format(title=restored.title))

    # --- sharing ------------------------------------------------------------------------------
    def export_guide(self) -> None:
        entry = self.current
        if entry is None:
            return
        path = self._kit.dialogs.save_file(
            self,
            _("Export guide"),
            Path.home() / f"{entry.slug}{EXPORT_SUFFIX}",
            _("Guide files (*.zip)"),
        )
        if path is None:
            return
        if path.suffix.lower() != EXPORT_SUFFIX:
            path = path.with_name(path.name + EXPORT_SUFFIX)
        target = path
        self._desk.tasks.run(
            lambda: self._library.export(entry.slug, target),
            lambda saved: self.notice.show_message(
                _("“{title}” exported to {file}, in every language.").format(
                    title=entry.title, file=str(saved)
                )
            ),
            lambda error: self._kit.dialogs.warn(self, _("Export guide"), problems_text(error)),
            _("Exporting {file}…").format(file=target.name),
        )

    def import_guides(self) -> None:
        paths = self._kit.dialogs.open_files(
            self,
            _("Import guides"),
            Path.home(),
            _("Guide files (*.zip);;All files (*)"),
            many=True,
        )
        if not paths:
            return
        files = list(paths)
        self.import_button.setEnabled(False)
        self._desk.tasks.run(
            lambda: self._library.import_files(files),
            self._imported,
            self._import_failed,
            _("Importing guides…"),
        )

    def _imported(self, outcome: tuple[list[LibraryGuide], list[GuideProblem]]) -> None:
        self.import_button.setEnabled(True)
        added, problems = outcome
        if added:
            first = next((e for e in added if e.language == self.language_filter()), added[0])
            self.current = None
            self._show_language(first.language)
            self.refresh(select=(first.slug, first.language))
            titles = sorted({e.slug: e.title for e in added}.values())
            self.notice.show_message(
                ngettext("Imported: {titles}.", "Imported: {titles}.", len(titles)).format(
                    titles=", ".join(titles)
                )
            )
        if problems:
            self.dialog = import_problems_dialog(problems, self)
            self.dialog.open()

    def _import_failed(self, error: Exception) -> None:
        self.import_button.setEnabled(True)
        self._kit.dialogs.warn(self, _("Import guides"), problems_text(error))
