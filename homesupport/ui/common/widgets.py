"""Small building blocks the pages share: cards, titles, labelled rows, chips."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFocusEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from homesupport.i18n import _

if TYPE_CHECKING:  # loaded with the dialogs and forms that use them
    from PySide6.QtWidgets import QDialog, QFormLayout


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def label(text: str, role: str | None = None, wrap: bool = False) -> QLabel:
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if wrap:
        widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return widget


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str = "") -> W:
    """Every control carries an accessible name (screen readers, and the tab test)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def keyed(text: str, key: str) -> str:
    """``text`` (translated) with Alt+``key`` as its shortcut: the same key in every language,
    so a translation only moves the underline. On the key's first letter in the text, or after
    the text in brackets when the word has no such letter ("Ämnen (T)")."""
    plain = text.replace("&&", "\0").replace("&", "")
    at = plain.casefold().find(key.casefold())
    if at >= 0:
        keyed_text = f"{plain[:at]}&{plain[at:]}"
    else:  # before a closing colon: "Kenelle (F):"
        body, colon = (plain[:-1], ":") if plain.endswith(":") else (plain, "")
        keyed_text = f"{body} (&{key.upper()}){colon}"
    return keyed_text.replace("\0", "&&")


def button(
    text: str, icon: QIcon | None = None, role: str | None = None, name: str | None = None
) -> QPushButton:
    widget = QPushButton(text)
    if icon is not None:
        widget.setIcon(icon)
    if role:
        widget.setProperty("role", role)
    widget.setAutoDefault(False)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    widget.setAccessibleName(name or text.replace("&", ""))
    return widget


class ChoiceChip(QRadioButton):
    """One of N choices drawn as a chip (``role`` styles it): a radio button to assistive
    technology ("radio button, 2 of 5"). Put in an exclusive QButtonGroup; the group is one
    Tab stop that enters at the checked chip, and the arrow keys move and check."""

    def __init__(self, text: str, name: str, role: str = "preset") -> None:
        super().__init__(text)
        self.setProperty("role", role)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(name)
        # The checked chip is bold, as a checked push-button chip is (a style sheet's font
        # for :checked reaches push buttons' labels only).
        self.toggled.connect(self._embolden)

    def _embolden(self, checked: bool) -> None:
        font = self.font()
        font.setBold(checked)
        self.setFont(font)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        group = self.group()
        checked = group.checkedButton() if group is not None else None
        tabbing = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbing and checked is not None and checked is not self:
            checked.setFocus(event.reason())


class Card(QFrame):
    """A white rounded panel with an optional heading."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 16, 18, 18)
        self.body.setSpacing(10)
        if title:
            self.body.addWidget(label(title, "section"))

    def add(self, item: QWidget | QLayout, stretch: int = 0) -> None:
        if isinstance(item, QLayout):
            self.body.addLayout(item, stretch)
        else:
            self.body.addWidget(item, stretch)


def repolish(widget: QWidget) -> None:
    """Re-applies the stylesheet after a dynamic property (role, invalid) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def add_field_row(form: QFormLayout, caption: str, widget: QWidget, a11y: str) -> QLabel:
    """A form row whose field has its problem shown right under it; returns that (hidden)
    error label. The caption's mnemonic (``&``) jumps to the field."""
    text = QLabel(caption)
    text.setBuddy(widget)
    named(widget, a11y)
    error = label("", "error", wrap=True)
    error.hide()
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(3)
    box.addWidget(widget)
    box.addWidget(error)
    form.addRow(text, holder)
    return error


def save_cancel_row(
    dialog: QDialog, save_text: str, icon: QIcon, on_save: Callable[[], object]
) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """The bottom row of an editing dialog: the keyboard hint, Cancel (Esc) and Save
    (Ctrl+S, which the dialog binds itself). Returns the row, Cancel and Save."""
    cancel = button(_("Cancel"), name=_("Cancel"))
    cancel.setToolTip(_("Close without saving (Esc)"))
    cancel.clicked.connect(dialog.reject)
    save = button(save_text, icon, "primary", save_text)
    save.setToolTip(_("Save (Ctrl+S)"))
    save.clicked.connect(lambda: on_save())
    row = QHBoxLayout()
    row.addWidget(label(_("Ctrl+S saves · Esc cancels"), "muted"))
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(save)
    return row, cancel, save


def show_field_problems(
    errors: Mapping[str, QLabel],
    fields: Mapping[str, QWidget],
    general: QLabel,
    problems: Iterable[tuple[str, str]],
) -> None:
    """Each problem (field name, translated text) under its field, the others together in
    ``general``; the first field with a problem takes the focus, so typing fixes it."""
    for name, error in errors.items():
        error.hide()
        if widget := fields.get(name):
            widget.setProperty("invalid", False)
            repolish(widget)
    unplaced: list[str] = []
    first: QWidget | None = None
    for field_name, text in problems:
        shown_under = errors.get(field_name)
        if shown_under is None or shown_under is general:
            unplaced.append(text)
            continue
        shown_under.setText(text)
        shown_under.show()
        if widget := fields.get(field_name):
            widget.setProperty("invalid", True)
            repolish(widget)
            first = first or widget
    general.setText("\n".join(unplaced))
    general.setVisible(bool(unplaced))
    if first is not None:
        first.setFocus(Qt.FocusReason.OtherFocusReason)


def page_header(title: QWidget, subtitle: QWidget, *actions: QWidget) -> QHBoxLayout:
    """The top of a page: its title over a one-line summary, its main actions on the right."""
    titles = QVBoxLayout()
    titles.setSpacing(2)
    titles.addWidget(title)
    titles.addWidget(subtitle)
    header = QHBoxLayout()
    header.addLayout(titles, 1)
    for action in actions:
        header.addWidget(action)
    return header


def page_shortcuts(
    page: QWidget, *pairs: tuple[QKeySequence | QKeySequence.StandardKey, Callable[[], object]]
) -> None:
    """Keyboard shortcuts that work anywhere on the page, and only while it is shown."""
    for sequence, slot in pairs:
        QShortcut(
            sequence, page, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        ).activated.connect(slot)
