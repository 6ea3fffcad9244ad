"""The steps of a guide in the editor: each step a small card with its text, an optional
picture (with a thumbnail), a tip and a warning; add, remove and move steps up or down."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from homesupport.domain.guides import MAX_NOTE, GuideStep
from homesupport.i18n import _
from homesupport.ui.common.kit import Kit
from homesupport.ui.common.widgets import button, label, named

THUMBNAIL = 96
ImageLocator = Callable[[str], Path | None]  # an image name → its file, if there is one


class StepCard(QFrame):
    changed = Signal()
    move_requested = Signal(object, int)  # the card, -1 up or +1 down
    remove = Signal(object)

    def __init__(self, kit: Kit, locate: ImageLocator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self._locate = locate
        self._dialogs = kit.dialogs
        self.image_name: str | None = None
        self.image_file: Path | None = None  # a newly chosen file, copied in on save
        icons = kit.icons
        self.heading = label("", "section")
        self.up = button("", icons.get("chevron-up"))
        self.down = button("", icons.get("chevron-down"))
        self.delete = button("", icons.get("delete", kit.theme.danger), "danger")
        self.up.clicked.connect(lambda: self.move_requested.emit(self, -1))
        self.down.clicked.connect(lambda: self.move_requested.emit(self, 1))
        self.delete.clicked.connect(lambda: self.remove.emit(self))
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        for widget in (self.up, self.down, self.delete):
            top.addWidget(widget)

        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(70)
        self.text.setPlaceholderText(_("One action, e.g. “Open Settings.”"))
        self.tip = QLineEdit()
        self.tip.setMaxLength(MAX_NOTE + 50)  # over the limit is shown as a problem, not cut
        self.tip.setPlaceholderText(_("Optional tip"))
        self.warning = QLineEdit()
        self.warning.setMaxLength(MAX_NOTE + 50)
        self.warning.setPlaceholderText(_("Optional warning, printed in a box"))
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(THUMBNAIL, THUMBNAIL)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setProperty("role", "muted")
        self.choose = button(_("Picture…"), icons.get("add"))
        self.choose.clicked.connect(self._choose_image)
        self.clear_image = button(_("No picture"))
        self.clear_image.clicked.connect(lambda: self.set_image(None, None))
        for field in (self.text, self.tip, self.warning):
            field.textChanged.connect(self.changed)
        self.errors: dict[str, QLabel] = {}

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        rows = (
            ("text", _("Text"), self.text),
            ("tip", _("Tip"), self.tip),
            ("warning", _("Warning"), self.warning),
        )
        for row, (name, caption, field_widget) in enumerate(rows):
            grid.addWidget(QLabel(caption), row * 2, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(field_widget, row * 2, 1)
            self.errors[name] = self._error(grid, row * 2 + 1)
        picture = QHBoxLayout()
        picture.addWidget(self.thumbnail)
        picture_buttons = QVBoxLayout()
        picture_buttons.addWidget(self.choose)
        picture_buttons.addWidget(self.clear_image)
        picture_buttons.addStretch(1)
        picture.addLayout(picture_buttons)
        picture.addStretch(1)
        grid.addWidget(QLabel(_("Picture")), 6, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(picture, 6, 1)
        self.errors["image"] = self._error(grid, 7)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.addLayout(top)
        layout.addLayout(grid)

    @staticmethod
    def _error(grid: QGridLayout, row: int) -> QLabel:
        error = label("", "error", wrap=True)
        error.hide()
        grid.addWidget(error, row, 1)
        return error

    def set_number(self, number: int, count: int) -> None:
        self.heading.setText(_("Step {n}").format(n=number))
        named(self.text, _("Step {n} text").format(n=number))
        named(self.tip, _("Step {n} tip").format(n=number))
        named(self.warning, _("Step {n} warning").format(n=number))
        named(self.choose, _("Choose a picture for step {n}").format(n=number))
        named(self.clear_image, _("Remove the picture of step {n}").format(n=number))
        named(self.up, _("Move step {n} up").format(n=number))
        named(self.down, _("Move step {n} down").format(n=number))
        named(self.delete, _("Remove step {n}").format(n=number))
        for widget in (self.up, self.down, self.delete):
            widget.setToolTip(widget.accessibleName())
        self.up.setEnabled(number > 1)
        self.down.setEnabled(number < count)
        self.delete.setEnabled(count > 1)

    def load(self, step: GuideStep) -> None:
        self.text.setPlainText(step.text)
        self.tip.setText(step.tip or "")
        self.warning.setText(step.warning or "")
        self.set_image(step.image, None)

    def step(self) -> GuideStep:
        return GuideStep(
            text=self.text.toPlainText().strip(),
            image=self.image_name,
            tip=self.tip.text().strip() or None,
            warning=self.warning.text().strip() or None,
        )

    def set_image(self, name: str | None, file: Path | None) -> None:
        self.image_name = name
        self.image_file = file
        source = file or (self._locate(name) if name else None)
        pixmap = QPixmap(str(source)) if source else QPixmap()
        if not pixmap.isNull():
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    THUMBNAIL,
                    THUMBNAIL,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumbnail.clear()
            self.thumbnail.setText(name or _("none"))
        self.thumbnail.setToolTip(name or "")
        self.clear_image.setEnabled(name is not None)
        self.changed.emit()

    def _choose_image(self) -> None:
        path = self._dialogs.open_file(
            self, _("Choose a picture"), None, _("Pictures (*.png *.jpg *.jpeg)")
        )
        if path:
            self.set_image(path.name, path)

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, error in self.errors.items():
            error.setText(errors.get(name, ""))
            error.setVisible(name in errors)


class StepsEditor(QWidget):
    changed = Signal()

    def __init__(self, kit: Kit, locate: ImageLocator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kit = kit
        self._locate = locate
        self.cards: list[StepCard] = []
        self._list = QVBoxLayout()
        self._list.setSpacing(10)
        self.add_button = button(_("Add a step"), kit.icons.get("add"))
        self.add_button.clicked.connect(lambda: self.add_step(GuideStep(text=""), focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._list)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def set_steps(self, steps: tuple[GuideStep, ...]) -> None:
        for card in self.cards:
            card.hide()  # at once: deleteLater waits for the event loop
            card.deleteLater()
        self.cards = []
        for step in steps or (GuideStep(text=""),):
            self.add_step(step)

    def add_step(self, step: GuideStep, focus: bool = False) -> StepCard:
        card = StepCard(self._kit, self._locate)
        card.load(step)
        card.changed.connect(self.changed)
        card.move_requested.connect(self._move)
        card.remove.connect(self._remove)
        self.cards.append(card)
        self._relayout()
        if focus:
            card.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()
        return card

    def steps(self) -> tuple[GuideStep, ...]:
        return tuple(card.step() for card in self.cards)

    def images(self) -> dict[str, Path]:
        """Newly chosen picture files, by the name the guide will use."""
        return {c.image_name: c.image_file for c in self.cards if c.image_name and c.image_file}

    def _move(self, card: StepCard, offset: int) -> None:
        if card not in self.cards:  # a click that was queued before its card went
            return
        index = self.cards.index(card)
        target = index + offset
        if 0 <= target < len(self.cards):
            self.cards[index], self.cards[target] = self.cards[target], self.cards[index]
            self._relayout()
            button_ = card.up if offset < 0 else card.down
            (button_ if button_.isEnabled() else card.text).setFocus()
            self.changed.emit()

    def _remove(self, card: StepCard) -> None:
        if len(self.cards) <= 1 or card not in self.cards:
            return
        index = self.cards.index(card)
        self.cards.remove(card)
        card.hide()
        card.deleteLater()
        self._relayout()
        self.cards[min(index, len(self.cards) - 1)].text.setFocus()
        self.changed.emit()

    def _relayout(self) -> None:
        """Puts the cards in order, in the layout and in the Tab order."""
        for card in self.cards:
            self._list.removeWidget(card)
        previous: QWidget | None = None
        for number, card in enumerate(self.cards, start=1):
            self._list.addWidget(card)
            card.set_number(number, len(self.cards))
            chain: tuple[QWidget, ...] = (card.up, card.down, card.delete, card.text)
            chain += (card.tip, card.warning, card.choose, card.clear_image)
            for widget in chain:
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None:
            QWidget.setTabOrder(previous, self.add_button)
