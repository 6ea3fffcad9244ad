"""The coordinator's updates on the Guides page: the line under a supporter's own copy that the
coordinator has updated since ("see changes"), and the side-by-side of their copy and the
coordinator's version, with the choice to use the coordinator's or keep their own.

What differs is worked out in :mod:`homesupport.domain.guide_changes`; the choice is carried
out by :class:`homesupport.services.guide_choices.GuideChoices`. A change is shown in words
("Changed", "Only in your copy") and in type (bold, underlined), never by colour alone.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.formatting import date_text
from homesupport.domain.guide_changes import Change, GuideComparison, Part, Row
from homesupport.i18n import N_, _, ngettext
from homesupport.services.guide_choices import PendingUpdate, Received
from homesupport.services.guides import LibraryGuide
from homesupport.ui.common.errors import error_text
from homesupport.ui.common.fit import fit_to_screen
from homesupport.ui.common.guide_desk import GuideDesk
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import button, label

KIND_WORDS = {
    Change.SAME: N_("Same"),
    Change.CHANGED: N_("Changed"),
    Change.ADDED: N_("New step"),
    Change.REMOVED: N_("Only in your copy"),
}
PART_WORDS = {
    "title": N_("Title"),
    "summary": N_("Summary"),
    "tip": N_("Tip"),
    "warning": N_("Warning"),
    "image": N_("Picture"),
}


def origin_text(received: Received) -> str:
    """ "From your coordinator (version 2, received 1.12.2026)"."""
    if received.received_on is None:
        return _("From your coordinator (version {version})").format(version=received.version)
    return _("From your coordinator (version {version}, received {date})").format(
        version=received.version, date=date_text(received.received_on)
    )


def updated_text(update: PendingUpdate) -> str:
    if update.received_on is None:
        return _("Your coordinator has updated this guide since you edited it.")
    return _("Your coordinator updated this guide on {date}.").format(
        date=date_text(update.received_on)
    )


class GuideUpdateBar(QFrame):
    """Under the list: shown only for an own copy with an update the supporter has not
    chosen about yet."""

    adopted = Signal(object)  # SetAside: the coordinator's version is in use now
    kept = Signal(object)  # PendingUpdate: the supporter keeps their copy

    def __init__(self, desk: GuideDesk, kit: Kit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self._desk = desk
        self._kit = kit
        self.pending: PendingUpdate | None = None
        self.entry: LibraryGuide | None = None
        self.dialog: GuideChangesDialog | None = None
        self.note = label("", wrap=True)
        self.see_changes_button = button(_("See changes…"), kit.icons.get("guides"))
        self.see_changes_button.setToolTip(
            _("Your copy and the coordinator's version side by side")
        )
        self.see_changes_button.clicked.connect(lambda: self.see_changes())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 10, 8)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.see_changes_button)
        self.hide()

    def show_entry(self, entry: LibraryGuide | None) -> None:
        self.entry = entry
        self.pending = self._desk.choices.pending(entry) if entry is not None else None
        if self.pending is not None:
            self.note.setText(updated_text(self.pending))
            self.see_changes_button.setAccessibleName(
                f"{self.note.text()} {self.see_changes_button.text()}"
            )
        self.setVisible(self.pending is not None)

    def see_changes(self) -> GuideChangesDialog | None:
        update, entry = self.pending, self.entry
        if update is None or entry is None:
            return None
        try:
            comparison = self._desk.choices.compare(update.slug, update.language)
        except (LookupError, OSError) as error:
            self._kit.dialogs.warn(self, _("See changes"), error_text(error))
            return None
        dialog = GuideChangesDialog(entry, comparison, self._kit, self.window())
        dialog.use_button.clicked.connect(lambda: self._use_coordinators(dialog, update))
        dialog.keep_button.clicked.connect(lambda: self._keep_mine(dialog, update))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _use_coordinators(self, dialog: GuideChangesDialog, update: PendingUpdate) -> None:
        try:
            aside = self._desk.choices.use_coordinators(update)
        except (LookupError, OSError) as error:
            self._kit.dialogs.warn(dialog, _("Use the coordinator's version"), error_text(error))
            return
        dialog.accept()
        self.adopted.emit(aside)

    def _keep_mine(self, dialog: GuideChangesDialog, update: PendingUpdate) -> None:
        try:
            self._desk.choices.keep_mine(update)
        except OSError as error:
            self._kit.dialogs.warn(dialog, _("Keep mine"), error_text(error))
            return
        dialog.accept()
        self.kept.emit(update)


class GuideChangesDialog(QDialog):
    """The supporter's copy (left) and the coordinator's version (right), row by row."""

    def __init__(
        self,
        entry: LibraryGuide,
        comparison: GuideComparison,
        kit: Kit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kit = kit
        language = kit.label("language", entry.language)
        title = _("Changes to “{title}” ({language})").format(title=entry.title, language=language)
        self.setWindowTitle(title)
        fit_to_screen(self, 1100, 720)
        changed = sum(1 for row in comparison.rows if row.kind is not Change.SAME)
        self.summary = label(
            ngettext(
                "{n} part differs. Changed words are in bold and underlined.",
                "{n} parts differ. Changed words are in bold and underlined.",
                changed,
            ).format(n=changed),
            "subtitle",
            wrap=True,
        )
        self.only_differences = QCheckBox(_("Show only what differs"))
        self.only_differences.toggled.connect(self._show_rows)
        self.rows = QWidget()
        grid = QGridLayout(self.rows)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(label(_("Your copy"), "section"), 0, 1)
        grid.addWidget(label(_("Your coordinator's version"), "section"), 0, 2)
        self.row_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        self._kinds = [row.kind for row in comparison.rows]
        for number, row in enumerate(comparison.rows, start=1):
            cells = (
                self._cell(self._heading(row), row.kind is not Change.SAME),
                self._cell(self._side(row.mine, row.kind), False),
                self._cell(self._side(row.theirs, row.kind), False),
            )
            for column, cell in enumerate(cells):
                grid.addWidget(cell, number, column, Qt.AlignmentFlag.AlignTop)
            self.row_labels.append(cells)
        grid.setRowStretch(len(comparison.rows) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.rows)

        self.use_button = button(_("Use the coordinator's version"), role="primary")
        self.use_button.setToolTip(_("Your copy is set aside, not deleted: Undo brings it back."))
        self.keep_button = button(_("Keep mine"))
        self.keep_button.setToolTip(_("Not asked again until your coordinator updates it again"))
        self.close_button = button(_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.close_button.setDefault(True)  # Enter never replaces the supporter's copy
        buttons = QHBoxLayout()
        buttons.addWidget(self.only_differences)
        buttons.addStretch(1)
        for widget in (self.close_button, self.keep_button, self.use_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(label(title, "title"))
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _show_rows(self, only_differences: bool) -> None:
        for kind, cells in zip(self._kinds, self.row_labels, strict=True):
            for cell in cells:
                cell.setVisible(not only_differences or kind is not Change.SAME)

    def _cell(self, html: str, strong: bool) -> QLabel:
        cell = QLabel(html)
        cell.setTextFormat(Qt.TextFormat.RichText)
        cell.setWordWrap(True)
        cell.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if strong:
            cell.setProperty("role", "section")
        return cell

    def _heading(self, row: Row) -> str:
        if row.step_mine is None and row.step_theirs is None:
            name = _(PART_WORDS[(row.mine or row.theirs)[0].name])
        elif row.step_mine in (None, row.step_theirs) or row.step_theirs is None:
            name = _("Step {n}").format(n=row.step_mine or row.step_theirs)
        else:
            name = _("Step {mine} → {theirs}").format(mine=row.step_mine, theirs=row.step_theirs)
        return f"{escape(name)}<br>{escape(_(KIND_WORDS[row.kind]))}"

    def _side(self, parts: tuple[Part, ...], kind: Change) -> str:
        if not parts:
            return f"<i>{escape(_('(not in this version)'))}</i>"
        muted = kind is Change.SAME
        return "<br>".join(self._part(part, muted) for part in parts)

    def _part(self, part: Part, muted: bool) -> str:
        theme = self._kit.theme
        words = "".join(
            f'<b><u><span style="background-color:{theme.warning_soft}">{escape(s.text)}</span>'
            "</u></b>"
            if s.changed
            else escape(s.text)
            for s in part.segments
        )
        if part.name in ("tip", "warning", "image"):
            words = f"<b>{escape(_(PART_WORDS[part.name]))}:</b> {words}"
        return f'<span style="color:{theme.muted}">{words}</span>' if muted else words
