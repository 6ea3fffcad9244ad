"""The Guides page's list: its filters (search, topic, language), the table of guides (title,
topics as labels, language, whose guide it is) and the texts said about a guide chosen in it.
Rows are frozen :class:`LibraryGuide` values; the library does the searching."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
)

from homesupport.domain.codes import Code
from homesupport.domain.guides import GUIDE_LANGUAGES
from homesupport.i18n import N_, _
from homesupport.services.guide_choices import Received
from homesupport.services.guides import LibraryGuide
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.rows_model import VALUE_ROLE, RowsModel
from homesupport.ui.common.widgets import label, named
from homesupport.ui.guides.changes import origin_text

# "All" is an empty string, never None: PySide6 6.12 miscounts references to None handed
# through item data (reading such data back eventually crashes Python 3.11).
ALL = ""
ENTRY_ROLE = VALUE_ROLE


class GuideColumn(IntEnum):
    TITLE = 0
    TOPICS = 1
    LANGUAGE = 2
    SOURCE = 3


HEADERS = {
    GuideColumn.TITLE: N_("Title"),
    GuideColumn.TOPICS: N_("Topics"),
    GuideColumn.LANGUAGE: N_("Language"),
    GuideColumn.SOURCE: N_("Source"),
}


def source_text(entry: LibraryGuide) -> str:
    if entry.from_coordinator:
        return _("Your coordinator")
    if entry.bundled:
        return _("Bundled")
    return _("Your edited copy") if entry.overrides_bundled else _("Your own")


def topics_text(entry: LibraryGuide, kit: Kit) -> str:
    return ", ".join(kit.label("topic", t) for t in entry.guide.topics)


class GuideListModel(RowsModel[LibraryGuide]):
    """The guides found, a guide's summary as every cell's tooltip."""

    def __init__(self, kit: Kit, parent: QObject | None = None) -> None:
        super().__init__(
            [HEADERS[c] for c in GuideColumn],
            lambda entry: (
                entry.title,
                topics_text(entry, kit),
                kit.label("language", entry.language),
                source_text(entry),
            ),
            parent,
            tooltip=lambda entry: entry.guide.summary,
        )

    def set_entries(self, entries: list[LibraryGuide]) -> None:
        self.set_rows(entries)

    def entry(self, row: int) -> LibraryGuide:
        return self.value_at(row)

    def row_of(self, slug: str, language: str | None = None) -> int | None:
        for row, entry in enumerate(self.values()):
            if entry.slug == slug and language in (None, entry.language):
                return row
        return None


class GuideFilters:
    """The search field, the topic and the language of the guides listed, laid out in
    ``layout``."""

    def __init__(self, kit: Kit) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by title or topic (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(kit.icons.get("search"), QLineEdit.ActionPosition.LeadingPosition)
        named(self.search, _("Search guides"))
        self.topic = QComboBox()
        named(self.topic, _("Topic"))
        self.topic.addItem(_("All topics"), ALL)
        topics = sorted(kit.codes.of("topic"), key=lambda c: c.label(kit.language).casefold())
        code: Code | str  # a topic's code here, a language's code below
        for code in topics:
            self.topic.addItem(code.label(kit.language), code.code)
        self.topic.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.topic.setMinimumContentsLength(14)  # long topic names must not squeeze the search
        self.language = QComboBox()
        named(self.language, _("Language of the guides"))
        self.language.addItem(_("All languages"), ALL)
        for code in GUIDE_LANGUAGES:
            self.language.addItem(kit.label("language", code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(kit.language)))
        # The search on a line of its own; the list's language says so, apart from the
        # language a sheet prints in (beside the preview).
        self.language_label = QLabel(_("Show guides in:"))
        self.language_label.setBuddy(self.language)
        choices = QGridLayout()  # the topic's caption over it: beside it, no room in large text
        choices.setVerticalSpacing(2)
        topic_label = QLabel(_("Topic:"))
        topic_label.setBuddy(self.topic)  # the label relation a screen reader reads it by
        choices.addWidget(topic_label, 0, 0)
        choices.addWidget(self.topic, 1, 0)
        choices.setColumnStretch(0, 1)
        choices.addWidget(self.language_label, 1, 1)
        choices.addWidget(self.language, 1, 2)
        self.layout = QVBoxLayout()
        self.layout.addWidget(self.search)
        self.layout.addLayout(choices)

    def language_filter(self) -> str | None:
        return self.language.currentData() or None

    def topic_filter(self) -> str | None:
        return self.topic.currentData() or None


def guide_table(model: GuideListModel) -> QTableView:
    table = QTableView()
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move
    table.setModel(model)
    named(table, _("Guides"))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(38)
    head = table.horizontalHeader()
    head.setHighlightSections(False)
    head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    head.setSectionResizeMode(GuideColumn.TITLE, QHeaderView.ResizeMode.Stretch)
    # The source is never cut.
    head.setSectionResizeMode(GuideColumn.SOURCE, QHeaderView.ResizeMode.ResizeToContents)
    for column, width in (
        (GuideColumn.TOPICS, 190),
        (GuideColumn.LANGUAGE, 90),
        (GuideColumn.SOURCE, 120),
    ):
        table.setColumnWidth(column, width)
    return table


def empty_label() -> QLabel:
    empty = label(_("No guide matches."), "subtitle")
    empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
    empty.hide()
    return empty


def about_text(entry: LibraryGuide | None, received_of: Callable[[str], Received | None]) -> str:
    """Whose the chosen guide is and what Edit and Delete do with it; ``received_of(slug)``:
    what the coordinator sent of a guide, if anything (asked only where it matters)."""
    if entry is None:
        return ""
    if entry.from_coordinator:
        received = received_of(entry.slug)
        return _("{origin}. Edit saves your own copy, used instead of it in this language.").format(
            origin=origin_text(received) if received else _("From your coordinator")
        )
    if entry.bundled:
        return _(
            "Bundled guide: it stays as it came. Edit saves your own copy, used instead of "
            "it in this language."
        )
    if entry.overrides_bundled and received_of(entry.slug):
        return _("{source}: deleting it brings back your coordinator's version.").format(
            source=source_text(entry)
        )
    if entry.overrides_bundled:
        return _("{source}: deleting it brings back the bundled guide.").format(
            source=source_text(entry)
        )
    return _("{source}: only on this computer until you export it.").format(
        source=source_text(entry)
    )


def why_not_deleted(entry: LibraryGuide) -> str:
    if entry.from_coordinator:
        text = _(
            "“{title}” is from your coordinator and cannot be deleted. Duplicate makes a "
            "copy of your own to change."
        )
    else:
        text = _(
            "“{title}” came with the app and cannot be deleted. Duplicate makes a copy of "
            "your own to change."
        )
    return text.format(title=entry.title)
