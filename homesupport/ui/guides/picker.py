""" "Guides given" in the session form: guides suggested for the ticked topics, ticked when
given (stored as slugs in ``Session.guides``), another guide added by title, and the ticked
ones printed. Nothing here needs input: a session saves the same with the picker untouched."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from homesupport.i18n import _, ngettext
from homesupport.services.guides import LibraryGuide
from homesupport.ui.common.guide_desk import GuideDesk

if TYPE_CHECKING:
    from homesupport.ui.guides.booklet import BookletDialog
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import button, label, named

SLUG_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_HEIGHT = 30


class GuidePicker(QWidget):
    changed = Signal()

    def __init__(self, desk: GuideDesk, kit: Kit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._kit = kit
        self._topics: tuple[str, ...] = ()
        self.booklet: BookletDialog | None = None
        self.hint = label("", "muted", wrap=True)
        self.list = QListWidget()
        named(self.list, _("Guides given"), _("Space ticks a guide as given"))
        self.list.itemChanged.connect(self._item_changed)
        self.add = QComboBox()
        named(self.add, _("Add another guide"))
        self.add.activated.connect(self._add_chosen)
        self.print_button = button(_("Print…"), kit.icons.get("print"))
        self.print_button.setToolTip(_("Preview and print the ticked guides"))
        self.print_button.clicked.connect(self.print_ticked)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        add_label = QLabel(_("Add:"))
        add_label.setBuddy(self.add)  # the label relation a screen reader reads it by
        row.addWidget(add_label)
        row.addWidget(self.add, 1)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self._refill(())

    # --- values -------------------------------------------------------------------------------
    def guides(self) -> tuple[str, ...]:
        """The slugs ticked as given, in list order."""
        return tuple(
            item.data(SLUG_ROLE)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_guides(self, slugs: Iterable[str]) -> None:
        self._refill(tuple(slugs))

    def set_topics(self, topics: Iterable[str]) -> None:
        """Suggestions follow the topics; ticked guides stay whatever the topics."""
        self._topics = tuple(topics)
        self._refill(self.guides())

    # --- list ---------------------------------------------------------------------------------
    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def _entry(self, slug: str) -> LibraryGuide | None:
        library = self._desk.library
        entry = library.get(slug, self._kit.language)
        if entry is None and slug in library.slugs():
            entry = library.require(slug)
        return entry

    def _refill(self, ticked: tuple[str, ...]) -> None:
        suggested = self._desk.library.suggest(self._topics, self._kit.language)
        slugs = list(dict.fromkeys([*ticked, *(e.slug for e in suggested)]))
        self.list.blockSignals(True)
        self.list.clear()
        for slug in slugs:
            entry = self._entry(slug)
            item = QListWidgetItem(entry.title if entry else slug)  # a deleted guide keeps its slug
            item.setData(SLUG_ROLE, slug)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if slug in ticked else Qt.CheckState.Unchecked)
            if entry is not None:
                item.setToolTip(entry.guide.summary)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setFixedHeight(ROW_HEIGHT * max(1, min(len(slugs), 6)) + 8)
        self.list.setVisible(bool(slugs))
        self._fill_add(set(slugs))
        self._update_hint()

    def _fill_add(self, listed: set[str]) -> None:
        self.add.clear()
        self.add.addItem(_("Add another guide…"), "")  # never None: see guides_page.ALL
        for entry in self._desk.library.guides(self._kit.language):
            if entry.slug not in listed:
                self.add.addItem(entry.title, entry.slug)

    def _add_chosen(self, index: int) -> None:
        slug = self.add.itemData(index)
        if slug:
            self._refill((*self.guides(), slug))
            self.changed.emit()

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self._update_hint()
        self.changed.emit()

    def _update_hint(self) -> None:
        count = len(self.guides())
        self.print_button.setEnabled(count > 0)
        if count:
            text = ngettext("{n} guide given", "{n} guides given", count).format(n=count)
        elif self.list.count():
            text = _("Suggested for the topics ticked. Tick the guides you gave.")
        else:
            text = _("Tick topics to see suggested guides, or add one below.")
        self.hint.setText(text)

    # --- printing -----------------------------------------------------------------------------
    def print_ticked(self) -> BookletDialog | None:
        chosen = self.guides()
        if not chosen:
            return None
        known = [s for s in chosen if self._entry(s) is not None]
        from homesupport.ui.guides.booklet import BookletDialog  # loads the PDF viewer

        self.booklet = BookletDialog(self._desk, self._kit, self._kit.language, known, self)
        self.booklet.open()
        return self.booklet
