"""Printing several guides at once: tick them, see the booklet (cover, contents, each guide on
a new page) as it will print, then print or save it. One ticked guide prints as its own
sheet. Rendering runs in the background; a newer choice simply replaces an older render."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.guides import GuideError
from homesupport.i18n import _, ngettext
from homesupport.services.guides import LibraryGuide
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.fit import fit_to_screen
from homesupport.ui.common.guide_desk import GuideDesk, PrintChoice
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.tasks import Kind
from homesupport.ui.common.widgets import button, label, named
from homesupport.ui.guides.options import PrintOptionsBar
from homesupport.ui.guides.preview import GuidePreview
from homesupport.ui.guides.printing import file_name, print_with_dialog, save_pdf

SLUG_ROLE = Qt.ItemDataRole.UserRole + 1


def problems_text(error: Exception) -> str:
    if isinstance(error, GuideError):
        return "\n".join(p.describe(_) for p in error.problems)
    return error_text(error)


class BookletDialog(QDialog):
    def __init__(
        self,
        desk: GuideDesk,
        kit: Kit,
        language: str,
        chosen: Sequence[str] = (),
        parent: QWidget | None = None,
        choice: PrintChoice | None = None,
    ) -> None:
        """``choice``: the size and nickname already chosen (on the Guides page)."""
        super().__init__(parent)
        self._desk = desk
        self._kit = kit
        self._language = language
        self._generation = 0  # renders of an older choice are dropped when they arrive
        self.setWindowTitle(_("Print guides"))
        self.setAccessibleName(_("Print guides"))
        fit_to_screen(self, 1100, 800)

        self.guides = QListWidget()
        named(self.guides, _("Guides to print"), _("Space ticks a guide"))
        self.guides.itemChanged.connect(lambda _item: self._schedule())
        self.guides.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.guides.model().rowsMoved.connect(lambda *_args: self._schedule())
        self.guides.setSpacing(2)
        self.count_label = label("", "muted", wrap=True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(label(_("Tick the guides; drag to change the order"), "section"))
        left_layout.addWidget(self.guides, 1)
        left_layout.addWidget(self.count_label)

        self.options = PrintOptionsBar(kit, desk.client_search)
        self.options.set_language(language)
        if choice is not None:
            self.options.set_choice(choice)
        self.options.changed.connect(self._schedule)
        self.options.language_changed.connect(self._language_changed)
        self.preview = GuidePreview()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(_("Making the booklet"))
        self.progress.hide()
        self.pages_label = label("", "muted")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.options)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.progress)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 740])

        self.save_button = button(_("Save as PDF…"), kit.icons.get("export"))
        self.save_button.clicked.connect(lambda: self.save())
        self.print_button = button(_("Print…"), kit.icons.get("print", "on_accent"), "primary")
        self.print_button.setToolTip(_("Print (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_)
        close = button(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages_label)
        buttons.addStretch(1)
        for widget in (close, self.save_button, self.print_button):
            buttons.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(label(_("Print guides"), "title"))
        layout.addWidget(
            label(
                _(
                    "Several guides print as one booklet with a cover and contents; each guide "
                    "starts on a new page."
                ),
                "subtitle",
                wrap=True,
            )
        )
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # ticking three guides quickly renders once
        self._timer.timeout.connect(self.render_booklet)
        self._fill(list(chosen))
        self.render_booklet()

    # --- the choice ---------------------------------------------------------------------------
    def _fill(self, chosen: list[str]) -> None:
        library = self._desk.library
        entries = {e.slug: e for e in library.guides(self._language)}
        for slug in library.slugs():  # guides missing in this language, in another one
            if slug not in entries:
                entries[slug] = library.require(slug)
        ordered = [entries[s] for s in chosen if s in entries]
        ordered += sorted(
            (e for s, e in entries.items() if s not in chosen), key=lambda e: e.title.casefold()
        )
        self.guides.blockSignals(True)
        self.guides.clear()
        for entry in ordered:
            text = entry.title
            if entry.language != self._language:
                text += f" ({self._kit.label('language', entry.language)})"
            item = QListWidgetItem(text)
            item.setData(SLUG_ROLE, entry.slug)
            item.setToolTip(entry.guide.summary)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = entry.slug in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.guides.addItem(item)
        self.guides.blockSignals(False)
        if self.guides.count():
            self.guides.setCurrentRow(0)

    def chosen(self) -> list[str]:
        items = (self.guides.item(row) for row in range(self.guides.count()))
        return [i.data(SLUG_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked]

    def entries(self) -> list[LibraryGuide]:
        library = self._desk.library
        return [library.get(s, self._language) or library.require(s) for s in self.chosen()]

    def _language_changed(self, language: str) -> None:
        self._language = language
        self._fill(self.chosen())
        self.render_booklet()

    # --- rendering ----------------------------------------------------------------------------
    def _schedule(self) -> None:
        self._timer.start()

    def render_booklet(self) -> None:
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        entries = self.entries()
        count = len(entries)
        self.count_label.setText(
            ngettext("{n} guide ticked", "{n} guides ticked", count).format(n=count)
        )
        self._set_ready(False)
        if not entries:
            self.progress.hide()
            self.preview.show_message(_("Tick at least one guide."))
            return
        self.progress.show()
        self.preview.show_message(_("Making the booklet…") if count > 1 else _("Rendering…"))
        self._desk.tasks.run(
            self._desk.render_set(entries, self._language, self.options.choice()),
            lambda data: self._rendered(generation, data),
            lambda error: self._failed(generation, error),
            _("Making the booklet…"),
            kind=Kind.BESIDE,  # rendering only: need not wait behind a backup
        )

    def _rendered(self, generation: int, data: bytes) -> None:
        if generation != self._generation:
            return
        self.progress.hide()
        self.preview.show_pdf(data)
        pages = self.preview.page_count()
        self.pages_label.setText(ngettext("{n} page", "{n} pages", pages).format(n=pages))
        self._set_ready(True)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self.progress.hide()
        self.preview.show_message(_("This cannot be printed:") + "\n" + problems_text(error))

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)
        if not ready:
            self.pages_label.clear()

    def is_rendering(self) -> bool:
        return self.progress.isVisible() or self._timer.isActive()

    # --- output -------------------------------------------------------------------------------
    def _title(self) -> str:
        entries = self.entries()
        if len(entries) == 1:
            return entries[0].title
        return _("My guides")

    def save(self) -> Path | None:
        if self.preview.data is None:
            return None
        suggested = Path.home() / f"{file_name(self._title())}.pdf"
        return save_pdf(
            self, self._kit.dialogs, self.preview.data, suggested, self._desk.library.write_pdf
        )

    def print_(self) -> None:
        if self.preview.data is None:
            return
        print_with_dialog(
            self,
            self._kit.dialogs,
            self.preview.data,
            self._desk.tasks,
            self._title(),
            lambda _pages: None,
            lambda error: self._kit.dialogs.warn(self, _("Print guides"), error_text(error)),
        )

    def done(self, result: int) -> None:
        self._generation += 1  # a render still running has nowhere to go
        super().done(result)
